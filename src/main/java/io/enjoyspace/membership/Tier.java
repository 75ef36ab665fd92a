package io.enjoyspace.membership;

/**
 * A level of an operator's membership for members or for companies, with its benefits. Rank 0 is the entry level
 * everybody holds; {@code threshold} is the measure's value that qualifies. Member prices are the catalog's tier prices
 * for {@code code}; a longer advance-booking window is a booking policy scoped to {@code code}. On a member's birthday
 * the tier gives {@code birthdayPoints} and, when {@code birthdayCouponTemplateId} is set, one coupon of that template.
 */
public record Tier(
        long id,
        long operatorId,
        Audience audience,
        String code,
        String name,
        int rank,
        long threshold,
        int earningMultiplierPercent,
        Integer advanceBookingDays,
        boolean depositFree,
        boolean priorityService,
        long birthdayPoints,
        Long birthdayCouponTemplateId) {

    /** Whether the tier gives anything on a birthday. */
    public boolean givesBirthdayGift() {
        return birthdayPoints > 0 || birthdayCouponTemplateId != null;
    }
}
