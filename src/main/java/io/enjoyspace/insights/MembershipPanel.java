package io.enjoyspace.insights;

import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.rules.Campaign;
import io.enjoyspace.rules.Campaigns;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The dashboard's membership and marketing panel: how many members hold each tier now (of the filter's site or
 * company), and each campaign that ran in the period against its budget. Tier movement and coupon issue and use are
 * period figures of {@link InsightFigures}. Campaigns belong to the whole operator, so a site filter does not narrow
 * them.
 */
@Component
public class MembershipPanel {

    private final TierEvaluation tiers;
    private final Campaigns campaigns;
    private final Operators operators;

    MembershipPanel(TierEvaluation tiers, Campaigns campaigns, Operators operators) {
        this.tiers = tiers;
        this.campaigns = campaigns;
        this.operators = operators;
    }

    /** A campaign's results so far against its budgets (null budgets: none set). */
    public record CampaignResult(
            String id,
            String name,
            Instant startsAt,
            Instant endsAt,
            Long budgetPoints,
            long awardedPoints,
            long awards,
            Integer budgetPercentUsed,
            Long couponBudgetMinor,
            long couponsIssued,
            long couponsRedeemed,
            long couponDiscountMinor,
            Integer couponBudgetPercentUsed) {}

    public record Panel(List<TierEvaluation.TierCount> tiers, List<CampaignResult> campaigns) {}

    public Panel of(long operatorId, InsightFilter filter) {
        Operator operator = operators.get(operatorId);
        Instant start = filter.from().atStartOfDay(operator.timeZone()).toInstant();
        Instant end = filter.to().plusDays(1).atStartOfDay(operator.timeZone()).toInstant();
        List<CampaignResult> results = campaigns.overlapping(operatorId, start, end).stream()
                .map(campaign -> result(operatorId, campaign))
                .toList();
        return new Panel(tiers.census(operatorId, filter.siteId(), filter.enterpriseId()), results);
    }

    private CampaignResult result(long operatorId, Campaign campaign) {
        Campaigns.Meter meter = campaigns.meter(operatorId, campaign.id());
        return new CampaignResult(
                Long.toString(campaign.id()),
                campaign.name(),
                campaign.startsAt(),
                campaign.endsAt(),
                campaign.budgetPoints(),
                meter.awardedPoints(),
                meter.awards(),
                meter.percentUsed(),
                campaign.couponBudgetMinor(),
                meter.coupons().issued(),
                meter.coupons().redemptions(),
                meter.coupons().discountMinor(),
                meter.couponPercentUsed());
    }
}
