package io.enjoyspace.membership;

import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The periodic work: closes ended months (downgrades after grace) and grants every holder and subscriber its
 * allowances for the current period. Both are idempotent (a month is evaluated once per holder, a plan grants once
 * per period), so running on several nodes or twice does no harm; reads and draws also grant lazily, so a member
 * never sees an ungranted month whatever the job's timing.
 */
@Component
class MembershipSchedule {

    private static final Logger log = LoggerFactory.getLogger(MembershipSchedule.class);

    private final Operators operators;
    private final TierEvaluation evaluation;
    private final Allowances allowances;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    MembershipSchedule(
            Operators operators,
            TierEvaluation evaluation,
            Allowances allowances,
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Clock clock) {
        this.operators = operators;
        this.evaluation = evaluation;
        this.allowances = allowances;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.membership.interval:PT1H}",
            initialDelayString = "${enjoyspace.membership.initial-delay:PT5M}")
    void scheduled() {
        for (Operator operator : operators.all()) {
            int fell = evaluation.closeAllEndedMonths(operator.id());
            int owners = grantPeriod(operator.id());
            if (fell > 0 || owners > 0) {
                log.info(
                        "Operator {}: {} tiers lowered, allowances checked for {} holders",
                        operator.code(),
                        fell,
                        owners);
            }
        }
    }

    /** Counts the companies' queued activity (see {@link TierEvaluation#countCompanies}). */
    @Scheduled(
            fixedDelayString = "${enjoyspace.membership.company-interval:PT2S}",
            initialDelayString = "${enjoyspace.membership.company-interval:PT2S}")
    void countCompanies() {
        while (evaluation.countCompanies(COMPANY_BATCH) == COMPANY_BATCH) {
            // A full batch: there may be more waiting.
        }
    }

    static final int COMPANY_BATCH = 5_000;

    /** Grants the current period's plan allowances to every tier holder and subscriber; answers how many owners. */
    int grantPeriod(long operatorId) {
        record Owner(Audience audience, long ownerId) {}
        List<Owner> owners = jdbc.sql("""
                        select owner_kind, owner_id from tier_holder where operator_id = :operatorId
                        union
                        select owner_kind, owner_id from allowance_subscription where operator_id = :operatorId
                        """)
                .param("operatorId", operatorId)
                .query((rs, row) -> new Owner(Audience.valueOf(rs.getString("owner_kind")), rs.getLong("owner_id")))
                .list();
        for (Owner owner : owners) {
            transaction.executeWithoutResult(status ->
                    allowances.ensurePeriodicGrants(operatorId, owner.audience(), owner.ownerId(), clock.instant()));
        }
        return owners.size();
    }
}
