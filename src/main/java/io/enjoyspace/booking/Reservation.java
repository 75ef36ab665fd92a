package io.enjoyspace.booking;

import java.time.Instant;

/** A time range held on a resource for a member, with the price and cancellation terms fixed when it was booked. */
public record Reservation(
        long id,
        long operatorId,
        long resourceId,
        long memberId,
        Long enterpriseId,
        Long recurrenceId,
        ReservationStatus status,
        Instant startsAt,
        Instant endsAt,
        int bufferMinutes,
        Price price,
        CancellationTerms cancellation,
        Instant checkInOpensAt,
        Instant checkInClosesAt,
        long bookedByUserId,
        String overrideReason,
        Instant createdAt,
        Instant decidedAt,
        Instant checkedInAt,
        Instant releasedAt,
        Instant cancelledAt,
        String cancelReason,
        Long refundMinor,
        Integer refundPercent) {

    public long lengthMinutes() {
        return java.time.Duration.between(startsAt, endsAt).toMinutes();
    }
}
