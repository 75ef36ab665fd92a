package io.enjoyspace.ordering;

import java.time.Instant;

/** An order was cancelled; held points went back, and a paid order was refunded in full ({@code refundedMinor}). */
public record OrderCancelled(
        long operatorId, long orderId, long memberId, long refundedMinor, String reason, Instant occurredAt) {}
