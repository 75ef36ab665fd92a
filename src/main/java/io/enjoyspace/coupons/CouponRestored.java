package io.enjoyspace.coupons;

/**
 * A redeemed coupon came back because its order was cancelled or fully refunded: usable again ({@code status} ISSUED)
 * or, past its validity, EXPIRED. {@code discountMinor} is what its redemption had given.
 */
public record CouponRestored(
        long operatorId,
        long memberId,
        long couponId,
        long templateId,
        long discountMinor,
        Long orderId,
        CouponStatus status,
        Long campaignId) {}
