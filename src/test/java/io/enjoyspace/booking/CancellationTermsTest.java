package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CancellationTermsTest {

    static final Instant START = Instant.parse("2030-03-04T02:00:00Z");
    static final CancellationTerms TERMS = new CancellationTerms(48, 30, 6);

    @ParameterizedTest(name = "{0} minutes ahead: {1} %, {2} fen of 9999")
    @CsvSource({
        "2881, 100, 9999",
        "2880, 100, 9999",
        "2879, 30, 2999",
        "360, 30, 2999",
        "359, 0, 0",
        "0, 0, 0",
        "-5, 0, 0"
    })
    void theRefundStepsDownAtEachDeadline(long minutesAhead, int percent, long amountMinor) {
        CancellationTerms.Refund refund =
                CancellationTerms.refund(TERMS, 9_999, START, START.minus(Duration.ofMinutes(minutesAhead)));

        assertThat(refund).isEqualTo(new CancellationTerms.Refund(percent, amountMinor));
    }

    @Test
    void withoutTermsEveryCancellationBeforeTheStartIsFree() {
        assertThat(CancellationTerms.refund(null, 5_000, START, START.minusSeconds(60)))
                .isEqualTo(new CancellationTerms.Refund(100, 5_000));
        assertThat(CancellationTerms.refund(null, 5_000, START, START)).isEqualTo(new CancellationTerms.Refund(0, 0));
    }
}
