package io.enjoyspace.rewards;

/** What a reward is, which decides how a confirmed redemption is fulfilled. */
public enum RewardKind {
    /** A physical gift with stock, picked up with a code or delivered. */
    GIFT,
    /** A service voucher, issued through {@link RewardFulfilment}. */
    VOUCHER,
    /** A coupon, issued through {@link RewardFulfilment}. */
    COUPON,
    /** Units added to a member's allowance, through {@link RewardFulfilment}. */
    ALLOWANCE_TOPUP,
    /** Money off the member's company's rent, a credit line on its monthly bill. */
    RENT_CREDIT;

    /** Kinds that another module fulfils. */
    public boolean isFulfilledElsewhere() {
        return this == VOUCHER || this == COUPON || this == ALLOWANCE_TOPUP;
    }
}
