package io.enjoyspace.ordering;

import java.util.ArrayList;
import java.util.List;

/**
 * Divides a refund over the parts an order was paid with, in proportion to what each part still holds, so that
 * partial refunds add up exactly and the last one returns every part's remainder. Points go back in proportion to the
 * money their part returns; the final refund of a part returns all its remaining points.
 */
final class RefundSplit {

    private RefundSplit() {}

    /** A part as it stands: what it paid and what it has had back. */
    record Part(PaymentMethod method, long amountMinor, long refundedMinor, long points, long refundedPoints) {

        long remainingMinor() {
            return amountMinor - refundedMinor;
        }
    }

    /** What one part returns in this refund. */
    record Share(PaymentMethod method, long amountMinor, long points) {}

    static List<Share> split(List<Part> parts, long refundMinor) {
        long remaining = parts.stream().mapToLong(Part::remainingMinor).sum();
        if (refundMinor <= 0 || refundMinor > remaining) {
            throw new IllegalArgumentException("refund 1 to " + remaining);
        }
        long[] amounts = new long[parts.size()];
        long given = 0;
        // Largest remainder: floor shares first, then the leftover fen to the parts with the largest fractions.
        long[] fractions = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            long left = parts.get(i).remainingMinor();
            long numerator = Math.multiplyExact(left, refundMinor);
            amounts[i] = numerator / remaining;
            fractions[i] = numerator % remaining;
            given += amounts[i];
        }
        while (given < refundMinor) {
            int best = -1;
            for (int i = 0; i < parts.size(); i++) {
                if (amounts[i] < parts.get(i).remainingMinor() && (best < 0 || fractions[i] > fractions[best])) {
                    best = i;
                }
            }
            amounts[best]++;
            fractions[best] = -1;
            given++;
        }
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            long points = 0;
            if (part.points() > 0 && amounts[i] > 0) {
                long pointsLeft = part.points() - part.refundedPoints();
                points = amounts[i] == part.remainingMinor()
                        ? pointsLeft
                        : Math.min(pointsLeft, Math.multiplyExact(amounts[i], part.points()) / part.amountMinor());
            }
            shares.add(new Share(part.method(), amounts[i], points));
        }
        return shares;
    }
}
