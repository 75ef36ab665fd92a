package io.enjoyspace.catalog;

import io.enjoyspace.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * Something in the catalog. {@code price} is the list price whose meaning depends on the pricing strategy (see {@link
 * PricingStrategy}); {@link Pricing} computes what a member pays. {@code active} is the published flag: only published
 * offerings are shown to members and sold.
 *
 * @param providerId the provider that fulfils it when {@code fulfilment} is PROVIDER
 * @param siteIds the sites where it is offered; empty means every site
 * @param imageIds its images, in display order
 */
public record Offering(
        long id,
        long operatorId,
        long categoryId,
        String categoryName,
        String name,
        String description,
        Money price,
        boolean active,
        OfferingKind kind,
        Fulfilment fulfilment,
        Long providerId,
        int leadTimeHours,
        PricingPlan pricing,
        List<Long> siteIds,
        List<Long> imageIds,
        RatingSummary rating,
        long soldCount,
        Instant createdAt) {

    public Offering {
        siteIds = List.copyOf(siteIds);
        imageIds = List.copyOf(imageIds);
    }

    public boolean published() {
        return active;
    }

    public boolean offeredAt(long siteId) {
        return siteIds.isEmpty() || siteIds.contains(siteId);
    }

    /** How members rated it: the count and the sum of their stars (1 to 5). */
    public record RatingSummary(long count, long sum) {

        /** The mean, one decimal, half-up; null before the first rating. */
        public BigDecimal average() {
            return count == 0
                    ? null
                    : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 1, RoundingMode.HALF_UP);
        }
    }
}
