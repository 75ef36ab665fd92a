package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ExpiryPolicyTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    // 2026-11-26 23:30 in Shanghai, still the 26th there though already the 26th 15:30 UTC.
    private static final Instant EARNED = Instant.parse("2026-11-26T15:30:00Z");

    @Test
    void neverExpiringPointsHaveNoDate() {
        assertThat(ExpiryPolicy.NEVER.expiresAt(EARNED, SHANGHAI)).isNull();
    }

    @Test
    void daysAfterEarningCountWholeLocalDays() {
        assertThat(new ExpiryPolicy(ExpiryPolicy.Kind.DAYS_AFTER_EARNING, 30).expiresAt(EARNED, SHANGHAI))
                .isEqualTo(Instant.parse("2026-12-26T16:00:00Z")); // 2026-12-27 00:00 in Shanghai
    }

    @Test
    void endOfMonthCountsFromTheMonthOfEarning() {
        assertThat(new ExpiryPolicy(ExpiryPolicy.Kind.END_OF_MONTH, 0).expiresAt(EARNED, SHANGHAI))
                .isEqualTo(Instant.parse("2026-11-30T16:00:00Z")); // 2026-12-01 00:00 in Shanghai
        assertThat(new ExpiryPolicy(ExpiryPolicy.Kind.END_OF_MONTH, 3).expiresAt(EARNED, SHANGHAI))
                .isEqualTo(Instant.parse("2027-02-28T16:00:00Z")); // 2027-03-01 00:00
    }

    @Test
    void endOfYearCountsFromTheYearOfEarning() {
        assertThat(new ExpiryPolicy(ExpiryPolicy.Kind.END_OF_YEAR, 1).expiresAt(EARNED, SHANGHAI))
                .isEqualTo(Instant.parse("2027-12-31T16:00:00Z")); // 2028-01-01 00:00
    }

    @Test
    void theLocalDateDecidesNotTheUtcDate() {
        Instant lateEvening = Instant.parse("2026-12-31T17:00:00Z"); // 2027-01-01 01:00 in Shanghai
        assertThat(new ExpiryPolicy(ExpiryPolicy.Kind.END_OF_YEAR, 0).expiresAt(lateEvening, SHANGHAI))
                .isEqualTo(Instant.parse("2027-12-31T16:00:00Z"));
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new ExpiryPolicy(ExpiryPolicy.Kind.DAYS_AFTER_EARNING, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExpiryPolicy(ExpiryPolicy.Kind.END_OF_YEAR, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
