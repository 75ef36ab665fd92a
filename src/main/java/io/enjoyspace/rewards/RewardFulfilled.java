package io.enjoyspace.rewards;

import java.time.Instant;

/** A redemption was fulfilled: picked up, delivered, issued by another module, or credited to the company bill. */
public record RewardFulfilled(
        long operatorId, long memberId, long rewardId, long redemptionId, long points, RewardKind kind, Instant at) {}
