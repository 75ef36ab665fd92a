package io.enjoyspace.coupons;

/** A coupon reached a member. Published once, in the transaction that issued it. */
public record CouponIssued(
        long operatorId, long memberId, long couponId, long templateId, CouponSource source, Long campaignId) {}
