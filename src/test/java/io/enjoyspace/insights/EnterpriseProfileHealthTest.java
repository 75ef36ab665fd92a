package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnterpriseProfileHealthTest {

    static final int WINDOW = 180;
    static final int BELOW = 60;

    static EnterpriseProfileHealth.Inputs inputs(
            long headcount,
            long registered,
            long active,
            long recent,
            long previous,
            long ratings,
            long stars,
            Long daysToEnd) {
        return new EnterpriseProfileHealth.Inputs(
                headcount, registered, active, recent, previous, ratings, stars, daysToEnd);
    }

    static Map<String, Double> values(EnterpriseProfileHealth.Health health) {
        return health.components().stream()
                .collect(Collectors.toMap(
                        EnterpriseProfileHealth.Component::name, EnterpriseProfileHealth.Component::value));
    }

    @Test
    void aCompanyThatUsesEverythingWithALongLeaseScoresOneHundred() {
        EnterpriseProfileHealth.Health health =
                EnterpriseProfileHealth.of(inputs(20, 20, 20, 300, 250, 10, 50, 400L), WINDOW, BELOW);

        assertThat(health.score()).isEqualTo(100);
        assertThat(health.renewalRisk()).isFalse();
        assertThat(health.components())
                .extracting(EnterpriseProfileHealth.Component::weight)
                .containsExactly(20, 25, 20, 15, 20);
    }

    @Test
    void eachComponentFollowsItsDocumentedFormula() {
        // 15 of 20 registered, 6 of 15 active, use fell from 200 to 150 days, 4 ratings of 14 stars, 73 days left.
        EnterpriseProfileHealth.Health health =
                EnterpriseProfileHealth.of(inputs(20, 15, 6, 150, 200, 4, 14, 73L), WINDOW, BELOW);

        Map<String, Double> values = values(health);
        assertThat(values.get("registration")).isEqualTo(0.75);
        assertThat(values.get("activeShare")).isEqualTo(0.4);
        assertThat(values.get("usageTrend")).isEqualTo(0.75);
        assertThat(values.get("satisfaction")).isEqualTo(0.625);
        assertThat(values.get("leaseRunway")).isEqualTo(0.2);
        double expected = 20 * 0.75 + 25 * 0.4 + 20 * 0.75 + 15 * 0.625 + 20 * (73 / 365.0);
        assertThat(health.score()).isEqualTo((int) Math.round(expected));
        assertThat(health.components().stream()
                        .mapToDouble(EnterpriseProfileHealth.Component::points)
                        .sum())
                .isCloseTo(expected, within(0.3));
    }

    @Test
    void missingDataCountsAsTheFormulaSays() {
        // Nobody registered, nothing used, no ratings, no lease.
        EnterpriseProfileHealth.Health none =
                EnterpriseProfileHealth.of(inputs(10, 0, 0, 0, 0, 0, 0, null), WINDOW, BELOW);
        Map<String, Double> values = values(none);
        assertThat(values.get("registration")).isZero();
        assertThat(values.get("activeShare")).isZero();
        assertThat(values.get("usageTrend")).isZero();
        assertThat(values.get("satisfaction")).isEqualTo(0.5);
        assertThat(values.get("leaseRunway")).isZero();
        assertThat(none.score()).isEqualTo(8); // 15 x 0.5 = 7.5, rounded
        assertThat(none.renewalRisk()).as("no lease: nothing to renew").isFalse();

        // No headcount on the lease but people registered; use only now; more registered than on the lease.
        Map<String, Double> fresh = values(EnterpriseProfileHealth.of(inputs(0, 3, 1, 5, 0, 0, 0, 30L), WINDOW, BELOW));
        assertThat(fresh.get("registration")).isEqualTo(1.0);
        assertThat(fresh.get("usageTrend")).isEqualTo(1.0);
        assertThat(values(EnterpriseProfileHealth.of(inputs(5, 8, 8, 1, 1, 0, 0, 30L), WINDOW, BELOW))
                        .get("registration"))
                .isEqualTo(1.0);
    }

    @Test
    void renewalRiskNeedsBothALeaseEndingWithinTheWindowAndAScoreBelowTheThreshold() {
        // A weak company: registration 0.5, no activity, no ratings.
        EnterpriseProfileHealth.Inputs weakAtWindow = inputs(10, 5, 0, 0, 0, 0, 0, (long) WINDOW);
        assertThat(EnterpriseProfileHealth.of(weakAtWindow, WINDOW, BELOW).renewalRisk())
                .isTrue();
        EnterpriseProfileHealth.Inputs weakBeyond = inputs(10, 5, 0, 0, 0, 0, 0, WINDOW + 1L);
        assertThat(EnterpriseProfileHealth.of(weakBeyond, WINDOW, BELOW).renewalRisk())
                .isFalse();
        EnterpriseProfileHealth.Inputs ended = inputs(10, 5, 0, 0, 0, 0, 0, -3L);
        assertThat(EnterpriseProfileHealth.of(ended, WINDOW, BELOW).renewalRisk())
                .isTrue();

        // Registration, activity and use in full (65 points), one-star ratings and the lease ending today: 65. A score
        // at the threshold is no risk; below it is.
        EnterpriseProfileHealth.Inputs strong = inputs(10, 10, 10, 5, 5, 1, 1, 0L);
        assertThat(EnterpriseProfileHealth.of(strong, WINDOW, BELOW).score()).isEqualTo(65);
        assertThat(EnterpriseProfileHealth.of(strong, WINDOW, 65).renewalRisk()).isFalse();
        assertThat(EnterpriseProfileHealth.of(strong, WINDOW, 66).renewalRisk()).isTrue();
    }
}
