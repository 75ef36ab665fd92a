package io.enjoyspace.catalog;

/**
 * A special price for a membership tier or a tenant company: either a percentage off the list price or a fixed unit
 * price (per item, per unit, or per hour for time-based strategies). Exactly one of the two is set.
 */
public record PriceModifier(Integer percentOff, Long unitPriceMinor) {

    public static PriceModifier percentOff(int percent) {
        return new PriceModifier(percent, null);
    }

    public static PriceModifier unitPrice(long unitPriceMinor) {
        return new PriceModifier(null, unitPriceMinor);
    }
}
