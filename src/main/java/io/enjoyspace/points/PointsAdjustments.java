package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.shared.TransactionLocks;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff correct balances by hand. Each adjustment names its reason and requester; within the requester's role limit
 * it is posted at once, above it an operator admin other than the requester must approve it first. Posted adjustments
 * move points between the account and the operator's ADJUSTMENT account, so they show in every report.
 */
@Service
public class PointsAdjustments {

    static final String REASON = "ADJUSTMENT";

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final PointsDirectory directory;
    private final PointsPolicies policies;
    private final Clock clock;

    PointsAdjustments(
            JdbcClient jdbc, PointsLedger ledger, PointsDirectory directory, PointsPolicies policies, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.directory = directory;
        this.policies = policies;
        this.clock = clock;
    }

    public record Request(Account account, long points, String reason, String idempotencyKey) {}

    @Transactional
    public Adjustment request(Actor staff, Request request) {
        long operatorId = staff.requireOperator();
        boolean known = switch (request.account().type()) {
            case MEMBER -> directory.hasMember(operatorId, request.account().ownerId());
            case ENTERPRISE ->
                directory.hasEnterprise(operatorId, request.account().ownerId());
            default -> false;
        };
        if (!known) {
            throw new InvalidInputException(
                    request.account().type() == AccountType.ENTERPRISE ? "enterpriseId" : "memberId",
                    "points.unknownRecipient");
        }
        if (request.points() == 0) {
            throw new InvalidInputException("points", "points.adjustmentZero");
        }
        if (request.reason() == null || request.reason().strip().length() < 3) {
            throw new InvalidInputException("reason", "points.adjustmentReason");
        }
        TransactionLocks.lock(jdbc, "adjustment|" + operatorId + "|" + staff.userId() + "|" + request.idempotencyKey());
        String key = staff.userId() + ":" + request.idempotencyKey();
        var earlier = jdbc.sql(SELECT + " where operator_id = :operatorId and idempotency_key = :key")
                .param("operatorId", operatorId)
                .param("key", key)
                .query(PointsAdjustments::map)
                .optional();
        if (earlier.isPresent()) {
            Adjustment first = earlier.get();
            if (first.points() != request.points() || !first.account().equals(request.account())) {
                throw new ConflictException("points.idempotencyConflict", "key used for another adjustment");
            }
            return first;
        }
        long id = jdbc.sql("""
                        insert into points_adjustment (operator_id, owner_type, owner_id, points, reason, status,
                                                       requested_by, idempotency_key, created_at)
                        values (:operatorId, :type, :ownerId, :points, :reason, 'PENDING_APPROVAL', :by, :key, :now)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("type", request.account().type().name())
                .param("ownerId", request.account().ownerId())
                .param("points", request.points())
                .param("reason", request.reason().strip())
                .param("by", staff.userId())
                .param("key", key)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        if (Math.abs(request.points()) <= limitOf(operatorId, staff.role())) {
            post(operatorId, get(operatorId, id), null);
        }
        return get(operatorId, id);
    }

    /** An operator admin other than the requester approves: the adjustment is posted. */
    @Transactional
    public Adjustment approve(Actor approver, long id) {
        long operatorId = approver.requireOperator();
        Adjustment adjustment = lockPending(operatorId, id, approver);
        post(operatorId, adjustment, approver.userId());
        return get(operatorId, id);
    }

    @Transactional
    public Adjustment reject(Actor approver, long id) {
        long operatorId = approver.requireOperator();
        lockPending(operatorId, id, approver);
        jdbc.sql("""
                        update points_adjustment set status = 'REJECTED', decided_by = :by, decided_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("by", approver.userId())
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", id)
                .update();
        return get(operatorId, id);
    }

    public List<Adjustment> list(long operatorId, Adjustment.Status status, int limit) {
        return jdbc.sql(SELECT
                        + " where operator_id = :operatorId and (cast(:status as text) is null or status = :status)"
                        + " order by id desc limit :limit")
                .param("operatorId", operatorId)
                .param("status", status == null ? null : status.name())
                .param("limit", limit)
                .query(PointsAdjustments::map)
                .list();
    }

    public Adjustment get(long operatorId, long id) {
        return jdbc.sql(SELECT + " where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(PointsAdjustments::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    private Adjustment lockPending(long operatorId, long id, Actor approver) {
        if (approver.role() != Role.OPERATOR_ADMIN) {
            throw new org.springframework.security.access.AccessDeniedException("operator admins approve adjustments");
        }
        jdbc.sql("select id from points_adjustment where operator_id = :operatorId and id = :id for update")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Long.class)
                .optional()
                .orElseThrow(NotFoundException::new);
        Adjustment adjustment = get(operatorId, id);
        if (adjustment.status() != Adjustment.Status.PENDING_APPROVAL) {
            throw new ConflictException("points.adjustmentDecided", "already decided");
        }
        if (adjustment.requestedBy() == approver.userId()) {
            throw new ConflictException("points.adjustmentOwnApproval", "a second person must approve");
        }
        return adjustment;
    }

    private void post(long operatorId, Adjustment adjustment, Long approvedBy) {
        PointsTransaction posted = ledger.post(new PostTransaction(
                operatorId,
                "adjustment:" + adjustment.id(),
                REASON,
                "ADJUSTMENT",
                Long.toString(adjustment.id()),
                adjustment.reason(),
                adjustment.requestedBy(),
                List.of(
                        new Posting(adjustment.account(), adjustment.points()),
                        new Posting(Account.system(AccountType.ADJUSTMENT), -adjustment.points()))));
        jdbc.sql("""
                        update points_adjustment set status = 'POSTED', transaction_id = :transactionId,
                            decided_by = :by, decided_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("transactionId", posted.id())
                .param("by", approvedBy)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", adjustment.id())
                .update();
    }

    private long limitOf(long operatorId, Role role) {
        PointsPolicy policy = policies.of(operatorId);
        return role == Role.OPERATOR_ADMIN ? policy.adjustmentLimitAdmin() : policy.adjustmentLimitStaff();
    }

    private static final String SELECT = "select * from points_adjustment";

    private static Adjustment map(ResultSet rs, int row) throws SQLException {
        return new Adjustment(
                rs.getLong("id"),
                new Account(AccountType.valueOf(rs.getString("owner_type")), rs.getLong("owner_id")),
                rs.getLong("points"),
                rs.getString("reason"),
                Adjustment.Status.valueOf(rs.getString("status")),
                rs.getLong("requested_by"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "decided_by"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "transaction_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
