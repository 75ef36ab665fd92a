package io.enjoyspace.coupons;

/** What a coupon gives. */
public enum CouponKind {
    /** {@code amountOffMinor} off what is in scope, never more than it costs. */
    AMOUNT_OFF,
    /** {@code percentOff} percent off what is in scope, at most {@code capMinor}. */
    PERCENT_OFF,
    /** Spend {@code thresholdMinor} on what is in scope, save {@code amountOffMinor} (满减). */
    THRESHOLD,
    /** One unit of the offering {@code offeringId} free. */
    FREE_SERVICE,
    /** {@code freeMinutes} of a booking of the resource type {@code resourceTypeCode} (or timed offering) free. */
    FREE_HOURS
}
