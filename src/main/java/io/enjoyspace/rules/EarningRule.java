package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;

/**
 * “When {@code eventType} happens, award {@code pointsAwarded} points per {@code perAmountMinor} minor units paid”,
 * the points valid as {@code expiry} says and usable {@code pendingDays} after they are earned (0: at once).
 */
public record EarningRule(
        long id,
        long operatorId,
        String name,
        String eventType,
        int pointsAwarded,
        long perAmountMinor,
        boolean active,
        ExpiryPolicy expiry,
        int pendingDays) {

    public static final String ORDER_COMPLETED = "ORDER_COMPLETED";

    /** Points for a payment: whole multiples of the unit only, so 199 fen earn 1 point at 1 per yuan. */
    public long pointsFor(long paidMinor) {
        if (paidMinor <= 0) {
            return 0;
        }
        return Math.multiplyExact(paidMinor / perAmountMinor, (long) pointsAwarded);
    }
}
