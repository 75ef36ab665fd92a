package io.enjoyspace.insights;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the quarterly report recommends something, set under {@code enjoyspace.insights.report}.
 *
 * @param lowUseShareOfMedian an offering is little used when its orders in the quarter are below this share of the
 *     median orders of the offerings on sale (0.25: a quarter of the median)
 * @param minDaysOnSale only offerings on sale for at least this many days by the quarter's end are judged on use
 * @param lowRatingBelow an offering is poorly rated when its average rating in the quarter is below this
 * @param minRatings and it has at least this many ratings in the quarter
 * @param minCategoryViews a category is in demand when members viewed it (or its offerings) at least this often
 * @param minViewConversion and it is under-served when its orders are below this share of its views
 * @param fewOfferings or when it has at most this many offerings on sale
 * @param redemptionLowBelow the points redemption rate (redeemed / issued in the quarter) below which members are
 *     not finding anything worth their points
 * @param redemptionHighAbove the rate above which points are spent as fast as they are earned
 * @param minPointsIssued redemption advice needs at least this many points issued in the quarter
 * @param expiringSoonDays the horizon of the liability-ageing advice, in days
 * @param expiringShareAbove advice when more than this share of the outstanding points expires within the horizon
 * @param dormantAfterDays a registered member without activity for this many days is dormant
 * @param dormantShareAbove advice when more than this share of the registered members is dormant
 * @param minAudienceMembers an audience is named only with at least this many members
 * @param audiencesPerKind how many of the largest audiences of each kind are named
 * @param servicesPerKind how many services are named per recommendation kind, the weakest first
 */
@ConfigurationProperties("enjoyspace.insights.report")
public record ReportThresholds(
        @DefaultValue("0.25") double lowUseShareOfMedian,
        @DefaultValue("30") int minDaysOnSale,
        @DefaultValue("3.5") double lowRatingBelow,
        @DefaultValue("3") int minRatings,
        @DefaultValue("20") long minCategoryViews,
        @DefaultValue("0.05") double minViewConversion,
        @DefaultValue("1") int fewOfferings,
        @DefaultValue("0.2") double redemptionLowBelow,
        @DefaultValue("0.9") double redemptionHighAbove,
        @DefaultValue("100") long minPointsIssued,
        @DefaultValue("90") int expiringSoonDays,
        @DefaultValue("0.3") double expiringShareAbove,
        @DefaultValue("30") int dormantAfterDays,
        @DefaultValue("0.3") double dormantShareAbove,
        @DefaultValue("3") long minAudienceMembers,
        @DefaultValue("2") int audiencesPerKind,
        @DefaultValue("5") int servicesPerKind) {}
