package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarsTest {

    static Reservation reservation(ReservationStatus status) {
        return new Reservation(
                42,
                7,
                3,
                9,
                null,
                null,
                status,
                Instant.parse("2030-03-04T01:30:00Z"),
                Instant.parse("2030-03-04T02:45:00Z"),
                0,
                new Price(0, "CNY", List.of()),
                null,
                Instant.parse("2030-03-04T01:15:00Z"),
                Instant.parse("2030-03-04T01:45:00Z"),
                1,
                null,
                Instant.parse("2030-03-01T00:00:00Z"),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void textIsEscapedAsRfc5545Asks() {
        assertThat(Calendars.escape("a,b;c\\d\ne")).isEqualTo("a\\,b\\;c\\\\d\\ne");
    }

    @Test
    void timesAreUtcAndEveryLineEndsWithCrlfWithinSeventyFiveOctets() {
        String name = "会议室".repeat(20);
        String ics = Calendars.calendar(
                List.of(new Calendars.Entry(reservation(ReservationStatus.PENDING_APPROVAL), name, "Tower, 18F")),
                Instant.parse("2030-03-01T08:00:00Z"),
                "enjoyspace.io");

        assertThat(ics).contains("DTSTART:20300304T013000Z\r\n", "DTEND:20300304T024500Z\r\n");
        assertThat(ics).contains("DTSTAMP:20300301T080000Z\r\n", "UID:reservation-42-7@enjoyspace.io\r\n");
        assertThat(ics).contains("STATUS:TENTATIVE\r\n", "LOCATION:Tower\\, 18F\r\n");
        assertThat(ics.split("\r\n"))
                .allSatisfy(line ->
                        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        // Unfolding (removing CRLF and the space after it) gives the summary back whole.
        assertThat(ics.replace("\r\n ", "")).contains("SUMMARY:" + name + "\r\n");
    }
}
