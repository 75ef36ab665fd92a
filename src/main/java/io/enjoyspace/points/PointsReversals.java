package io.enjoyspace.points;

import io.enjoyspace.shared.InvalidInputException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claws back points an award gave when what earned them is refunded: in proportion to the refund, cumulatively, so
 * that refunds in parts take back exactly what one full refund would. The points come out of the award's own lots
 * first. What the member has already spent is handled by the operator's reversal policy, and every reversal is
 * recorded with what it took, what it could not take and what became debt.
 */
@Service
public class PointsReversals {

    static final String REASON = "REVERSAL";

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final PointsPolicies policies;
    private final Clock clock;

    PointsReversals(JdbcClient jdbc, PointsLedger ledger, PointsPolicies policies, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.policies = policies;
        this.clock = clock;
    }

    /** {@code refundedMinor} of the {@code paidMinor} that earned {@code originalTransactionId} was refunded. */
    public record ReverseEarning(
            long operatorId, String idempotencyKey, long originalTransactionId, long refundedMinor, long paidMinor) {}

    /** What one reversal did to one account. */
    public record Reversal(
            Account account,
            long clawbackPoints,
            long takenPoints,
            long shortfallPoints,
            long debtPoints,
            PointsPolicy.ReversalPolicy policy) {}

    @Transactional
    public List<Reversal> reverse(ReverseEarning command) {
        if (command.refundedMinor() <= 0 || command.paidMinor() <= 0) {
            throw new InvalidInputException("refundedMinor", "points.refundInvalid");
        }
        io.enjoyspace.shared.TransactionLocks.lock(
                jdbc, "reversal|" + command.operatorId() + "|" + command.originalTransactionId());
        List<Reversal> earlier = recorded(command.operatorId(), command.idempotencyKey());
        if (!earlier.isEmpty()) {
            return earlier;
        }
        PointsPolicy.ReversalPolicy policy = policies.of(command.operatorId()).reversalPolicy();
        record Credit(long accountId, Account account, long points) {}
        List<Credit> credits = jdbc.sql("""
                        select a.id, a.owner_type, a.owner_id, e.amount from points_entry e
                        join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where e.operator_id = :operatorId and e.transaction_id = :transactionId and e.amount > 0
                          and a.owner_type in ('MEMBER', 'ENTERPRISE', 'PENDING')
                        order by a.id
                        """)
                .param("operatorId", command.operatorId())
                .param("transactionId", command.originalTransactionId())
                .query((rs, row) -> new Credit(
                        rs.getLong("id"),
                        new Account(AccountType.valueOf(rs.getString("owner_type")), rs.getLong("owner_id")),
                        rs.getLong("amount")))
                .list();
        if (credits.isEmpty()) {
            throw new io.enjoyspace.shared.NotFoundException();
        }
        List<Reversal> reversals = new ArrayList<>();
        for (Credit credit : credits) {
            record Before(long refunded, long clawedBack) {}
            Before before = jdbc.sql("""
                            select coalesce(sum(refunded_minor), 0) as refunded, coalesce(sum(clawback_points), 0) as clawed
                            from points_reversal
                            where operator_id = :operatorId and original_transaction_id = :transactionId
                              and account_id = :accountId
                            """)
                    .param("operatorId", command.operatorId())
                    .param("transactionId", command.originalTransactionId())
                    .param("accountId", credit.accountId())
                    .query((rs, row) -> new Before(rs.getLong("refunded"), rs.getLong("clawed")))
                    .single();
            long refunded = before.refunded() + command.refundedMinor();
            if (refunded > command.paidMinor()) {
                throw new InvalidInputException("refundedMinor", "points.refundExceedsPayment");
            }
            long clawback = Math.multiplyExact(credit.points(), refunded) / command.paidMinor() - before.clawedBack();
            // Points still pending are cancelled where they wait; released ones are taken from the member's account,
            // from the lot their release opened first.
            Account target = credit.account();
            long targetAccountId = credit.accountId();
            long lotsOf = command.originalTransactionId();
            Long pendingId = null;
            if (target.type() == AccountType.PENDING) {
                record Pending(long id, Long releaseTransactionId) {}
                Pending pending = jdbc.sql("""
                                select id, release_transaction_id from points_pending
                                where operator_id = :operatorId and award_transaction_id = :transactionId for update
                                """)
                        .param("operatorId", command.operatorId())
                        .param("transactionId", command.originalTransactionId())
                        .query((rs, row) -> {
                            return new Pending(
                                    rs.getLong("id"),
                                    io.enjoyspace.shared.Rows.nullableLong(rs, "release_transaction_id"));
                        })
                        .single();
                if (pending.releaseTransactionId() == null) {
                    pendingId = pending.id();
                } else {
                    target = Account.member(target.ownerId());
                    targetAccountId = ledger.accountId(command.operatorId(), target);
                    lotsOf = pending.releaseTransactionId();
                }
            }
            long balance = jdbc.sql(
                            "select balance from points_account where operator_id = :operatorId and id = :id for update")
                    .param("operatorId", command.operatorId())
                    .param("id", targetAccountId)
                    .query(Long.class)
                    .single();
            long available = Math.max(0, balance);
            long taken = policy == PointsPolicy.ReversalPolicy.DEBT && pendingId == null
                    ? clawback
                    : Math.min(clawback, available);
            long shortfall = clawback - taken;
            long debt = Math.max(0, taken - available);
            Long reversalTransactionId = null;
            if (taken > 0) {
                PostTransaction reversal = new PostTransaction(
                                command.operatorId(),
                                "reversal:" + command.idempotencyKey() + ":" + targetAccountId,
                                REASON,
                                "TRANSACTION",
                                Long.toString(command.originalTransactionId()),
                                shortfall > 0 ? "shortfall " + shortfall : debt > 0 ? "debt " + debt : null,
                                null,
                                List.of(
                                        new Posting(target, -taken),
                                        new Posting(Account.system(AccountType.ISSUANCE), taken)))
                        .reversing(lotsOf);
                reversalTransactionId = ledger.post(debt > 0 ? reversal.allowingDebt() : reversal)
                        .id();
            }
            if (pendingId != null && taken > 0) {
                jdbc.sql("update points_pending set remaining = remaining - :taken where id = :id")
                        .param("taken", taken)
                        .param("id", pendingId)
                        .update();
            }
            jdbc.sql("""
                            insert into points_reversal (operator_id, original_transaction_id, reversal_transaction_id,
                                account_id, refunded_minor, paid_minor, clawback_points, taken_points, shortfall_points,
                                debt_points, policy, idempotency_key, created_at)
                            values (:operatorId, :original, :reversal, :accountId, :refunded, :paid, :clawback, :taken,
                                    :shortfall, :debt, :policy, :key, :now)
                            """)
                    .param("operatorId", command.operatorId())
                    .param("original", command.originalTransactionId())
                    .param("reversal", reversalTransactionId)
                    .param("accountId", credit.accountId())
                    .param("refunded", command.refundedMinor())
                    .param("paid", command.paidMinor())
                    .param("clawback", clawback)
                    .param("taken", taken)
                    .param("shortfall", shortfall)
                    .param("debt", debt)
                    .param("policy", policy.name())
                    .param("key", command.idempotencyKey() + ":" + credit.accountId())
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
            reversals.add(new Reversal(target, clawback, taken, shortfall, debt, policy));
        }
        return reversals;
    }

    private List<Reversal> recorded(long operatorId, String idempotencyKey) {
        return jdbc.sql("""
                        select a.owner_type, a.owner_id, r.* from points_reversal r
                        join points_account a on a.operator_id = r.operator_id and a.id = r.account_id
                        where r.operator_id = :operatorId and r.idempotency_key like :prefix
                        order by r.account_id
                        """)
                .param("operatorId", operatorId)
                .param("prefix", idempotencyKey.replace("%", "\\%").replace("_", "\\_") + ":%")
                .query((rs, row) -> new Reversal(
                        new Account(AccountType.valueOf(rs.getString("owner_type")), rs.getLong("owner_id")),
                        rs.getLong("clawback_points"),
                        rs.getLong("taken_points"),
                        rs.getLong("shortfall_points"),
                        rs.getLong("debt_points"),
                        PointsPolicy.ReversalPolicy.valueOf(rs.getString("policy"))))
                .list();
    }
}
