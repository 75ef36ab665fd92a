package io.enjoyspace.rules;

import io.enjoyspace.rules.RuleEngine.UsageKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The counters behind limits and budgets. {@link #lock} takes the counters an award reads in one global order, so two
 * awards touching the same counters wait for each other instead of both spending the last of a budget, and cannot
 * deadlock. Only rules with a limit or budget use them: an award under an unlimited rule updates no shared row.
 */
@Repository
class RuleUsage {

    private final JdbcClient jdbc;

    RuleUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks {@code keys} (in their iteration order, which must be sorted) until the transaction ends; their values. */
    Map<UsageKey, Long> lock(long operatorId, Set<UsageKey> keys) {
        Map<UsageKey, Long> used = new HashMap<>();
        for (UsageKey key : keys) {
            long points = jdbc.sql("""
                            insert into rule_usage (operator_id, scope, owner_id, subject_id, period, period_start, points)
                            values (:operatorId, :scope, :ownerId, :subjectId, :period, :periodStart, 0)
                            on conflict (operator_id, scope, owner_id, subject_id, period, period_start)
                            do update set points = rule_usage.points
                            returning points
                            """)
                    .param("operatorId", operatorId)
                    .params(params(key))
                    .query(Long.class)
                    .single();
            used.put(key, points);
        }
        return used;
    }

    /** The counters' current values, without locking: for simulations. */
    Map<UsageKey, Long> read(long operatorId, Set<UsageKey> keys) {
        Map<UsageKey, Long> used = new HashMap<>();
        for (UsageKey key : keys) {
            jdbc.sql("""
                            select points from rule_usage
                            where operator_id = :operatorId and scope = :scope and owner_id = :ownerId
                              and subject_id = :subjectId and period = :period and period_start = :periodStart
                            """)
                    .param("operatorId", operatorId)
                    .params(params(key))
                    .query(Long.class)
                    .optional()
                    .ifPresent(points -> used.put(key, points));
        }
        return used;
    }

    /** Writes back counters locked by {@link #lock} whose value changed. */
    void save(long operatorId, Map<UsageKey, Long> before, Map<UsageKey, Long> after) {
        for (Map.Entry<UsageKey, Long> counter : after.entrySet()) {
            long delta = counter.getValue() - before.getOrDefault(counter.getKey(), 0L);
            if (delta == 0) {
                continue;
            }
            jdbc.sql("""
                            update rule_usage set points = points + :delta
                            where operator_id = :operatorId and scope = :scope and owner_id = :ownerId
                              and subject_id = :subjectId and period = :period and period_start = :periodStart
                            """)
                    .param("operatorId", operatorId)
                    .param("delta", delta)
                    .params(params(counter.getKey()))
                    .update();
        }
    }

    private static Map<String, Object> params(UsageKey key) {
        return Map.of(
                "scope", key.scope(),
                "ownerId", key.ownerId(),
                "subjectId", key.subjectId(),
                "period", key.period().name(),
                "periodStart", key.periodStart());
    }
}
