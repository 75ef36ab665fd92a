package io.enjoyspace.shared;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount in minor units (fen for CNY) and its currency. Never a double. */
public record Money(long amountMinor, String currency) {

    public static final String DEFAULT_CURRENCY = "CNY";

    public Money {
        Objects.requireNonNull(currency);
        if (currency.length() != 3) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code");
        }
    }

    public static Money of(long amountMinor, String currency) {
        return new Money(amountMinor, currency);
    }

    public Money times(int quantity) {
        return new Money(Math.multiplyExact(amountMinor, quantity), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    /** The amount in major units with two decimals, e.g. {@code 200.00}. */
    public String toDecimalString() {
        return BigDecimal.valueOf(amountMinor, 2).toPlainString();
    }

    @Override
    public String toString() {
        return currency + " " + toDecimalString();
    }
}
