package io.enjoyspace.insights;

/**
 * The operations dashboard's figures for one period. Amounts are minor units of the operator's currency; rates are
 * fractions (0.25 is 25 %) and null where their denominator is zero.
 *
 * @param valueAddedRevenueMinor money paid for orders completed in the period, less refunds in it
 * @param rentMinor lease rent falling in the period, pro rata per day (monthly rent x 12 / 365)
 * @param valueAddedRevenueShare value-added revenue / (rent + value-added revenue)
 * @param registrationRate members of enterprises on lease at the period's end / those enterprises' headcount
 * @param activeMembers distinct members who did anything (ordered, booked, checked in, redeemed, viewed ...)
 * @param dailyActiveMembers active members per day, averaged over the period
 * @param monthlyActiveMembers distinct members active in the calendar month of the period's last day
 * @param serviceUsageRate members who paid an order in the period / registered members
 * @param pointsOutstanding points issued and neither redeemed nor expired by the period's end
 * @param redemptionRate points redeemed / points issued in the period
 * @param circulationRate points redeemed / (outstanding at the start + issued in the period)
 * @param slaCompliance orders completed by their service deadline / completed orders that had one
 * @param renewalRate leases ending in the period that were renewed / leases ending in the period
 * @param vacancyRate area not on lease at the period's end / site capacity (null without capacity or with an
 *     enterprise filter)
 * @param couponsIssued coupons that reached members in the period
 * @param couponsUsed coupons used at checkout in the period
 * @param couponDiscountMinor the discount those coupons gave
 * @param couponUseRate coupons used / coupons issued in the period
 * @param tierUpgrades members who rose to a higher tier in the period
 * @param tierDowngrades members who fell to a lower tier in the period
 */
public record InsightFigures(
        long orders,
        long gmvMinor,
        long valueAddedRevenueMinor,
        long rentMinor,
        Double valueAddedRevenueShare,
        long registeredMembers,
        long headcount,
        Double registrationRate,
        long activeMembers,
        double dailyActiveMembers,
        long monthlyActiveMembers,
        long orderingMembers,
        Double serviceUsageRate,
        long pointsIssued,
        long pointsRedeemed,
        long pointsExpired,
        long pointsOutstanding,
        Double redemptionRate,
        Double circulationRate,
        long ratings,
        Double averageRating,
        long completedOrders,
        Double slaCompliance,
        long leasesEnded,
        long leasesRenewed,
        Double renewalRate,
        Double vacancyRate,
        long bookings,
        long checkIns,
        long views,
        long couponsIssued,
        long couponsUsed,
        long couponDiscountMinor,
        Double couponUseRate,
        long tierUpgrades,
        long tierDowngrades) {

    static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : Math.round(numerator / denominator * 10_000) / 10_000.0;
    }
}
