package io.enjoyspace.rewards;

import java.time.Instant;

/** A member redeemed a reward: the points are held and the stock reserved. */
public record RewardRedeemed(
        long operatorId, long memberId, long rewardId, long redemptionId, long points, int quantity, Instant at) {}
