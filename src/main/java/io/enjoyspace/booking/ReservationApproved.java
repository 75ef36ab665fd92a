package io.enjoyspace.booking;

import java.time.Instant;

/** Staff approved a reservation that waited for approval; it is now CONFIRMED at the price booked. */
public record ReservationApproved(
        long operatorId,
        long reservationId,
        long resourceId,
        long memberId,
        Long enterpriseId,
        Instant startsAt,
        Instant endsAt,
        long priceMinor,
        String currency,
        long approvedByUserId,
        Instant approvedAt) {}
