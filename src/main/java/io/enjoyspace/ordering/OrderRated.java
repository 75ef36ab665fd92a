package io.enjoyspace.ordering;

import java.time.Instant;
import java.util.List;

/** A member rated a completed order, 1 to 5 stars. */
public record OrderRated(
        long operatorId,
        long orderId,
        long memberId,
        Long providerId,
        int stars,
        List<Long> offeringIds,
        Instant occurredAt) {}
