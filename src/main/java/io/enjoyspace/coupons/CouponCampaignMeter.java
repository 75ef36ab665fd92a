package io.enjoyspace.coupons;

import io.enjoyspace.rules.CampaignCouponSpend;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the campaign pages what a campaign's coupons have given away and how many were issued. */
@Component
class CouponCampaignMeter implements CampaignCouponSpend {

    private final JdbcClient jdbc;

    CouponCampaignMeter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Spend of(long operatorId, long campaignId) {
        return jdbc.sql("""
                        select coalesce((select discount_minor from coupon_campaign_spend
                                         where operator_id = :operatorId and campaign_id = :campaignId), 0) as discount,
                               coalesce((select redemptions from coupon_campaign_spend
                                         where operator_id = :operatorId and campaign_id = :campaignId), 0) as redemptions,
                               coalesce((select sum(issued_count) from coupon_template
                                         where operator_id = :operatorId and campaign_id = :campaignId), 0) as issued
                        """)
                .param("operatorId", operatorId)
                .param("campaignId", campaignId)
                .query((rs, row) -> new Spend(rs.getLong("discount"), rs.getLong("redemptions"), rs.getLong("issued")))
                .single();
    }
}
