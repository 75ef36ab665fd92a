package io.enjoyspace.insights;

import java.util.List;

/**
 * A tenant company's health score, 0 to 100: the weighted sum of five components, each a value from 0 to 1.
 *
 * <ul>
 *   <li>registration, weight 20: registered employees over the headcount on the lease, at most 1 (no headcount: 1 when
 *       anybody registered, else 0);
 *   <li>activeShare, weight 25: employees active in the last 30 days over the registered employees (none registered:
 *       0);
 *   <li>usageTrend, weight 20: the employees' active member-days of the last 90 days over those of the 90 days before,
 *       at most 1, so a falling use costs points and a growing one is full marks (nothing before: 1 when used now,
 *       else 0);
 *   <li>satisfaction, weight 15: the average stars of the employees' ratings over twelve months, (average - 1) / 4 (no
 *       ratings: 0.5, as unknown);
 *   <li>leaseRunway, weight 20: days until the lease ends over 365, at most 1 (no lease, or ended: 0).
 * </ul>
 *
 * The score is the sum rounded to a whole number. A company is a renewal risk when its lease ends within {@code
 * riskWindowDays} days (or has ended without a renewal) and its score is below {@code riskScoreBelow}.
 */
public final class EnterpriseProfileHealth {

    static final int REGISTRATION_WEIGHT = 20;
    static final int ACTIVE_SHARE_WEIGHT = 25;
    static final int USAGE_TREND_WEIGHT = 20;
    static final int SATISFACTION_WEIGHT = 15;
    static final int LEASE_RUNWAY_WEIGHT = 20;

    private EnterpriseProfileHealth() {}

    /**
     * What the score is computed from. {@code daysToLeaseEnd} is null without a lease, negative when it has ended.
     */
    public record Inputs(
            long headcount,
            long registered,
            long active30Days,
            long activeDaysRecent,
            long activeDaysPrevious,
            long ratings,
            long stars,
            Long daysToLeaseEnd) {}

    /** One component: its value from 0 to 1 and the points it adds (value times weight). */
    public record Component(String name, int weight, double value, double points) {}

    /** The score, its components, and whether the company is a renewal risk under the settings given. */
    public record Health(
            int score, List<Component> components, boolean renewalRisk, int riskWindowDays, int riskScoreBelow) {}

    public static Health of(Inputs inputs, int riskWindowDays, int riskScoreBelow) {
        double registration = inputs.headcount() <= 0
                ? (inputs.registered() > 0 ? 1 : 0)
                : Math.min(1.0, (double) inputs.registered() / inputs.headcount());
        double activeShare =
                inputs.registered() <= 0 ? 0 : Math.min(1.0, (double) inputs.active30Days() / inputs.registered());
        double usageTrend = inputs.activeDaysPrevious() <= 0
                ? (inputs.activeDaysRecent() > 0 ? 1 : 0)
                : Math.min(1.0, (double) inputs.activeDaysRecent() / inputs.activeDaysPrevious());
        double satisfaction = inputs.ratings() <= 0 ? 0.5 : ((double) inputs.stars() / inputs.ratings() - 1) / 4;
        double leaseRunway = inputs.daysToLeaseEnd() == null || inputs.daysToLeaseEnd() <= 0
                ? 0
                : Math.min(1.0, inputs.daysToLeaseEnd() / 365.0);
        List<Component> components = List.of(
                component("registration", REGISTRATION_WEIGHT, registration),
                component("activeShare", ACTIVE_SHARE_WEIGHT, activeShare),
                component("usageTrend", USAGE_TREND_WEIGHT, usageTrend),
                component("satisfaction", SATISFACTION_WEIGHT, satisfaction),
                component("leaseRunway", LEASE_RUNWAY_WEIGHT, leaseRunway));
        double sum = REGISTRATION_WEIGHT * bounded(registration)
                + ACTIVE_SHARE_WEIGHT * bounded(activeShare)
                + USAGE_TREND_WEIGHT * bounded(usageTrend)
                + SATISFACTION_WEIGHT * bounded(satisfaction)
                + LEASE_RUNWAY_WEIGHT * bounded(leaseRunway);
        int score = (int) Math.round(sum);
        boolean endingSoon = inputs.daysToLeaseEnd() != null && inputs.daysToLeaseEnd() <= riskWindowDays;
        return new Health(score, components, endingSoon && score < riskScoreBelow, riskWindowDays, riskScoreBelow);
    }

    private static Component component(String name, int weight, double value) {
        double bounded = bounded(value);
        return new Component(
                name, weight, Math.round(bounded * 1000) / 1000.0, Math.round(bounded * weight * 10) / 10.0);
    }

    private static double bounded(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
