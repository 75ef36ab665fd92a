package io.enjoyspace.catalog;

import java.util.List;

/**
 * A price, with the steps that lead to it. Only plain values, so ordering can store it as JSON with the order line and
 * a later price change never alters a placed order. The amounts of the breakdown add up to {@code totalMinor}.
 *
 * @param unitPriceMinor the list price of one unit before modifiers (for TIERED the average, rounded half-up)
 * @param subtotalMinor the base price of the whole request before modifiers
 * @param totalMinor what the member pays, never negative and never more than the subtotal
 * @param breakdown the ordered steps: the base (one or more lines), then at most one modifier
 */
public record PriceQuote(
        long offeringId,
        String currency,
        PricingStrategy strategy,
        int quantity,
        long unitPriceMinor,
        long subtotalMinor,
        long totalMinor,
        List<Step> breakdown) {

    public PriceQuote {
        breakdown = List.copyOf(breakdown);
    }

    /**
     * One line of the breakdown.
     *
     * @param code what the step is, stable for programs (BASE_FIXED, TIER_BRACKET, TIME_BAND, TIER_PERCENT …)
     * @param labelKey message bundle key that pages show, with {@code args}
     * @param args the label's arguments, already formatted (amounts with their currency sign)
     * @param amountMinor what the step adds (negative for a discount, zero for a note)
     */
    public record Step(String code, String labelKey, List<String> args, long amountMinor) {

        public Step {
            args = List.copyOf(args);
        }
    }
}
