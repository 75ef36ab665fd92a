package io.enjoyspace.booking;

import java.time.Instant;

/**
 * Nobody checked in before the check-in window closed (a no-show): the rest of the time is free again. Nothing is
 * refunded; {@code priceMinor} is what was booked.
 */
public record ReservationReleased(
        long operatorId,
        long reservationId,
        long resourceId,
        long memberId,
        Long enterpriseId,
        Instant startsAt,
        Instant endsAt,
        long priceMinor,
        String currency,
        Instant releasedAt) {}
