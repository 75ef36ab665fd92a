package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RefundSplitTest {

    @Test
    void theLeftoverFenGoesToThePartWithTheLargestFraction() {
        List<RefundSplit.Share> shares = RefundSplit.split(
                List.of(
                        new RefundSplit.Part(PaymentMethod.ENTERPRISE_BILLING, 18_000, 0, 0, 0),
                        new RefundSplit.Part(PaymentMethod.POINTS, 6_000, 0, 6_000, 0)),
                10_001);
        assertThat(shares)
                .containsExactly(
                        new RefundSplit.Share(PaymentMethod.ENTERPRISE_BILLING, 7_501, 0),
                        new RefundSplit.Share(PaymentMethod.POINTS, 2_500, 2_500));
    }

    /** Any sequence of partial refunds returns each part exactly, and the last one empties every part. */
    @Property(tries = 500)
    void partialRefundsAddUpToEachPartExactly(
            @ForAll @LongRange(min = 1, max = 1_000_000) long billed,
            @ForAll @LongRange(min = 0, max = 1_000_000) long pointsValue,
            @ForAll @IntRange(min = 1, max = 3) int pointsPerFen,
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 100) Integer> weights) {
        List<RefundSplit.Part> parts = new ArrayList<>();
        parts.add(new RefundSplit.Part(PaymentMethod.ENTERPRISE_BILLING, billed, 0, 0, 0));
        if (pointsValue > 0) {
            parts.add(new RefundSplit.Part(PaymentMethod.POINTS, pointsValue, 0, pointsValue * pointsPerFen, 0));
        }
        long total = billed + pointsValue;
        int weightSum = weights.stream().mapToInt(Integer::intValue).sum();
        long left = total;
        for (int i = 0; i < weights.size(); i++) {
            long amount = i == weights.size() - 1 ? left : Math.max(1, total * weights.get(i) / weightSum);
            amount = Math.min(amount, left);
            if (amount == 0) {
                continue;
            }
            List<RefundSplit.Share> shares = RefundSplit.split(parts, amount);
            assertThat(shares.stream().mapToLong(RefundSplit.Share::amountMinor).sum())
                    .isEqualTo(amount);
            List<RefundSplit.Part> next = new ArrayList<>();
            for (int p = 0; p < parts.size(); p++) {
                RefundSplit.Part part = parts.get(p);
                RefundSplit.Share share = shares.get(p);
                assertThat(share.amountMinor()).isBetween(0L, part.remainingMinor());
                next.add(new RefundSplit.Part(
                        part.method(),
                        part.amountMinor(),
                        part.refundedMinor() + share.amountMinor(),
                        part.points(),
                        part.refundedPoints() + share.points()));
            }
            parts = next;
            left -= amount;
        }
        for (RefundSplit.Part part : parts) {
            assertThat(part.refundedMinor()).isEqualTo(part.amountMinor());
            assertThat(part.refundedPoints()).isEqualTo(part.points());
        }
    }
}
