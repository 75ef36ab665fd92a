package io.enjoyspace.rewards;

import java.time.Instant;

/** A redemption was cancelled, or expired unconfirmed ({@code expired}): the points and the stock are back. */
public record RewardRedemptionCancelled(
        long operatorId, long memberId, long rewardId, long redemptionId, long points, boolean expired, Instant at) {}
