package io.enjoyspace.rules;

import java.time.Instant;

/**
 * A time-boxed promotion: its bonus rules award only while it runs, and together within its budget (null: none); its
 * coupons are claimed, issued and redeemed only while it runs, and give away at most {@code couponBudgetMinor} of
 * discount money (null: no limit).
 */
public record Campaign(
        long id,
        long operatorId,
        String name,
        String description,
        Instant startsAt,
        Instant endsAt,
        Long budgetPoints,
        String color,
        Long couponBudgetMinor) {

    public boolean runsAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }
}
