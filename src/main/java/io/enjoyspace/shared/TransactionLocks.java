package io.enjoyspace.shared;

import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Serialises the transactions that work on one name (an idempotency key, say) without locking any table row: a
 * PostgreSQL advisory lock held until the current transaction ends, on any app node.
 */
public final class TransactionLocks {

    private TransactionLocks() {}

    public static void lock(JdbcClient jdbc, String name) {
        jdbc.sql("select pg_advisory_xact_lock(:lockId)")
                .param("lockId", lockId(name))
                .query()
                .singleValue();
    }

    /**
     * Takes the locks of all the names in one statement, as {@link #lock} takes each. They are taken in the order of
     * their ids, so two transactions that lock overlapping sets wait for each other instead of deadlocking.
     */
    public static void lockAll(JdbcClient jdbc, Collection<String> names) {
        Long[] lockIds = lockIds(names);
        if (lockIds.length == 0) {
            return;
        }
        jdbc.sql("""
                        select count(pg_advisory_xact_lock(l.id))
                        from (select id from unnest(cast(:lockIds as bigint[])) with ordinality as u (id, position)
                              order by position) l
                        """).param("lockIds", lockIds).query().singleValue();
    }

    /**
     * The lock ids of the names, distinct and in ascending order: for a statement that takes them with other work, in
     * the order {@link #lockAll} takes them.
     */
    public static Long[] lockIds(Collection<String> names) {
        return names.stream().map(TransactionLocks::lockId).distinct().sorted().toArray(Long[]::new);
    }

    private static long lockId(String name) {
        return Long.parseUnsignedLong(IdempotencyKey.fingerprint(name).substring(0, 16), 16);
    }
}
