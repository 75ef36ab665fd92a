package io.enjoyspace.coupons;

import java.time.Instant;
import java.util.List;

/**
 * What coupons of one kind give and the terms they come with.
 *
 * @param totalStock how many may be issued in all (null: no limit); {@code issuedCount} have been
 * @param validDays a coupon is valid this many days after it is issued (null: until {@code validTo})
 * @param validFrom a coupon is valid no earlier than this (null: from issue)
 * @param validTo a coupon is valid no later than this (null: {@code validDays} after issue)
 * @param categoryIds the categories it applies to; with {@code offeringIds} empty too, it applies to everything
 * @param siteIds the sites it applies at (empty: all)
 * @param stacksWithPoints whether an order paying with it may also pay with points
 * @param stacksWithCoupons whether an order may use it beside other coupons
 * @param claimable whether members may claim it themselves in the claim centre
 * @param campaignId the campaign it belongs to: issued and redeemed only while the campaign runs, within its budget
 */
public record CouponTemplate(
        long id,
        long operatorId,
        String name,
        String description,
        CouponKind kind,
        Long amountOffMinor,
        Integer percentOff,
        Long capMinor,
        Long thresholdMinor,
        Long offeringId,
        String resourceTypeCode,
        Integer freeMinutes,
        Integer totalStock,
        int issuedCount,
        int perMemberLimit,
        Integer validDays,
        Instant validFrom,
        Instant validTo,
        List<Long> categoryIds,
        List<Long> offeringIds,
        List<Long> siteIds,
        boolean stacksWithPoints,
        boolean stacksWithCoupons,
        boolean claimable,
        Long campaignId,
        Status status,
        Instant createdAt) {

    public CouponTemplate {
        categoryIds = List.copyOf(categoryIds);
        offeringIds = List.copyOf(offeringIds);
        siteIds = List.copyOf(siteIds);
    }

    public enum Status {
        ACTIVE,
        PAUSED,
        /** Retired: issues no more coupons and cannot be changed; coupons already issued stay usable. */
        ARCHIVED
    }

    /** Coupons left to issue, or null without a stock limit. */
    public Integer stockLeft() {
        return totalStock == null ? null : Math.max(0, totalStock - issuedCount);
    }

    public boolean soldOut() {
        return totalStock != null && issuedCount >= totalStock;
    }

    /** Whether a coupon issued at {@code at} would still have some validity. */
    boolean issuableAt(Instant at) {
        return validTo == null || at.isBefore(validTo);
    }

    /** The validity of a coupon issued at {@code at}: from the later of issue and validFrom, to the earlier end. */
    Instant[] validityFrom(Instant at) {
        Instant from = validFrom != null && validFrom.isAfter(at) ? validFrom : at;
        Instant until = validDays == null ? validTo : from.plus(java.time.Duration.ofDays(validDays));
        if (validTo != null && validTo.isBefore(until)) {
            until = validTo;
        }
        return new Instant[] {from, until};
    }
}
