package io.enjoyspace.membership;

import java.time.Instant;

/**
 * A member's or company's tier changed. {@code reason}: QUALIFIED (an upgrade the moment activity qualified),
 * PERIOD_END (a downgrade at the end of a month) or MANUAL (set by staff). Codes are null for no tier.
 */
public record TierChanged(
        long operatorId,
        Audience audience,
        long ownerId,
        String fromTierCode,
        String toTierCode,
        String toTierName,
        boolean upgrade,
        String reason,
        Instant occurredAt) {}
