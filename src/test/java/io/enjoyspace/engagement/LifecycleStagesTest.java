package io.enjoyspace.engagement;

import static io.enjoyspace.engagement.LifecycleStage.ACTIVE;
import static io.enjoyspace.engagement.LifecycleStage.CHURN_RISK;
import static io.enjoyspace.engagement.LifecycleStage.DORMANT;
import static io.enjoyspace.engagement.LifecycleStage.GOLD;
import static io.enjoyspace.engagement.LifecycleStage.NEW;
import static io.enjoyspace.engagement.LifecycleStage.SILVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleStagesTest {

    private static final LifecycleSettings SETTINGS = LifecycleSettings.DEFAULTS;
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static LifecycleStage classify(
            LifecycleStage current, Instant registeredAt, Instant lastUseAt, long thisMonth, long monthBefore) {
        return LifecycleStages.classify(SETTINGS, current, null, NOW, registeredAt, lastUseAt, thisMonth, monthBefore);
    }

    @Test
    void aMemberWhoNeverUsedAServiceIsNewThenDormantThenAtChurnRisk() {
        assertThat(classify(null, daysAgo(0), null, 0, 0)).isEqualTo(NEW);
        assertThat(classify(NEW, daysAgo(29), null, 0, 0)).isEqualTo(NEW);
        assertThat(classify(NEW, daysAgo(30), null, 0, 0)).isEqualTo(DORMANT);
        assertThat(classify(DORMANT, daysAgo(60), null, 0, 0)).isEqualTo(CHURN_RISK);
    }

    @Test
    void usesThisMonthMakeActiveSilverAndGold() {
        assertThat(classify(NEW, daysAgo(5), daysAgo(1), 1, 0)).isEqualTo(ACTIVE);
        assertThat(classify(ACTIVE, daysAgo(5), daysAgo(1), 2, 0)).isEqualTo(ACTIVE);
        assertThat(classify(ACTIVE, daysAgo(5), daysAgo(1), 3, 0)).isEqualTo(SILVER);
        assertThat(classify(SILVER, daysAgo(5), daysAgo(1), 7, 0)).isEqualTo(SILVER);
        assertThat(classify(SILVER, daysAgo(5), daysAgo(1), 8, 0)).isEqualTo(GOLD);
    }

    @Test
    void daysWithoutUseMakeDormantThenChurnRisk() {
        assertThat(classify(GOLD, daysAgo(100), daysAgo(29), 4, 8)).isEqualTo(SILVER);
        assertThat(classify(GOLD, daysAgo(100), daysAgo(30), 0, 8)).isEqualTo(DORMANT);
        assertThat(classify(DORMANT, daysAgo(100), daysAgo(59), 0, 1)).isEqualTo(DORMANT);
        assertThat(classify(DORMANT, daysAgo(100), daysAgo(60), 0, 0)).isEqualTo(CHURN_RISK);
    }

    @Test
    void usesFallingByMoreThanHalfAgainstTheMonthBeforeAreAChurnRisk() {
        assertThat(classify(GOLD, daysAgo(100), daysAgo(1), 3, 8)).isEqualTo(CHURN_RISK);
        assertThat(classify(GOLD, daysAgo(100), daysAgo(1), 4, 8)).isEqualTo(SILVER);
        assertThat(classify(CHURN_RISK, daysAgo(100), daysAgo(1), 3, 8)).isEqualTo(CHURN_RISK);
    }

    @Test
    void aMemberComingBackFromDormantIsActiveAgainForAMonth() {
        assertThat(classify(DORMANT, daysAgo(100), daysAgo(0), 1, 8)).isEqualTo(ACTIVE);
        assertThat(LifecycleStages.classify(SETTINGS, ACTIVE, daysAgo(1), NOW, daysAgo(100), daysAgo(1), 1, 8))
                .isEqualTo(ACTIVE);
        assertThat(LifecycleStages.classify(SETTINGS, ACTIVE, daysAgo(30), NOW, daysAgo(100), daysAgo(1), 1, 8))
                .isEqualTo(CHURN_RISK);
    }
}
