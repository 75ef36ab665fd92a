package io.enjoyspace.booking;

import java.time.Instant;

/** The member arrived and checked in within the check-in window. */
public record ReservationCheckedIn(
        long operatorId,
        long reservationId,
        long resourceId,
        long memberId,
        Long enterpriseId,
        Instant startsAt,
        Instant endsAt,
        long priceMinor,
        String currency,
        Instant checkedInAt) {}
