package io.enjoyspace.booking;

import java.time.Instant;
import java.util.List;

/**
 * A reservation was made: {@code status} is CONFIRMED, or PENDING_APPROVAL when a policy asks staff to approve it
 * first (then {@link ReservationApproved} or {@link ReservationCancelled} follows). The price is in minor units;
 * {@code couponCodes} are the codes the member entered to pay part of it (empty when none).
 */
public record ReservationBooked(
        long operatorId,
        long reservationId,
        long resourceId,
        ResourceType resourceType,
        long memberId,
        Long enterpriseId,
        Instant startsAt,
        Instant endsAt,
        long priceMinor,
        String currency,
        ReservationStatus status,
        long bookedByUserId,
        boolean policyOverridden,
        Instant bookedAt,
        List<String> couponCodes) {

    public ReservationBooked {
        couponCodes = couponCodes == null ? List.of() : List.copyOf(couponCodes);
    }
}
