package io.enjoyspace.ordering;

import java.time.Instant;

/** A member placed an order; {@code totalMinor} is what it costs, in {@code currency}. */
public record OrderPlaced(
        long operatorId,
        long orderId,
        long memberId,
        Long enterpriseId,
        long totalMinor,
        String currency,
        PaymentMethod paymentMethod,
        Instant occurredAt) {}
