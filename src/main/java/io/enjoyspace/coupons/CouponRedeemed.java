package io.enjoyspace.coupons;

/**
 * A coupon was used: at checkout ({@code orderId}) or by code ({@code reference}), giving {@code discountMinor} off.
 */
public record CouponRedeemed(
        long operatorId,
        long memberId,
        long couponId,
        long templateId,
        long discountMinor,
        Long orderId,
        String reference,
        Long campaignId) {}
