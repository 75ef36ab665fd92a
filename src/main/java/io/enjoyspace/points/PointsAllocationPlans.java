package io.enjoyspace.points;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recurring allocations: a company gives chosen employees a fixed number of points from its pool every month. The
 * job runs often and gives each plan its month once (the ledger key names plan and month); a pool too small for a
 * plan skips it and says so on the plan, and a later run that month tries again.
 */
@Service
public class PointsAllocationPlans {

    private static final Logger log = LoggerFactory.getLogger(PointsAllocationPlans.class);

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final PointsDirectory directory;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PointsAllocationPlans(
            JdbcClient jdbc,
            PointsLedger ledger,
            PointsDirectory directory,
            TransactionTemplate transaction,
            Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.directory = directory;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** One employee's monthly allowance and how the last month went. */
    public record Plan(
            long id, long memberId, long pointsPerMonth, boolean active, String lastMonth, String lastError) {}

    /** Creates or changes the plan for one employee. */
    public Plan save(long operatorId, long enterpriseId, long memberId, long pointsPerMonth, boolean active) {
        if (!directory
                .enterpriseOf(operatorId, memberId)
                .map(id -> id == enterpriseId)
                .orElse(false)) {
            throw new InvalidInputException("memberId", "points.notAnEmployee");
        }
        if (pointsPerMonth <= 0) {
            throw new InvalidInputException("pointsPerMonth", "points.allocationPoints");
        }
        jdbc.sql("""
                        insert into points_allocation_plan (operator_id, enterprise_id, member_id, points_per_month, active,
                                                            created_at)
                        values (:operatorId, :enterpriseId, :memberId, :points, :active, :now)
                        on conflict (operator_id, enterprise_id, member_id)
                        do update set points_per_month = excluded.points_per_month, active = excluded.active
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .param("memberId", memberId)
                .param("points", pointsPerMonth)
                .param("active", active)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return plans(operatorId, enterpriseId).stream()
                .filter(plan -> plan.memberId() == memberId)
                .findFirst()
                .orElseThrow();
    }

    public List<Plan> plans(long operatorId, long enterpriseId) {
        return jdbc.sql("""
                        select * from points_allocation_plan where operator_id = :operatorId and enterprise_id = :enterpriseId
                        order by id
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .query((rs, row) -> new Plan(
                        rs.getLong("id"),
                        rs.getLong("member_id"),
                        rs.getLong("points_per_month"),
                        rs.getBoolean("active"),
                        rs.getString("last_month"),
                        rs.getString("last_error")))
                .list();
    }

    /** Gives every active plan its current month (in its operator's time zone) if it has not had it; returns how many. */
    public int allocateDue() {
        record Due(long id, long operatorId, long enterpriseId, long memberId, long points, String lastMonth) {}
        List<Due> plans = jdbc.sql("""
                        select id, operator_id, enterprise_id, member_id, points_per_month, last_month
                        from points_allocation_plan where active order by id
                        """)
                .query((rs, row) -> new Due(
                        rs.getLong("id"),
                        rs.getLong("operator_id"),
                        rs.getLong("enterprise_id"),
                        rs.getLong("member_id"),
                        rs.getLong("points_per_month"),
                        rs.getString("last_month")))
                .list();
        int given = 0;
        for (Due plan : plans) {
            String month = YearMonth.now(clock.withZone(directory.timeZone(plan.operatorId())))
                    .toString();
            if (month.equals(plan.lastMonth())) {
                continue;
            }
            try {
                transaction.executeWithoutResult(status -> {
                    ledger.post(new PostTransaction(
                            plan.operatorId(),
                            "monthly-allocation:" + plan.id() + ":" + month,
                            PointsAllocations.REASON,
                            "ENTERPRISE",
                            Long.toString(plan.enterpriseId()),
                            "monthly " + month,
                            null,
                            List.of(
                                    new Posting(Account.enterprise(plan.enterpriseId()), -plan.points()),
                                    Posting.carryingExpiry(Account.member(plan.memberId()), plan.points()))));
                    mark(plan.id(), month, null);
                });
                given++;
            } catch (ConflictException e) {
                mark(plan.id(), null, e.code());
                log.info("Monthly allocation plan {} skipped for {}: {}", plan.id(), month, e.code());
            }
        }
        return given;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.points.allocation-interval:PT1H}",
            initialDelayString = "${enjoyspace.points.expiry-initial-delay:PT1M}")
    void scheduled() {
        int given = allocateDue();
        if (given > 0) {
            log.info("Gave {} monthly allocations", given);
        }
    }

    private void mark(long planId, String month, String error) {
        jdbc.sql("""
                        update points_allocation_plan set last_month = coalesce(:month, last_month), last_error = :error
                        where id = :id
                        """)
                .param("month", month)
                .param("error", error)
                .param("id", planId)
                .update();
    }
}
