package io.enjoyspace.catalog;

import java.time.Instant;

/**
 * What a member wants priced.
 *
 * @param quantity items, units, or for time-based prices the number of parallel bookings (rooms, desks)
 * @param startsAt start of the interval, required by time-based strategies, otherwise ignored
 * @param endsAt end of the interval (exclusive)
 * @param memberTierCode the member's tier, or null
 * @param enterpriseId the member's company, for its negotiated price, or null
 */
public record PriceRequest(int quantity, Instant startsAt, Instant endsAt, String memberTierCode, Long enterpriseId) {

    public static PriceRequest of(int quantity) {
        return new PriceRequest(quantity, null, null, null, null);
    }

    public PriceRequest between(Instant startsAt, Instant endsAt) {
        return new PriceRequest(quantity, startsAt, endsAt, memberTierCode, enterpriseId);
    }

    public PriceRequest forTier(String tierCode) {
        return new PriceRequest(quantity, startsAt, endsAt, tierCode, enterpriseId);
    }

    public PriceRequest forEnterprise(Long enterpriseId) {
        return new PriceRequest(quantity, startsAt, endsAt, memberTierCode, enterpriseId);
    }
}
