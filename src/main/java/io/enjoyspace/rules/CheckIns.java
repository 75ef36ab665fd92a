package io.enjoyspace.rules;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Daily check-in: the first check-in of a member's day (in the operator's time zone) earns the day's points, and the
 * days of a streak on the operator's ladder earn a bonus on top. Checking in again the same day answers the first
 * check-in and awards nothing more, however many requests race.
 */
@Service
public class CheckIns {

    static final String REASON = "CHECKIN";

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final Operators operators;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    CheckIns(
            JdbcClient jdbc,
            PointsLedger ledger,
            Operators operators,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.ledger = ledger;
        this.operators = operators;
        this.clock = clock;
    }

    /** Points for every check-in, and bonuses on chosen days of a streak. */
    public record Program(boolean enabled, int pointsPerDay, List<BonusDay> ladder) {

        public record BonusDay(int streakDay, int bonusPoints) {}
    }

    /** One day's check-in: the streak it continues and the points it earned (with any bonus). */
    public record CheckIn(LocalDate day, int streak, int points, boolean first) {}

    public Program program(long operatorId) {
        return jdbc.sql("select * from checkin_program where operator_id = :operatorId")
                .param("operatorId", operatorId)
                .query((rs, row) -> {
                    Integer[] days = (Integer[]) rs.getArray("bonus_days").getArray();
                    Integer[] bonuses = (Integer[]) rs.getArray("bonus_points").getArray();
                    List<Program.BonusDay> ladder = new ArrayList<>();
                    for (int i = 0; i < days.length; i++) {
                        ladder.add(new Program.BonusDay(days[i], bonuses[i]));
                    }
                    return new Program(rs.getBoolean("enabled"), rs.getInt("points_per_day"), ladder);
                })
                .optional()
                .orElse(new Program(false, 0, List.of()));
    }

    public Program saveProgram(long operatorId, Program program) {
        for (int i = 0; i < program.ladder().size(); i++) {
            Program.BonusDay day = program.ladder().get(i);
            if (day.streakDay() < 1 || day.streakDay() > 366 || day.bonusPoints() < 0 || day.bonusPoints() > 100_000) {
                throw new InvalidInputException("ladder[" + i + "]", "checkin.ladderInvalid");
            }
        }
        jdbc.sql("""
                        insert into checkin_program (operator_id, enabled, points_per_day, bonus_days, bonus_points)
                        values (:operatorId, :enabled, :points, cast(:days as integer[]), cast(:bonuses as integer[]))
                        on conflict (operator_id) do update set enabled = excluded.enabled,
                            points_per_day = excluded.points_per_day, bonus_days = excluded.bonus_days,
                            bonus_points = excluded.bonus_points
                        """)
                .param("operatorId", operatorId)
                .param("enabled", program.enabled())
                .param("points", program.pointsPerDay())
                .param(
                        "days",
                        array(program.ladder().stream()
                                .map(Program.BonusDay::streakDay)
                                .toList()))
                .param(
                        "bonuses",
                        array(program.ladder().stream()
                                .map(Program.BonusDay::bonusPoints)
                                .toList()))
                .update();
        return program(operatorId);
    }

    @Transactional
    public CheckIn checkIn(long operatorId, long memberId) {
        Program program = program(operatorId);
        if (!program.enabled()) {
            throw new ConflictException("checkin.disabled", "check-in is switched off");
        }
        LocalDate today = LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()));
        Optional<CheckIn> earlier = find(operatorId, memberId, today);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        int streak = find(operatorId, memberId, today.minusDays(1))
                .map(yesterday -> yesterday.streak() + 1)
                .orElse(1);
        int points = program.pointsPerDay()
                + program.ladder().stream()
                        .filter(day -> day.streakDay() == streak)
                        .mapToInt(Program.BonusDay::bonusPoints)
                        .sum();
        int claimed = jdbc.sql("""
                        insert into checkin (operator_id, member_id, day, streak, points, created_at)
                        values (:operatorId, :memberId, :day, :streak, :points, :now)
                        on conflict do nothing
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("day", today)
                .param("streak", streak)
                .param("points", points)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (claimed == 0) {
            // Another request claimed the day first.
            return find(operatorId, memberId, today).orElseThrow();
        }
        if (points > 0) {
            ledger.post(PostTransaction.award(
                    operatorId,
                    "checkin:" + memberId + ":" + today,
                    Account.member(memberId),
                    points,
                    REASON,
                    "CHECKIN",
                    today.toString()));
        }
        events.publishEvent(new CheckedIn(operatorId, memberId, today, streak, clock.instant()));
        return new CheckIn(today, streak, points, true);
    }

    /** Today's check-in, if the member has checked in. */
    public Optional<CheckIn> today(long operatorId, long memberId) {
        return find(
                operatorId,
                memberId,
                LocalDate.now(clock.withZone(operators.get(operatorId).timeZone())));
    }

    private Optional<CheckIn> find(long operatorId, long memberId, LocalDate day) {
        return jdbc.sql(
                        "select * from checkin where operator_id = :operatorId and member_id = :memberId and day = :day")
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("day", day)
                .query((rs, row) ->
                        new CheckIn(rs.getDate("day").toLocalDate(), rs.getInt("streak"), rs.getInt("points"), false))
                .optional();
    }

    private static String array(List<Integer> values) {
        return "{" + String.join(",", values.stream().map(String::valueOf).toList()) + "}";
    }
}
