package io.enjoyspace.points;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two-phase spending. {@link #hold} takes the points out of the account at once into the operator's HELD account, so
 * they cannot be spent twice; {@link #capture} spends them (all or part, the rest going back); {@link #release} puts
 * them back into the very lots they came from. A hold not resolved by its timeout is released by a job that, like
 * expiry, is safe to run on every node.
 */
@Service
public class PointsHolds {

    private static final Logger log = LoggerFactory.getLogger(PointsHolds.class);

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PointsHolds(JdbcClient jdbc, PointsLedger ledger, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Reserves {@code points}; the same idempotency key returns the same hold. */
    @Transactional
    public Hold hold(
            long operatorId,
            String idempotencyKey,
            Account account,
            long points,
            Duration timeout,
            String reasonCode,
            String referenceType,
            String referenceId) {
        if (!account.type().isLiability() || points <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a hold takes a positive number of points from a member or enterprise");
        }
        PointsTransaction held = ledger.post(new PostTransaction(
                operatorId,
                "hold:" + idempotencyKey,
                reasonCode,
                referenceType,
                referenceId,
                null,
                null,
                List.of(new Posting(account, -points), new Posting(Account.system(AccountType.HELD), points))));
        if (held.replayed()) {
            return byTransaction(operatorId, held.id());
        }
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into points_hold (operator_id, account_id, points, status, reason_code, reference_type,
                                                 reference_id, hold_transaction_id, expires_at, created_at)
                        select :operatorId, a.id, :points, 'PENDING', :reason, :referenceType, :referenceId, :transactionId,
                               :expiresAt, :now
                        from points_account a
                        where a.operator_id = :operatorId and a.owner_type = :type and a.owner_id = :ownerId
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("points", points)
                .param("reason", reasonCode)
                .param("referenceType", referenceType)
                .param("referenceId", referenceId)
                .param("transactionId", held.id())
                .param("expiresAt", Timestamp.from(now.plus(timeout)))
                .param("now", Timestamp.from(now))
                .param("type", account.type().name())
                .param("ownerId", account.ownerId())
                .query(Long.class)
                .single();
        return get(operatorId, id);
    }

    /** One hold for {@link #holdAll}: points of a member's account, under a key never used before. */
    public record HoldRequest(
            String idempotencyKey,
            long memberId,
            long points,
            Duration timeout,
            String reasonCode,
            String referenceType,
            String referenceId) {}

    /** One answer of {@link #holdAll}: the hold, or why it was refused (the member's points fall short). */
    public record Held(Hold hold, RuntimeException error) {}

    /**
     * Many holds of members' points in a few statements (a batch of mall redemptions, say): each is its own ledger
     * transaction under its own key and is refused on its own when the member's balance, after the holds before it,
     * falls short. The keys must be new; a key used before fails the whole call.
     */
    @Transactional
    public List<Held> holdAll(long operatorId, List<HoldRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        for (HoldRequest request : requests) {
            if (request.points() <= 0
                    || request.timeout().isNegative()
                    || request.timeout().isZero()) {
                throw new IllegalArgumentException("a hold takes a positive number of points for a positive time");
            }
        }
        List<PointsLedger.Spent> spent = ledger.spendAll(
                operatorId,
                requests.stream()
                        .map(request -> new PostTransaction(
                                operatorId,
                                "hold:" + request.idempotencyKey(),
                                request.reasonCode(),
                                request.referenceType(),
                                request.referenceId(),
                                null,
                                null,
                                List.of(
                                        new Posting(Account.member(request.memberId()), -request.points()),
                                        new Posting(Account.system(AccountType.HELD), request.points()))))
                        .toList());
        Instant now = clock.instant();
        StringBuilder insert = new StringBuilder("""
                insert into points_hold (operator_id, account_id, points, status, reason_code, reference_type,
                                         reference_id, hold_transaction_id, expires_at, created_at)
                select :operatorId, a.id, v.points, 'PENDING', v.reason, v.reference_type, v.reference_id,
                       v.transaction_id, v.expires_at, :now
                from (values\s""");
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        values.put("operatorId", operatorId);
        values.put("now", Timestamp.from(now));
        int rows = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (spent.get(i).error() != null) {
                continue;
            }
            HoldRequest request = requests.get(i);
            insert.append(rows == 0 ? "" : ", ")
                    .append(
                            ("(%1$d, cast(:member%1$d as bigint), cast(:points%1$d as bigint), cast(:reason%1$d as text),"
                                            + " cast(:referenceType%1$d as text), cast(:referenceId%1$d as text),"
                                            + " cast(:transaction%1$d as bigint), cast(:expiresAt%1$d as timestamptz))")
                                    .formatted(i));
            values.put("member" + i, request.memberId());
            values.put("points" + i, request.points());
            values.put("reason" + i, request.reasonCode());
            values.put("referenceType" + i, request.referenceType());
            values.put("referenceId" + i, request.referenceId());
            values.put("transaction" + i, spent.get(i).transaction().id());
            values.put("expiresAt" + i, Timestamp.from(now.plus(request.timeout())));
            rows++;
        }
        java.util.Map<Integer, Long> holdIds = new java.util.HashMap<>();
        if (rows > 0) {
            insert.append("""
                     ) as v(i, member_id, points, reason, reference_type, reference_id, transaction_id, expires_at)
                    join points_account a on a.operator_id = :operatorId and a.owner_type = 'MEMBER'
                                         and a.owner_id = v.member_id
                    returning id, hold_transaction_id
                    """);
            java.util.Map<Long, Long> byTransaction = new java.util.HashMap<>();
            jdbc.sql(insert.toString())
                    .params(values)
                    .query((rs, row) -> byTransaction.put(rs.getLong("hold_transaction_id"), rs.getLong("id")))
                    .list();
            for (int i = 0; i < requests.size(); i++) {
                if (spent.get(i).error() == null) {
                    holdIds.put(i, byTransaction.get(spent.get(i).transaction().id()));
                }
            }
        }
        List<Held> answers = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            HoldRequest request = requests.get(i);
            PointsLedger.Spent one = spent.get(i);
            answers.add(
                    one.error() != null
                            ? new Held(null, one.error())
                            : new Held(
                                    new Hold(
                                            holdIds.get(i),
                                            operatorId,
                                            Account.member(request.memberId()),
                                            request.points(),
                                            0,
                                            Hold.Status.PENDING,
                                            request.reasonCode(),
                                            request.referenceType(),
                                            request.referenceId(),
                                            now.plus(request.timeout())),
                                    null));
        }
        return answers;
    }

    /** Spends {@code points} of a pending hold (at most what it holds) and returns the rest. Capturing twice is harmless. */
    @Transactional
    public Hold capture(long operatorId, long holdId, long points) {
        Hold hold = lock(operatorId, holdId);
        if (hold.status() == Hold.Status.CAPTURED) {
            return hold;
        }
        if (hold.status() != Hold.Status.PENDING) {
            throw new ConflictException("points.holdResolved", "the hold was released");
        }
        if (points <= 0 || points > hold.points()) {
            throw new IllegalArgumentException("capture 1 to " + hold.points() + " points");
        }
        ledger.post(new PostTransaction(
                operatorId,
                "hold:" + holdId + ":capture",
                hold.reasonCode(),
                hold.referenceType(),
                hold.referenceId(),
                null,
                null,
                List.of(
                        new Posting(Account.system(AccountType.HELD), -points),
                        new Posting(Account.system(AccountType.REDEEMED), points))));
        if (points < hold.points()) {
            giveBack(hold, hold.points() - points, "capture-rest");
        }
        resolve(operatorId, holdId, Hold.Status.CAPTURED, points);
        return get(operatorId, holdId);
    }

    /** Puts the held points back into the lots they came from. Releasing twice is harmless. */
    @Transactional
    public Hold release(long operatorId, long holdId) {
        Hold hold = lock(operatorId, holdId);
        if (hold.status() == Hold.Status.RELEASED) {
            return hold;
        }
        if (hold.status() != Hold.Status.PENDING) {
            throw new ConflictException("points.holdResolved", "the hold was captured");
        }
        giveBack(hold, hold.points(), "release");
        resolve(operatorId, holdId, Hold.Status.RELEASED, 0);
        return get(operatorId, holdId);
    }

    /**
     * Gives back {@code points} of a captured hold (a refunded purchase), into the lots the hold took them from. The
     * key makes it once only; the total given back never exceeds what was captured.
     */
    @Transactional
    public Hold refund(long operatorId, long holdId, long points, String idempotencyKey) {
        Hold hold = lock(operatorId, holdId);
        if (ledger.isPosted(operatorId, "hold:" + holdId + ":refund:" + idempotencyKey)) {
            return hold;
        }
        if (hold.status() != Hold.Status.CAPTURED) {
            throw new ConflictException("points.holdNotCaptured", "only captured points can be refunded");
        }
        long refunded = jdbc.sql("select refunded_points from points_hold where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", holdId)
                .query(Long.class)
                .single();
        if (points <= 0 || refunded + points > hold.capturedPoints()) {
            throw new IllegalArgumentException("refund 1 to " + (hold.capturedPoints() - refunded) + " points");
        }
        long holdTransactionId = jdbc.sql(
                        "select hold_transaction_id from points_hold where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", holdId)
                .query(Long.class)
                .single();
        ledger.post(new PostTransaction(
                        operatorId,
                        "hold:" + holdId + ":refund:" + idempotencyKey,
                        hold.reasonCode() + "_REFUNDED",
                        hold.referenceType(),
                        hold.referenceId(),
                        null,
                        null,
                        List.of(
                                new Posting(Account.system(AccountType.REDEEMED), -points),
                                new Posting(hold.account(), points)))
                .reversing(holdTransactionId));
        jdbc.sql(
                        "update points_hold set refunded_points = refunded_points + :points where operator_id = :operatorId and id = :id")
                .param("points", points)
                .param("operatorId", operatorId)
                .param("id", holdId)
                .update();
        return get(operatorId, holdId);
    }

    /** Releases every pending hold whose timeout has passed; returns how many. */
    public int releaseTimedOut(int batchSize) {
        int released = 0;
        int round;
        do {
            Integer count = transaction.execute(status -> {
                record Due(long operatorId, long id) {}
                List<Due> due = jdbc.sql("""
                                select operator_id, id from points_hold
                                where status = 'PENDING' and expires_at <= :now
                                order by expires_at limit :limit for update skip locked
                                """)
                        .param("now", Timestamp.from(clock.instant()))
                        .param("limit", batchSize)
                        .query((rs, row) -> new Due(rs.getLong("operator_id"), rs.getLong("id")))
                        .list();
                due.forEach(hold -> release(hold.operatorId(), hold.id()));
                return due.size();
            });
            round = count == null ? 0 : count;
            released += round;
        } while (round == batchSize);
        return released;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.points.hold-timeout-interval:PT1M}",
            initialDelayString = "${enjoyspace.points.expiry-initial-delay:PT1M}")
    void scheduled() {
        int released = releaseTimedOut(200);
        if (released > 0) {
            log.info("Released {} timed-out points holds", released);
        }
    }

    public Hold get(long operatorId, long holdId) {
        return jdbc.sql(SELECT + " where h.operator_id = :operatorId and h.id = :id")
                .param("operatorId", operatorId)
                .param("id", holdId)
                .query(PointsHolds::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** Pending holds of an account: points reserved but not yet spent. */
    public List<Hold> pending(long operatorId, Account account) {
        return new ArrayList<>(jdbc.sql(SELECT
                        + " where h.operator_id = :operatorId and a.owner_type = :type and a.owner_id = :ownerId"
                        + " and h.status = 'PENDING' order by h.id")
                .param("operatorId", operatorId)
                .param("type", account.type().name())
                .param("ownerId", account.ownerId())
                .query(PointsHolds::map)
                .list());
    }

    private void giveBack(Hold hold, long points, String step) {
        long holdTransactionId = jdbc.sql(
                        "select hold_transaction_id from points_hold where operator_id = :operatorId and id = :id")
                .param("operatorId", hold.operatorId())
                .param("id", hold.id())
                .query(Long.class)
                .single();
        ledger.post(new PostTransaction(
                        hold.operatorId(),
                        "hold:" + hold.id() + ":" + step,
                        hold.reasonCode() + "_RELEASED",
                        hold.referenceType(),
                        hold.referenceId(),
                        null,
                        null,
                        List.of(
                                new Posting(Account.system(AccountType.HELD), -points),
                                new Posting(hold.account(), points)))
                .reversing(holdTransactionId));
    }

    private Hold lock(long operatorId, long holdId) {
        jdbc.sql("select id from points_hold where operator_id = :operatorId and id = :id for update")
                .param("operatorId", operatorId)
                .param("id", holdId)
                .query(Long.class)
                .optional()
                .orElseThrow(NotFoundException::new);
        return get(operatorId, holdId);
    }

    private void resolve(long operatorId, long holdId, Hold.Status status, long captured) {
        jdbc.sql("""
                        update points_hold set status = :status, captured_points = :captured, resolved_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("status", status.name())
                .param("captured", captured)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", holdId)
                .update();
    }

    private Hold byTransaction(long operatorId, long transactionId) {
        return jdbc.sql(SELECT + " where h.operator_id = :operatorId and h.hold_transaction_id = :transactionId")
                .param("operatorId", operatorId)
                .param("transactionId", transactionId)
                .query(PointsHolds::map)
                .single();
    }

    private static final String SELECT = """
            select h.*, a.owner_type, a.owner_id from points_hold h
            join points_account a on a.operator_id = h.operator_id and a.id = h.account_id
            """;

    private static Hold map(ResultSet rs, int row) throws SQLException {
        return new Hold(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                new Account(AccountType.valueOf(rs.getString("owner_type")), rs.getLong("owner_id")),
                rs.getLong("points"),
                rs.getLong("captured_points"),
                Hold.Status.valueOf(rs.getString("status")),
                rs.getString("reason_code"),
                rs.getString("reference_type"),
                rs.getString("reference_id"),
                rs.getTimestamp("expires_at").toInstant());
    }
}
