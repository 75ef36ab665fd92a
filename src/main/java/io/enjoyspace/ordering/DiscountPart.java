package io.enjoyspace.ordering;

/**
 * What one discount took. {@code kind} is ALLOWANCE or COUPON; {@code reference} is the discount's own id (a coupon,
 * an allowance draw) that {@link CheckoutDiscount#restore} uses; {@code lineNumber} the line it pays, or null for the
 * whole order (then spread over the lines in proportion to what each still owes); {@code units} and {@code unit} what
 * was consumed in the discount's own unit (90 MINUTES), for display; {@code label} a short text for receipts.
 */
public record DiscountPart(
        String kind, long amountMinor, String reference, Integer lineNumber, long units, String unit, String label) {

    public DiscountPart {
        if (!"ALLOWANCE".equals(kind) && !"COUPON".equals(kind)) {
            throw new IllegalArgumentException("kind ALLOWANCE or COUPON");
        }
        if (amountMinor < 0 || reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("amount >= 0 and a reference");
        }
    }
}
