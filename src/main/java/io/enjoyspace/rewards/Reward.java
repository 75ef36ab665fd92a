package io.enjoyspace.rewards;

import java.time.Instant;
import java.util.List;

/**
 * An item of the points mall. {@code pointsPrice} and {@code cashPriceMinor} are per unit; {@code creditMinor} is the
 * rent credit per unit of a {@link RewardKind#RENT_CREDIT}; {@code fulfilmentCode} tells the fulfilling module what to
 * issue (a coupon template, say); an empty {@code eligibleTiers} lets every member redeem.
 */
public record Reward(
        long id,
        long operatorId,
        String name,
        String description,
        String category,
        RewardKind kind,
        Delivery delivery,
        String pickupLocation,
        long pointsPrice,
        long cashPriceMinor,
        String currency,
        long creditMinor,
        String fulfilmentCode,
        int stock,
        Integer perMemberLimit,
        List<String> eligibleTiers,
        String imageUrl,
        Instant publishedFrom,
        Instant publishedUntil,
        boolean active) {

    public boolean isPublishedAt(Instant now) {
        return active
                && (publishedFrom == null || !now.isBefore(publishedFrom))
                && (publishedUntil == null || now.isBefore(publishedUntil));
    }
}
