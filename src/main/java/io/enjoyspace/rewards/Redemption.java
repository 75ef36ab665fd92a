package io.enjoyspace.rewards;

import java.time.Instant;

/**
 * A member's redemption of {@code quantity} units of a reward. {@code points} and {@code cashMinor} are totals;
 * {@code pickupCode} is set for a pickup gift, {@code deliveryStatus} for a delivered one; {@code enterpriseId} is
 * the company a rent credit goes to.
 */
public record Redemption(
        long id,
        long operatorId,
        long rewardId,
        long memberId,
        Long enterpriseId,
        String rewardName,
        RewardKind kind,
        int quantity,
        long points,
        long cashMinor,
        long creditMinor,
        String currency,
        RedemptionStatus status,
        long pointsHoldId,
        String pickupCode,
        DeliveryStatus deliveryStatus,
        String deliveryAddress,
        String carrier,
        String trackingNumber,
        Instant reservedAt,
        Instant expiresAt,
        Instant confirmedAt,
        Instant fulfilledAt,
        Instant cancelledAt,
        String cancelReason) {}
