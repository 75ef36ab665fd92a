package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class EarningRuleTest {

    private static EarningRule rule(int points, long perAmountMinor) {
        return new EarningRule(
                1,
                1,
                "rule",
                EarningRule.ORDER_COMPLETED,
                points,
                perAmountMinor,
                true,
                io.enjoyspace.points.ExpiryPolicy.NEVER,
                0);
    }

    @Test
    void onePointPerYuanAwardsWholeYuanOnly() {
        EarningRule onePerYuan = rule(1, 100);

        assertThat(onePerYuan.pointsFor(20_000)).isEqualTo(200);
        assertThat(onePerYuan.pointsFor(199)).isEqualTo(1);
        assertThat(onePerYuan.pointsFor(99)).isZero();
        assertThat(onePerYuan.pointsFor(0)).isZero();
        assertThat(onePerYuan.pointsFor(-500)).isZero();
    }

    @Test
    void twoPointsPerTenYuan() {
        assertThat(rule(2, 1_000).pointsFor(25_000)).isEqualTo(50);
    }

    @Property
    void neverAwardsMoreThanTheRateAllows(
            @ForAll @LongRange(min = 0, max = 10_000_000_000L) long paidMinor,
            @ForAll @IntRange(min = 1, max = 100) int points,
            @ForAll @LongRange(min = 1, max = 100_000) long perAmountMinor) {
        long awarded = rule(points, perAmountMinor).pointsFor(paidMinor);

        assertThat(awarded).isBetween(0L, paidMinor / perAmountMinor * points);
        assertThat(awarded % points).isZero();
    }
}
