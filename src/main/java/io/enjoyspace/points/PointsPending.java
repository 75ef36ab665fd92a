package io.enjoyspace.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Points that become usable some days after they are earned. Until then they wait in the member's PENDING account,
 * where a refund cancels them without touching anything the member could have spent; a job that is safe on every node
 * releases them into a lot of the member's account when they are due.
 */
@Service
public class PointsPending {

    static final String RELEASE_REASON = "PENDING_RELEASED";
    private static final Logger log = LoggerFactory.getLogger(PointsPending.class);

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PointsPending(JdbcClient jdbc, PointsLedger ledger, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Awards {@code points} usable from {@code availableAt}, expiring at {@code expiresAt} (null: never). */
    @Transactional
    public PointsTransaction award(
            long operatorId,
            String idempotencyKey,
            long memberId,
            long points,
            Instant availableAt,
            Instant expiresAt,
            String reasonCode,
            String referenceType,
            String referenceId) {
        return award(
                operatorId,
                idempotencyKey,
                memberId,
                points,
                availableAt,
                expiresAt,
                reasonCode,
                referenceType,
                referenceId,
                null);
    }

    /** {@link #award} with a memo on the transaction, such as the rule that earned the points. */
    @Transactional
    public PointsTransaction award(
            long operatorId,
            String idempotencyKey,
            long memberId,
            long points,
            Instant availableAt,
            Instant expiresAt,
            String reasonCode,
            String referenceType,
            String referenceId,
            String memo) {
        PointsTransaction awarded = ledger.post(new PostTransaction(
                operatorId,
                idempotencyKey,
                reasonCode,
                referenceType,
                referenceId,
                memo,
                null,
                List.of(
                        new Posting(Account.system(AccountType.ISSUANCE), -points),
                        new Posting(Account.pending(memberId), points))));
        if (!awarded.replayed()) {
            jdbc.sql("""
                            insert into points_pending (operator_id, member_id, points, remaining, available_at, expires_at,
                                                        award_transaction_id, created_at)
                            values (:operatorId, :memberId, :points, :points, :availableAt, :expiresAt, :transactionId, :now)
                            """)
                    .param("operatorId", operatorId)
                    .param("memberId", memberId)
                    .param("points", points)
                    .param("availableAt", Timestamp.from(availableAt))
                    .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                    .param("transactionId", awarded.id())
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
        }
        return awarded;
    }

    /** Releases every pending award that is due; returns how many. */
    public int releaseDue(int batchSize) {
        int released = 0;
        int round;
        do {
            Integer count = transaction.execute(status -> {
                record Due(long id, long operatorId, long memberId, long remaining, Timestamp expiresAt) {}
                List<Due> due = jdbc.sql("""
                                select id, operator_id, member_id, remaining, expires_at from points_pending
                                where remaining > 0 and release_transaction_id is null and available_at <= :now
                                order by available_at limit :limit for update skip locked
                                """)
                        .param("now", Timestamp.from(clock.instant()))
                        .param("limit", batchSize)
                        .query((rs, row) -> new Due(
                                rs.getLong("id"),
                                rs.getLong("operator_id"),
                                rs.getLong("member_id"),
                                rs.getLong("remaining"),
                                rs.getTimestamp("expires_at")))
                        .list();
                for (Due pending : due) {
                    PointsTransaction release = ledger.post(new PostTransaction(
                            pending.operatorId(),
                            "pending-release:" + pending.id(),
                            RELEASE_REASON,
                            "PENDING",
                            Long.toString(pending.id()),
                            null,
                            null,
                            List.of(
                                    new Posting(Account.pending(pending.memberId()), -pending.remaining()),
                                    Posting.credit(
                                            Account.member(pending.memberId()),
                                            pending.remaining(),
                                            pending.expiresAt() == null
                                                    ? null
                                                    : pending.expiresAt().toInstant()))));
                    jdbc.sql("update points_pending set release_transaction_id = :release where id = :id")
                            .param("release", release.id())
                            .param("id", pending.id())
                            .update();
                }
                return due.size();
            });
            round = count == null ? 0 : count;
            released += round;
        } while (round == batchSize);
        return released;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.points.pending-interval:PT5M}",
            initialDelayString = "${enjoyspace.points.expiry-initial-delay:PT1M}")
    void scheduled() {
        int released = releaseDue(200);
        if (released > 0) {
            log.info("Released {} pending points awards", released);
        }
    }
}
