/**
 * The points mall: rewards (physical gifts with stock for pickup or delivery, service vouchers, coupons, allowance
 * top-ups and rent-deduction credits) priced in points and optionally cash from the member wallet; redemptions that
 * hold the points and reserve the stock, then are confirmed and fulfilled or released; the staff fulfilment queue; and
 * rent credits on the company's monthly bill. Other modules plug in through {@link io.enjoyspace.rewards.RewardEligibility}
 * and {@link io.enjoyspace.rewards.RewardFulfilment}, and hear about redemptions through
 * {@link io.enjoyspace.rewards.RewardRedeemed}, {@link io.enjoyspace.rewards.RewardRedemptionCancelled} and
 * {@link io.enjoyspace.rewards.RewardFulfilled}.
 */
package io.enjoyspace.rewards;
