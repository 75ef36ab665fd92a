package io.enjoyspace.ordering;

import io.enjoyspace.shared.Money;
import java.time.Instant;
import java.util.List;

/** An order as its member, its company and the operator's staff see it. */
public record Order(
        long id,
        long operatorId,
        long memberId,
        Long enterpriseId,
        OrderStatus status,
        PaymentMethod paymentMethod,
        Money total,
        Instant placedAt,
        Instant completedAt,
        List<Line> lines) {

    public record Line(
            int lineNumber, long offeringId, String offeringName, Money unitPrice, int quantity, Money lineTotal) {}
}
