package io.enjoyspace.shared;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Serialises the transactions that work on one name (an idempotency key, say) without locking any table row: a
 * PostgreSQL advisory lock held until the current transaction ends, on any app node.
 */
public final class TransactionLocks {

    private TransactionLocks() {}

    public static void lock(JdbcClient jdbc, String name) {
        long lockId = Long.parseUnsignedLong(IdempotencyKey.fingerprint(name).substring(0, 16), 16);
        jdbc.sql("select pg_advisory_xact_lock(:lockId)")
                .param("lockId", lockId)
                .query()
                .singleValue();
    }
}
