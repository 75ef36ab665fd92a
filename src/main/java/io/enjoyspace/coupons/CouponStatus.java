package io.enjoyspace.coupons;

/** Where a coupon is in its life. An issued coupon past its validity reads as EXPIRED. */
public enum CouponStatus {
    ISSUED,
    REDEEMED,
    EXPIRED
}
