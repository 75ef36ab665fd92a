package io.enjoyspace.coupons;

/** How a coupon reached its member. */
public enum CouponSource {
    /** The member claimed it in the claim centre. */
    CLAIM,
    /** Staff granted it to the member. */
    GRANT,
    /** Staff pushed it to an audience the member belongs to. */
    PUSH,
    /** A COUPON rule awarded it for an event. */
    RULE,
    /** The member redeemed points for it in the points mall. */
    REWARD,
    /** Lifecycle automation sent it (welcome, win-back). */
    LIFECYCLE
}
