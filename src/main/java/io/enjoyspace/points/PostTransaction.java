package io.enjoyspace.points;

import java.util.List;

/**
 * Move points. The postings must sum to zero. {@code idempotencyKey} is chosen by the caller and unique per operator:
 * posting the same command again returns the first transaction, a different command under that key is refused.
 *
 * @param reasonCode why, e.g. {@code ORDER_COMPLETED}
 * @param referenceType what caused it, e.g. {@code ORDER}
 * @param referenceId the id of that cause
 * @param createdByUserId the staff user, for manual changes
 * @param reversesTransactionId the transaction this one undoes, whose consumed lots its credits restore
 * @param allowDebt set by reversals under a DEBT policy only
 */
public record PostTransaction(
        long operatorId,
        String idempotencyKey,
        String reasonCode,
        String referenceType,
        String referenceId,
        String memo,
        Long createdByUserId,
        List<Posting> postings,
        Long reversesTransactionId,
        boolean allowDebt) {

    public PostTransaction {
        postings = List.copyOf(postings);
    }

    public PostTransaction(
            long operatorId,
            String idempotencyKey,
            String reasonCode,
            String referenceType,
            String referenceId,
            String memo,
            Long createdByUserId,
            List<Posting> postings) {
        this(
                operatorId,
                idempotencyKey,
                reasonCode,
                referenceType,
                referenceId,
                memo,
                createdByUserId,
                postings,
                null,
                false);
    }

    /**
     * The same command as a reversal of {@code transactionId}: its credits to members and enterprises put points back
     * into the lots that transaction took them from, instead of opening new lots.
     */
    public PostTransaction reversing(long transactionId) {
        return new PostTransaction(
                operatorId,
                idempotencyKey,
                reasonCode,
                referenceType,
                referenceId,
                memo,
                createdByUserId,
                postings,
                transactionId,
                allowDebt);
    }

    /**
     * The same command, allowed to take member and enterprise balances below zero: only a reversal under the
     * operator's DEBT policy may, and the database checks that policy too.
     */
    PostTransaction allowingDebt() {
        return new PostTransaction(
                operatorId,
                idempotencyKey,
                reasonCode,
                referenceType,
                referenceId,
                memo,
                createdByUserId,
                postings,
                reversesTransactionId,
                true);
    }

    /** Points from the operator's issuance account to one account, never expiring. */
    public static PostTransaction award(
            long operatorId,
            String idempotencyKey,
            Account to,
            long points,
            String reasonCode,
            String referenceType,
            String referenceId) {
        return award(operatorId, idempotencyKey, to, points, null, reasonCode, referenceType, referenceId);
    }

    /** Points from the operator's issuance account to one account, valid until {@code expiresAt} (null: forever). */
    public static PostTransaction award(
            long operatorId,
            String idempotencyKey,
            Account to,
            long points,
            java.time.Instant expiresAt,
            String reasonCode,
            String referenceType,
            String referenceId) {
        return new PostTransaction(
                operatorId,
                idempotencyKey,
                reasonCode,
                referenceType,
                referenceId,
                null,
                null,
                List.of(
                        new Posting(Account.system(AccountType.ISSUANCE), -points),
                        Posting.credit(to, points, expiresAt)));
    }
}
