package io.enjoyspace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {

    private final Formats formats = new Formats("Asia/Shanghai");

    @Test
    void moneyShowsTheSignGroupsThousandsAndKeepsTwoDecimals() {
        assertThat(formats.money(Money.of(20_000, "CNY"))).isEqualTo("¥200.00");
        assertThat(formats.money(Money.of(1_361_800, "CNY"))).isEqualTo("¥13,618.00");
        assertThat(formats.money(Money.of(5, "USD"))).isEqualTo("$0.05");
    }

    @Test
    void timesAreShownInTheDisplayZone() {
        assertThat(formats.dateTime(Instant.parse("2026-11-26T16:30:00Z"))).isEqualTo("2026-11-27 00:30");
    }

    @Test
    void pointsCarryTheirSign() {
        assertThat(formats.points(200)).isEqualTo("+200");
        assertThat(formats.points(-50)).isEqualTo("-50");
    }
}
