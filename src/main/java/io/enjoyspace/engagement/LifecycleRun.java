package io.enjoyspace.engagement;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lifecycle job: places every member of an operator in a stage (see {@link LifecycleStages}), records each
 * transition, and runs the actions of the stage entered, once per member and entry; on a member's birthday it runs
 * the birthday actions, once a year. Runs nightly for every operator and on demand from the console.
 *
 * <p>Running twice, or on two nodes at once, changes nothing: a transition is a conditional update of the member's
 * stage (only one run wins it), and an action's run is unique per member and occasion. Each action runs in a
 * savepoint, so one that fails is logged as FAILED without undoing the transition.
 */
@Component
public class LifecycleRun {

    /** What one run did. */
    public record Result(int members, int transitions, int actionsDone, int actionsSkipped, int actionsFailed) {}

    private static final Logger log = LoggerFactory.getLogger(LifecycleRun.class);

    /** How long counted uses are kept to drop redelivered events: far beyond any redelivery and both months. */
    private static final int USES_KEPT_DAYS = 120;

    private final JdbcClient jdbc;
    private final LifecyclePlans plans;
    private final Operators operators;
    private final Notifications notifications;
    private final PointsLedger ledger;
    private final ObjectProvider<CouponGifts> coupons;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    LifecycleRun(
            JdbcClient jdbc,
            LifecyclePlans plans,
            Operators operators,
            Notifications notifications,
            PointsLedger ledger,
            ObjectProvider<CouponGifts> coupons,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.operators = operators;
        this.notifications = notifications;
        this.ledger = ledger;
        this.coupons = coupons;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    @Scheduled(cron = "${enjoyspace.lifecycle.cron:0 30 2 * * *}")
    void nightly() {
        for (Operator operator : operators.all()) {
            try {
                Result result = run(operator.id());
                log.info("Lifecycle run for operator {}: {}", operator.code(), result);
            } catch (RuntimeException e) {
                log.warn("Lifecycle run for operator {} failed", operator.code(), e);
            }
        }
    }

    private static final class Tally {
        int members;
        int transitions;
        int done;
        int skipped;
        int failed;

        Result result() {
            return new Result(members, transitions, done, skipped, failed);
        }
    }

    private record Standing(
            long memberId,
            LifecycleStage stage,
            Instant returnedAt,
            Instant registeredAt,
            Instant lastUseAt,
            long usesThisMonth,
            long usesMonthBefore) {}

    /** Computes the stages of the operator's members now, by the application clock, and acts on the changes. */
    public Result run(long operatorId) {
        Operator operator = operators.get(operatorId);
        ZoneId zone = operator.timeZone();
        // Rounded to microseconds as PostgreSQL stores the times it is compared with.
        Instant now = clock.instant().plusNanos(500).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        LocalDate today = LocalDate.ofInstant(now, zone);
        LifecycleSettings settings = plans.settings(operatorId);
        // Members who joined before lifecycle tracking (or whose registration event is still on its way).
        jdbc.sql("""
                        insert into lifecycle_member (operator_id, member_id, registered_at)
                        select operator_id, id, created_at from member where operator_id = :o
                        on conflict (operator_id, member_id) do nothing
                        """).param("o", operatorId).update();
        List<Standing> standings = jdbc.sql("""
                        with uses as (
                            select member_id,
                                   sum(uses) filter (where day > :monthStarts) as this_month,
                                   sum(uses) filter (where day <= :monthStarts) as month_before
                            from lifecycle_activity
                            where operator_id = :o and day > :previousStarts and day <= :today
                            group by member_id)
                        select m.member_id, m.stage, m.registered_at, m.last_use_at,
                               coalesce(u.this_month, 0) as this_month, coalesce(u.month_before, 0) as month_before,
                               (select max(t.occurred_at) from lifecycle_transition t
                                where t.operator_id = m.operator_id and t.member_id = m.member_id
                                  and t.from_stage in ('DORMANT', 'CHURN_RISK')) as returned_at
                        from lifecycle_member m left join uses u on u.member_id = m.member_id
                        where m.operator_id = :o
                        order by m.member_id
                        """)
                .param("o", operatorId)
                .param("today", today)
                .param("monthStarts", today.minusDays(30))
                .param("previousStarts", today.minusDays(60))
                .query((rs, row) -> {
                    Timestamp lastUse = rs.getTimestamp("last_use_at");
                    String stage = rs.getString("stage");
                    Timestamp returned = rs.getTimestamp("returned_at");
                    return new Standing(
                            rs.getLong("member_id"),
                            stage == null ? null : LifecycleStage.valueOf(stage),
                            returned == null ? null : returned.toInstant(),
                            rs.getTimestamp("registered_at").toInstant(),
                            lastUse == null ? null : lastUse.toInstant(),
                            rs.getLong("this_month"),
                            rs.getLong("month_before"));
                })
                .list();
        Tally tally = new Tally();
        tally.members = standings.size();
        for (Standing standing : standings) {
            LifecycleStage stage = LifecycleStages.classify(
                    settings,
                    standing.stage(),
                    standing.returnedAt(),
                    now,
                    standing.registeredAt(),
                    standing.lastUseAt(),
                    standing.usesThisMonth(),
                    standing.usesMonthBefore());
            if (stage != standing.stage()) {
                transaction.executeWithoutResult(
                        status -> move(operator, standing.memberId(), standing.stage(), stage, now, tally));
            }
        }
        birthdays(operator, today, tally);
        jdbc.sql("delete from lifecycle_use where operator_id = :o and occurred_at < :before")
                .param("o", operatorId)
                .param("before", Timestamp.from(now.minus(java.time.Duration.ofDays(USES_KEPT_DAYS))))
                .update();
        jdbc.sql("delete from lifecycle_activity where operator_id = :o and day <= :before")
                .param("o", operatorId)
                .param("before", today.minusDays(USES_KEPT_DAYS))
                .update();
        return tally.result();
    }

    private void move(
            Operator operator, long memberId, LifecycleStage from, LifecycleStage to, Instant now, Tally tally) {
        int moved = jdbc.sql("""
                        update lifecycle_member set stage = :to, stage_entered_at = :now
                        where operator_id = :o and member_id = :m and stage is not distinct from cast(:from as text)
                        """)
                .param("to", to.name())
                .param("now", Timestamp.from(now))
                .param("o", operator.id())
                .param("m", memberId)
                .param("from", from == null ? null : from.name())
                .update();
        if (moved == 0) {
            return; // another run moved this member first
        }
        long transitionId = jdbc.sql("""
                        insert into lifecycle_transition (operator_id, member_id, from_stage, to_stage, occurred_at)
                        values (:o, :m, :from, :to, :now) returning id
                        """)
                .param("o", operator.id())
                .param("m", memberId)
                .param("from", from == null ? null : from.name())
                .param("to", to.name())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        tally.transitions++;
        events.publishEvent(new LifecycleStageChanged(operator.id(), memberId, from, to, now));
        for (LifecyclePlans.Action action : plans.enabledActions(operator.id(), LifecyclePlans.Trigger.of(to))) {
            act(operator, action, memberId, "stage:" + transitionId, now, tally);
        }
    }

    private void birthdays(Operator operator, LocalDate today, Tally tally) {
        List<LifecyclePlans.Action> actions = plans.enabledActions(operator.id(), LifecyclePlans.Trigger.BIRTHDAY);
        if (actions.isEmpty()) {
            return;
        }
        // Those born on 29 February celebrate on the 28th in other years.
        boolean leapDayMissing = MonthDay.from(today).equals(MonthDay.of(2, 28)) && !today.isLeapYear();
        List<Long> members = jdbc.sql("""
                        select id from member
                        where operator_id = :o and birthday is not null
                          and ((extract(month from birthday) = :month and extract(day from birthday) = :day)
                               or (:leapDayMissing and extract(month from birthday) = 2 and extract(day from birthday) = 29))
                        order by id
                        """)
                .param("o", operator.id())
                .param("month", today.getMonthValue())
                .param("day", today.getDayOfMonth())
                .param("leapDayMissing", leapDayMissing)
                .query(Long.class)
                .list();
        Instant now = clock.instant();
        for (long memberId : members) {
            transaction.executeWithoutResult(status -> {
                for (LifecyclePlans.Action action : actions) {
                    act(operator, action, memberId, "birthday:" + today.getYear(), now, tally);
                }
            });
        }
    }

    private record Outcome(String status, String detail) {}

    /** Runs the action for the member once per occasion, in a savepoint; logs what happened. */
    private void act(
            Operator operator, LifecyclePlans.Action action, long memberId, String occasion, Instant now, Tally tally) {
        Outcome outcome;
        try {
            outcome = savepoint.execute(status -> {
                Optional<Long> runId = jdbc.sql("""
                                insert into lifecycle_action_run (operator_id, action_id, member_id, occasion, status, performed_at)
                                values (:o, :a, :m, :occasion, 'DONE', :now)
                                on conflict (operator_id, action_id, member_id, occasion) do nothing
                                returning id
                                """)
                        .param("o", operator.id())
                        .param("a", action.id())
                        .param("m", memberId)
                        .param("occasion", occasion)
                        .param("now", Timestamp.from(now))
                        .query(Long.class)
                        .optional();
                if (runId.isEmpty()) {
                    return null; // it ran already for this occasion
                }
                Outcome done = perform(operator, action, memberId, occasion);
                jdbc.sql("update lifecycle_action_run set status = :status, detail = :detail where id = :id")
                        .param("status", done.status())
                        .param("detail", done.detail())
                        .param("id", runId.get())
                        .update();
                return done;
            });
        } catch (RuntimeException e) {
            log.warn("Lifecycle action {} for member {} failed", action.id(), memberId, e);
            String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            jdbc.sql("""
                            insert into lifecycle_action_run (operator_id, action_id, member_id, occasion, status, detail, performed_at)
                            values (:o, :a, :m, :occasion, 'FAILED', :detail, :now)
                            on conflict (operator_id, action_id, member_id, occasion) do nothing
                            """)
                    .param("o", operator.id())
                    .param("a", action.id())
                    .param("m", memberId)
                    .param("occasion", occasion)
                    .param("detail", detail.length() > 500 ? detail.substring(0, 500) : detail)
                    .param("now", Timestamp.from(now))
                    .update();
            outcome = new Outcome("FAILED", detail);
        }
        if (outcome == null) {
            return;
        }
        switch (outcome.status()) {
            case "DONE" -> tally.done++;
            case "SKIPPED" -> tally.skipped++;
            default -> tally.failed++;
        }
    }

    private Outcome perform(Operator operator, LifecyclePlans.Action action, long memberId, String occasion) {
        String key = "lifecycle:" + action.id() + ":" + memberId + ":" + occasion;
        switch (action.kind()) {
            case POINTS -> {
                ledger.post(PostTransaction.award(
                        operator.id(),
                        key,
                        Account.member(memberId),
                        action.points(),
                        "LIFECYCLE_" + action.trigger().name(),
                        "LIFECYCLE_ACTION",
                        Long.toString(action.id())));
                return new Outcome("DONE", action.points() + " points");
            }
            case MESSAGE -> {
                notifications.notify(
                        operator.id(),
                        memberId,
                        NoticeCategory.OFFER,
                        "engagement.offer." + action.trigger().name(),
                        List.of(operator.name()),
                        key);
                return new Outcome("DONE", null);
            }
            default -> {
                CouponGifts gifts = coupons.getIfAvailable();
                if (gifts == null) {
                    return new Outcome("SKIPPED", "No coupon service is connected.");
                }
                Optional<Long> coupon = gifts.give(
                        operator.id(),
                        memberId,
                        action.couponTemplateId(),
                        "LIFECYCLE_" + action.trigger().name(),
                        key);
                return coupon.map(id -> new Outcome("DONE", "coupon " + id))
                        .orElseGet(() -> new Outcome("SKIPPED", "The coupon template issued no coupon."));
            }
        }
    }
}
