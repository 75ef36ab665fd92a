package io.enjoyspace.booking;

import java.time.Instant;
import java.util.List;

/**
 * Staff approved a reservation that waited for approval; it is now CONFIRMED at the price booked. {@code couponCodes}
 * are the codes the member entered when booking, to be redeemed now that it is charged.
 */
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
        Instant approvedAt,
        List<String> couponCodes) {

    public ReservationApproved {
        couponCodes = couponCodes == null ? List.of() : List.copyOf(couponCodes);
    }

    /** An approval of a reservation booked without coupons. */
    public ReservationApproved(
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
            Instant approvedAt) {
        this(
                operatorId,
                reservationId,
                resourceId,
                memberId,
                enterpriseId,
                startsAt,
                endsAt,
                priceMinor,
                currency,
                approvedByUserId,
                approvedAt,
                List.of());
    }
}
