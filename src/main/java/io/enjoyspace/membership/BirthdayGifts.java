package io.enjoyspace.membership;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tier's birthday gift: every day, each member whose birthday it is (in the operator's time zone) receives the
 * birthday points of the tier held then and, where the tier names one, a coupon (issued by the coupons module on
 * {@link BirthdayGiftGiven}). Exactly once per member and year: the gift's row is keyed by member and year and
 * written in the transaction that awards the points, so a second run, a replay or a second node inserts nothing and
 * gives nothing. The rows are also the log of whom the gift reached.
 */
@Component
public class BirthdayGifts {

    private static final Logger log = LoggerFactory.getLogger(BirthdayGifts.class);

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Members members;
    private final TierEvaluation evaluation;
    private final PointsLedger ledger;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BirthdayGifts(
            JdbcClient jdbc,
            Operators operators,
            Members members,
            TierEvaluation evaluation,
            PointsLedger ledger,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.members = members;
        this.evaluation = evaluation;
        this.ledger = ledger;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** A gift given: to whom, for which year, from which tier, and what. */
    public record Gift(
            long memberId,
            int year,
            LocalDate birthday,
            String tierCode,
            long points,
            Long couponTemplateId,
            Instant givenAt) {}

    @Scheduled(cron = "${enjoyspace.membership.birthday-cron:0 10 0 * * *}", zone = "Asia/Shanghai")
    void daily() {
        for (Operator operator : operators.all()) {
            try {
                int given = giveToday(operator.id());
                if (given > 0) {
                    log.info("Operator {}: {} birthday gifts given", operator.code(), given);
                }
            } catch (RuntimeException e) {
                log.warn("Birthday gifts for operator {} failed", operator.code(), e);
            }
        }
    }

    /** Gives today's birthday gifts of the operator, by the application clock; answers how many were given now. */
    public int giveToday(long operatorId) {
        Operator operator = operators.get(operatorId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), operator.timeZone());
        int given = 0;
        for (long memberId : members.bornOn(operatorId, today)) {
            Boolean done = transaction.execute(status -> give(operatorId, memberId, today));
            if (Boolean.TRUE.equals(done)) {
                given++;
            }
        }
        return given;
    }

    private boolean give(long operatorId, long memberId, LocalDate today) {
        Optional<Tier> tier = evaluation.tierOf(operatorId, Audience.MEMBER, memberId);
        if (tier.isEmpty() || !tier.get().givesBirthdayGift()) {
            return false;
        }
        Instant now = clock.instant();
        Tier held = tier.get();
        boolean inserted = jdbc.sql("""
                                insert into birthday_gift (operator_id, member_id, gift_year, birthday, tier_code, points,
                                                           coupon_template_id, given_at)
                                values (:operatorId, :memberId, :year, :birthday, :tierCode, :points, :couponTemplateId,
                                        :now)
                                on conflict (operator_id, member_id, gift_year) do nothing
                                """)
                        .param("operatorId", operatorId)
                        .param("memberId", memberId)
                        .param("year", today.getYear())
                        .param("birthday", today)
                        .param("tierCode", held.code())
                        .param("points", held.birthdayPoints())
                        .param("couponTemplateId", held.birthdayCouponTemplateId())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
        if (!inserted) {
            return false; // given already this year, by an earlier run or another node
        }
        if (held.birthdayPoints() > 0) {
            ledger.post(PostTransaction.award(
                    operatorId,
                    "birthday-gift:" + memberId + ":" + today.getYear(),
                    Account.member(memberId),
                    held.birthdayPoints(),
                    "BIRTHDAY_GIFT",
                    "TIER",
                    held.code()));
        }
        events.publishEvent(new BirthdayGiftGiven(
                operatorId,
                memberId,
                today.getYear(),
                held.code(),
                held.name(),
                held.birthdayPoints(),
                held.birthdayCouponTemplateId(),
                now));
        log.info(
                "Birthday gift {} of tier {} to member {}: {} points{}",
                today.getYear(),
                held.code(),
                memberId,
                held.birthdayPoints(),
                held.birthdayCouponTemplateId() == null ? "" : ", coupon template " + held.birthdayCouponTemplateId());
        return true;
    }

    /** The gifts given, the latest first. */
    public List<Gift> recent(long operatorId, int limit) {
        return jdbc.sql("""
                        select * from birthday_gift where operator_id = :operatorId
                        order by given_at desc, member_id limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("limit", limit)
                .query((rs, row) -> new Gift(
                        rs.getLong("member_id"),
                        rs.getInt("gift_year"),
                        rs.getObject("birthday", LocalDate.class),
                        rs.getString("tier_code"),
                        rs.getLong("points"),
                        io.enjoyspace.shared.Rows.nullableLong(rs, "coupon_template_id"),
                        rs.getTimestamp("given_at").toInstant()))
                .list();
    }
}
