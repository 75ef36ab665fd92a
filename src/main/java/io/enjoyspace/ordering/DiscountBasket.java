package io.enjoyspace.ordering;

import java.time.Instant;
import java.util.List;

/** lines carry what is still to pay on each line after earlier discounts (remainingMinor). */
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

    public long remainingMinor() {
        return lines.stream().mapToLong(DiscountLine::remainingMinor).sum();
    }
}
