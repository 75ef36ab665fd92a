package io.enjoyspace.catalog;

/**
 * How an offering's base price is computed. The offering's list price ({@code priceMinor}) means: FIXED the price of
 * one item, PER_UNIT the price of one unit (a page, a kilogram), PER_HOUR the hourly rate, TIERED the unit price of the
 * first bracket, TIME_BANDS the hourly rate outside every band.
 */
public enum PricingStrategy {
    FIXED,
    PER_UNIT,
    PER_HOUR,
    TIERED,
    TIME_BANDS;

    /** Strategies that price an interval of time and so need {@code startsAt} and {@code endsAt}. */
    public boolean isTimeBased() {
        return this == PER_HOUR || this == TIME_BANDS;
    }
}
