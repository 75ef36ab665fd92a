package io.enjoyspace.booking;

import java.time.Duration;
import java.time.Instant;

/**
 * Free cancellation until {@code freeHoursBefore} hours before the start; then {@code partialRefundPercent} % back
 * until {@code partialRefundHoursBefore} hours before; after that nothing. Without terms every cancellation before the
 * start is free.
 */
public record CancellationTerms(int freeHoursBefore, int partialRefundPercent, int partialRefundHoursBefore) {

    /** What a cancellation gives back: the percent of the price and the amount, rounded down to the minor unit. */
    public record Refund(int percent, long amountMinor) {}

    /** The refund for cancelling at {@code at} a reservation that starts at {@code startsAt}, under these terms. */
    public static Refund refund(CancellationTerms terms, long priceMinor, Instant startsAt, Instant at) {
        int percent;
        if (terms == null) {
            percent = at.isBefore(startsAt) ? 100 : 0;
        } else {
            Duration ahead = Duration.between(at, startsAt);
            if (ahead.compareTo(Duration.ofHours(terms.freeHoursBefore())) >= 0) {
                percent = 100;
            } else if (ahead.compareTo(Duration.ofHours(terms.partialRefundHoursBefore())) >= 0
                    && !ahead.isNegative()) {
                percent = terms.partialRefundPercent();
            } else {
                percent = 0;
            }
        }
        return new Refund(percent, Math.multiplyExact(priceMinor, (long) percent) / 100);
    }
}
