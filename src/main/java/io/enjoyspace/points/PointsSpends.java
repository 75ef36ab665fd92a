package io.enjoyspace.points;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-step spending for a purchase paid at once, and giving those points back on a refund. A purchase that waits for
 * payment holds its points instead ({@link PointsHolds}); one paid in the same transaction as its checkout has nothing
 * to wait for, and one ledger transaction does what a hold and its capture would.
 */
@Service
public class PointsSpends {

    private final PointsLedger ledger;

    PointsSpends(PointsLedger ledger) {
        this.ledger = ledger;
    }

    /** Spends {@code points} of the account, earliest-expiring lots first; the key makes it once only. */
    @Transactional
    public PointsTransaction spend(
            long operatorId,
            String idempotencyKey,
            Account account,
            long points,
            String reasonCode,
            String referenceType,
            String referenceId) {
        if (!account.type().isLiability() || points <= 0) {
            throw new IllegalArgumentException("a spend takes a positive number of points from a member or enterprise");
        }
        return ledger.post(new PostTransaction(
                operatorId,
                idempotencyKey,
                reasonCode,
                referenceType,
                referenceId,
                null,
                null,
                List.of(new Posting(account, -points), new Posting(Account.system(AccountType.REDEEMED), points))));
    }

    /** One member's spend for {@link #spendAll}, under its own key. */
    public record MemberSpend(
            String idempotencyKey,
            long memberId,
            long points,
            String reasonCode,
            String referenceType,
            String referenceId) {}

    /**
     * Many members' spends in a few statements, each its own ledger transaction taking the member's earliest-expiring
     * lots first, and each refused on its own (its answer's error) when the member's balance falls short. The keys
     * must be new: a key used before fails the whole call.
     */
    @Transactional
    public List<PointsLedger.Spent> spendAll(long operatorId, List<MemberSpend> spends) {
        return ledger.spendAll(
                operatorId,
                spends.stream()
                        .map(spend -> new PostTransaction(
                                operatorId,
                                spend.idempotencyKey(),
                                spend.reasonCode(),
                                spend.referenceType(),
                                spend.referenceId(),
                                null,
                                null,
                                List.of(
                                        new Posting(Account.member(spend.memberId()), -spend.points()),
                                        new Posting(Account.system(AccountType.REDEEMED), spend.points()))))
                        .toList());
    }

    /**
     * Gives {@code points} of a spend back into the lots it took them from. The caller keeps count of what it has given
     * back and never asks for more than was spent; the key makes each refund once only.
     */
    @Transactional
    public PointsTransaction refund(
            long operatorId,
            long spendTransactionId,
            Account account,
            long points,
            String idempotencyKey,
            String reasonCode,
            String referenceType,
            String referenceId) {
        if (points <= 0) {
            throw new IllegalArgumentException("refund a positive number of points");
        }
        return ledger.post(new PostTransaction(
                        operatorId,
                        idempotencyKey,
                        reasonCode,
                        referenceType,
                        referenceId,
                        null,
                        null,
                        List.of(
                                new Posting(Account.system(AccountType.REDEEMED), -points),
                                new Posting(account, points)))
                .reversing(spendTransactionId));
    }
}
