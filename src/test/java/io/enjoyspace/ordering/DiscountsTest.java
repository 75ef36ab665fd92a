package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DiscountsTest {

    private static DiscountLine line(int number, long owed) {
        return new DiscountLine(number, 10 + number, 1L, "SERVICE", null, 1, owed, null, null);
    }

    private static DiscountPart coupon(long amount, Integer lineNumber) {
        return new DiscountPart("COUPON", amount, "c1", lineNumber, 1, "USES", "¥" + amount / 100 + " off");
    }

    @Test
    void aPartForOneLineComesOffThatLineOnly() {
        List<DiscountLine> after = Discounts.take(List.of(line(1, 5_000), line(2, 3_000)), coupon(3_000, 2));
        assertThat(after).extracting(DiscountLine::remainingMinor).containsExactly(5_000L, 0L);
    }

    @Test
    void aWholeOrderPartIsSpreadInProportionAndTheLeftoverFenGoesToTheLargestFraction() {
        List<DiscountLine> after =
                Discounts.take(List.of(line(1, 1_000), line(2, 2_000), line(3, 3_000)), coupon(1_001, null));
        // Shares 166.83, 333.67, 500.5: floors 166 + 333 + 500 = 999, the two fen left go to 0.83 and 0.67.
        assertThat(after).extracting(DiscountLine::remainingMinor).containsExactly(833L, 1_666L, 2_500L);
    }

    @Test
    void aPartLargerThanWhatIsOwedIsAProgrammingError() {
        assertThatThrownBy(() -> Discounts.take(List.of(line(1, 1_000)), coupon(1_001, 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Discounts.take(List.of(line(1, 1_000)), coupon(1_001, null)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Discounts.take(List.of(line(1, 1_000)), coupon(10, 7)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPartIsAnAllowanceOrACouponWithAReference() {
        assertThatThrownBy(() -> new DiscountPart("GIFT", 1, "r", null, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiscountPart("COUPON", 1, " ", null, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Whatever parts are taken, the basket goes down by exactly their sum and no line ever owes less than nothing. */
    @Property(tries = 500)
    void partsComeOffExactlyAndNoLineGoesNegative(
            @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 0, max = 100_000) Long> owed,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 100) Integer> percents,
            @ForAll @IntRange(min = 0, max = 6) int lineChoice) {
        List<DiscountLine> lines = new ArrayList<>();
        for (int i = 0; i < owed.size(); i++) {
            lines.add(line(i + 1, owed.get(i)));
        }
        long before = lines.stream().mapToLong(DiscountLine::remainingMinor).sum();
        long taken = 0;
        for (int percent : percents) {
            Integer lineNumber = lineChoice == 0 || lineChoice > lines.size() ? null : lineChoice;
            long available = lineNumber == null
                    ? lines.stream().mapToLong(DiscountLine::remainingMinor).sum()
                    : lines.get(lineNumber - 1).remainingMinor();
            long amount = available * percent / 100;
            lines = Discounts.take(lines, coupon(amount, lineNumber));
            taken += amount;
            assertThat(lines)
                    .allSatisfy(line -> assertThat(line.remainingMinor()).isNotNegative());
        }
        assertThat(lines.stream().mapToLong(DiscountLine::remainingMinor).sum()).isEqualTo(before - taken);
    }
}
