package io.enjoyspace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void multipliesAndAddsInMinorUnits() {
        Money price = Money.of(1_999, "CNY");

        assertThat(price.times(3)).isEqualTo(Money.of(5_997, "CNY"));
        assertThat(price.plus(Money.of(1, "CNY"))).isEqualTo(Money.of(2_000, "CNY"));
    }

    @Test
    void refusesToAddAnotherCurrency() {
        assertThatThrownBy(() -> Money.of(100, "CNY").plus(Money.of(100, "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToOverflowSilently() {
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE / 2 + 1, "CNY").times(2))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void printsMajorUnitsWithTwoDecimals() {
        assertThat(Money.of(20_000, "CNY").toDecimalString()).isEqualTo("200.00");
        assertThat(Money.of(5, "CNY").toDecimalString()).isEqualTo("0.05");
    }
}
