package io.enjoyspace.rules;

/**
 * The discount money a campaign's coupons have given away, for its budget meter. Implemented by the coupons module,
 * which depends on rules and not the other way round; without an implementation every campaign has spent nothing.
 */
public interface CampaignCouponSpend {

    Spend of(long operatorId, long campaignId);

    /**
     * @param discountMinor discount money given by redeemed coupons of the campaign's templates, net of restores
     * @param redemptions coupons of the campaign redeemed now
     * @param issued coupons of the campaign issued so far
     */
    record Spend(long discountMinor, long redemptions, long issued) {

        public static final Spend NONE = new Spend(0, 0, 0);
    }
}
