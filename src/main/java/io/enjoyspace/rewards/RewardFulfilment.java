package io.enjoyspace.rewards;

/**
 * Issues what a confirmed redemption of a voucher, coupon or allowance top-up gives the member. Implemented by the
 * modules that own them (coupons, membership); a kind no implementation {@link #fulfils} cannot be redeemed (422).
 * Called inside the confirming transaction: an exception undoes the confirmation.
 */
public interface RewardFulfilment {

    /** What to issue: {@code quantity} times what {@code fulfilmentCode} names (a coupon template code, say). */
    record Fulfil(
            long operatorId,
            long memberId,
            long redemptionId,
            RewardKind kind,
            String fulfilmentCode,
            int quantity,
            String idempotencyKey) {}

    boolean fulfils(RewardKind kind);

    void fulfil(Fulfil command);
}
