package io.enjoyspace.ordering;

import java.time.Instant;
import java.util.List;

/**
 * An order being placed, as a discount sees it: its lines with what is still to pay on each after earlier discounts,
 * the coupon codes the member entered, and whether allowances may be drawn on.
 */
public record DiscountBasket(
        long operatorId,
        long orderId,
        long memberId,
        Long enterpriseId,
        Long siteId,
        List<DiscountLine> lines,
        List<String> couponCodes,
        boolean useAllowances,
        Instant now) {

    public DiscountBasket {
        lines = List.copyOf(lines);
        couponCodes = List.copyOf(couponCodes);
    }

    /** What is still to pay on the whole basket. */
    public long remainingMinor() {
        return lines.stream().mapToLong(DiscountLine::remainingMinor).sum();
    }
}
