package io.enjoyspace.insights;

import io.enjoyspace.shared.Money;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The numbers on the console's home page, computed from facts for one day in the operator's time zone. */
@Service
public class Dashboard {

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Clock clock;

    Dashboard(JdbcClient jdbc, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.clock = clock;
    }

    /** One day's figures: orders placed, their value (GMV), points issued, and members who ordered or earned. */
    public record DayFigures(LocalDate day, long orders, Money gmv, long pointsIssued, long activeMembers) {}

    public DayFigures today(long operatorId) {
        Operator operator = operators.get(operatorId);
        return day(operatorId, LocalDate.now(clock.withZone(operator.timeZone())));
    }

    /** The last {@code days} days up to today, oldest first, with zeros for quiet days. */
    public List<DayFigures> trend(long operatorId, int days) {
        Operator operator = operators.get(operatorId);
        LocalDate today = LocalDate.now(clock.withZone(operator.timeZone()));
        LocalDate first = today.minusDays(days - 1L);
        return jdbc.sql("""
                        with day as (
                            select cast(generate_series(cast(:first as date), cast(:last as date), interval '1 day') as date) as day
                        )
                        select day.day,
                               count(f.id) filter (where f.kind = 'ORDER_PAID') as orders,
                               coalesce(sum(f.amount_minor) filter (where f.kind = 'ORDER_PAID'), 0) as gmv,
                               coalesce(sum(f.points) filter (where f.kind = 'POINTS_ISSUED'), 0) as points_issued,
                               count(distinct f.member_id) filter (where f.kind <> 'MEMBER_REGISTERED') as active_members
                        from day
                        left join insight_fact f
                               on f.operator_id = :operatorId
                              and f.occurred_at >= :start and f.occurred_at < :end
                              and cast(f.occurred_at at time zone :zone as date) = day.day
                        group by day.day
                        order by day.day
                        """)
                .param("first", first)
                .param("last", today)
                .param("operatorId", operatorId)
                .param(
                        "start",
                        Timestamp.from(first.atStartOfDay(operator.timeZone()).toInstant()))
                .param(
                        "end",
                        Timestamp.from(today.plusDays(1)
                                .atStartOfDay(operator.timeZone())
                                .toInstant()))
                .param("zone", operator.timeZone().getId())
                .query((rs, row) -> new DayFigures(
                        rs.getDate("day").toLocalDate(),
                        rs.getLong("orders"),
                        Money.of(rs.getLong("gmv"), operator.currency()),
                        rs.getLong("points_issued"),
                        rs.getLong("active_members")))
                .list();
    }

    public DayFigures day(long operatorId, LocalDate day) {
        Operator operator = operators.get(operatorId);
        ZonedDateTime start = day.atStartOfDay(operator.timeZone());
        ZonedDateTime end = day.plusDays(1).atStartOfDay(operator.timeZone());
        return jdbc.sql("""
                        select count(*) filter (where kind = 'ORDER_PAID') as orders,
                               coalesce(sum(amount_minor) filter (where kind = 'ORDER_PAID'), 0) as gmv,
                               coalesce(sum(points) filter (where kind = 'POINTS_ISSUED'), 0) as points_issued,
                               count(distinct member_id) filter (where kind <> 'MEMBER_REGISTERED') as active_members
                        from insight_fact
                        where operator_id = :operatorId and occurred_at >= :start and occurred_at < :end
                        """)
                .param("operatorId", operatorId)
                .param("start", Timestamp.from(start.toInstant()))
                .param("end", Timestamp.from(end.toInstant()))
                .query((rs, row) -> new DayFigures(
                        day,
                        rs.getLong("orders"),
                        Money.of(rs.getLong("gmv"), operator.currency()),
                        rs.getLong("points_issued"),
                        rs.getLong("active_members")))
                .single();
    }
}
