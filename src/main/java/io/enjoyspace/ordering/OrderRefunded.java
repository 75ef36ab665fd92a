package io.enjoyspace.ordering;

import java.time.Instant;

/**
 * Part or all of a completed order's money was given back: {@code amountMinor} now, {@code refundedMinor} in all so
 * far, of {@code paidMinor}. Whatever the order earned is reversed in the same proportion.
 */
public record OrderRefunded(
        long operatorId,
        long orderId,
        long refundId,
        long memberId,
        long amountMinor,
        long refundedMinor,
        long paidMinor,
        Instant occurredAt) {}
