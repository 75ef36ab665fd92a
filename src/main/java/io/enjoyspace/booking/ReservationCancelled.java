package io.enjoyspace.booking;

import java.time.Instant;

/**
 * A reservation was cancelled, by its member or staff, rejected by staff, or expired while waiting for approval.
 * {@code refundMinor} is what the cancellation terms give back of {@code priceMinor} ({@code refundPercent} %).
 */
public record ReservationCancelled(
        long operatorId,
        long reservationId,
        long resourceId,
        long memberId,
        Long enterpriseId,
        Instant startsAt,
        Instant endsAt,
        long priceMinor,
        long refundMinor,
        int refundPercent,
        String currency,
        Reason reason,
        Instant cancelledAt) {

    public enum Reason {
        MEMBER,
        STAFF,
        REJECTED,
        APPROVAL_EXPIRED
    }
}
