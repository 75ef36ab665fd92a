package io.enjoyspace.ordering;

/**
 * kind: ALLOWANCE or COUPON. reference: the implementation's own id (e.g. coupon id, allowance draw id) used by
 * restore. lineNumber: the line it pays (null = whole order, spread over lines by the desk). units/unit: what was
 * consumed in the implementation's own unit (e.g. 90 MINUTES) for display; label: a short text for receipts.
 */
public record DiscountPart(
        String kind, long amountMinor, String reference, Integer lineNumber, long units, String unit, String label) {}
