package io.enjoyspace.ordering;

import java.time.Instant;

/** Staff marked an order fulfilled; {@code paidMinor} is the money paid for it, which earning rules reward. */
public record OrderCompleted(
        long operatorId,
        long orderId,
        long memberId,
        Long enterpriseId,
        long paidMinor,
        String currency,
        String paymentMethod,
        java.util.List<Long> offeringIds,
        Instant occurredAt) {}
