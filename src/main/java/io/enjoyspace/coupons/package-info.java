/**
 * Coupons: templates say what a coupon gives (an amount off, a percentage off with a cap, spend X save Y, a free
 * service, free hours), how many exist, how many one member may hold, when they are valid and where they apply.
 * Coupons are issued by claiming, staff grants and pushes to an audience, by COUPON rules, and by other modules through
 * {@link io.enjoyspace.coupons.Coupons#issue}; they are redeemed at checkout (as an
 * {@code ordering.CheckoutDiscount}) or by code through {@link io.enjoyspace.coupons.Coupons#redeem}, and a full
 * refund restores them. Templates may belong to a campaign, whose coupon budget caps the discount money given away.
 * Other modules hear about coupons through {@link io.enjoyspace.coupons.CouponIssued},
 * {@link io.enjoyspace.coupons.CouponRedeemed} and {@link io.enjoyspace.coupons.CouponRestored}.
 */
package io.enjoyspace.coupons;
