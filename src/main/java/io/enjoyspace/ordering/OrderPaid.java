package io.enjoyspace.ordering;

import java.time.Instant;
import java.util.List;

/**
 * An order was paid. {@code moneyPaidMinor} is the part paid in money (enterprise billing or wallet), which earning
 * rules reward; {@code pointsUsed} the points spent on it.
 */
public record OrderPaid(
        long operatorId,
        long orderId,
        long memberId,
        Long enterpriseId,
        Long providerId,
        long totalMinor,
        long moneyPaidMinor,
        long pointsUsed,
        String currency,
        PaymentMethod paymentMethod,
        List<Long> offeringIds,
        Instant occurredAt) {}
