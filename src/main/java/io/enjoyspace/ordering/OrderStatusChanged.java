package io.enjoyspace.ordering;

import java.time.Instant;

/**
 * An order moved from one status to another. Published inside the transaction that moved it, so a listener that
 * writes an outbox (webhooks to the order's provider) commits or rolls back with the change.
 *
 * @param providerId the provider that fulfils the order after the move, or null when the operator does
 * @param previousProviderId the provider before the move (differs from providerId when the order was reassigned)
 * @param actorKind MEMBER, STAFF, PROVIDER or SYSTEM
 */
public record OrderStatusChanged(
        long operatorId,
        long orderId,
        long memberId,
        Long providerId,
        Long previousProviderId,
        OrderStatus from,
        OrderStatus to,
        String actorKind,
        String reason,
        Instant occurredAt) {}
