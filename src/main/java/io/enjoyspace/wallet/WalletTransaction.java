package io.enjoyspace.wallet;

import io.enjoyspace.shared.Money;
import java.time.Instant;

/**
 * One movement of a member's wallet, as written once in the ledger.
 *
 * @param amount the change to the member's balance: positive for top-ups and refunds, negative for payments and
 *     withdrawals, either for adjustments
 * @param balanceAfter the member's balance right after this movement
 * @param refundsTransactionId for a refund, the payment it gives back
 * @param note the staff note of a top-up, or the reason of an adjustment or withdrawal
 * @param createdByUserId the staff member who made it; null for payments and refunds made by the system
 * @param replayed true when this answers a retried request with the result of the first one
 */
public record WalletTransaction(
        long id,
        long operatorId,
        long memberId,
        WalletTransactionKind kind,
        Money amount,
        Money balanceAfter,
        String referenceType,
        String referenceId,
        Long refundsTransactionId,
        String note,
        Long createdByUserId,
        Instant createdAt,
        boolean replayed) {}
