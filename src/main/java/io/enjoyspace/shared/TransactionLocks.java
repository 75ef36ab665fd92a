package io.enjoyspace.shared;

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
     * Locks every name in one statement, in the order of their lock ids, so that two transactions locking overlapping
     * sets can never wait on each other in a cycle.
     */
    public static void lockAll(JdbcClient jdbc, java.util.Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        Long[] ids =
                names.stream().map(TransactionLocks::lockId).distinct().sorted().toArray(Long[]::new);
        jdbc.sql("select count(pg_advisory_xact_lock(id)) from (select id from unnest(cast(:ids as bigint[])) as id"
                        + " order by id) as sorted")
                .param("ids", ids)
                .query()
                .singleValue();
    }

    private static long lockId(String name) {
        return Long.parseUnsignedLong(IdempotencyKey.fingerprint(name).substring(0, 16), 16);
    }
}
