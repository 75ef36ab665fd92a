package io.enjoyspace.shared;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For listeners that run after a change has committed and are delivered again until they complete (the event
 * publication registry): their own transaction need not wait for its WAL flush. PostgreSQL writes WAL in order, so
 * the work and its completion mark become durable together with the next ordinary commit; a crash can only lose the
 * last few milliseconds of such work, which is then delivered again, and every such listener is idempotent. On a busy
 * node this takes the listeners' flushes off the disk that the money-moving commits wait for.
 */
public final class AfterCommitWork {

    private AfterCommitWork() {}

    /** Call first inside the listener's transaction. */
    public static void flushLazily(JdbcClient jdbc) {
        jdbc.sql("set local synchronous_commit = off").update();
    }
}
