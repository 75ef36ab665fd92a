package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReservationPricingTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Resource room(long pricePerHour, int minBillable, Long peak, Set<DayOfWeek> days) {
        return new Resource(
                1,
                1,
                1,
                ResourceType.MEETING_ROOM,
                "Room",
                6,
                List.of(),
                null,
                pricePerHour,
                minBillable,
                peak,
                days,
                peak == null ? null : LocalTime.of(9, 0),
                peak == null ? null : LocalTime.of(12, 0),
                15,
                15,
                true);
    }

    /** 2030-03-04 is a Monday, 2030-03-09 a Saturday. */
    static Instant at(int day, int hour, int minute) {
        return LocalDateTime.of(2030, 3, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    @Test
    void hoursTimesTheRate() {
        Price price =
                ReservationPricing.price(room(12_000, 0, null, Set.of()), at(4, 14, 0), at(4, 16, 30), SHANGHAI, "CNY");

        assertThat(price.totalMinor()).isEqualTo(30_000);
        assertThat(price.lines()).containsExactly(new Price.Line(Price.Kind.STANDARD, 150, 12_000, 30_000));
    }

    @Test
    void minutesInsideThePeakBandCostThePeakRateOnPeakWeekdaysOnly() {
        Resource room = room(12_000, 0, 18_000L, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

        Price monday = ReservationPricing.price(room, at(4, 8, 0), at(4, 10, 30), SHANGHAI, "CNY");
        Price saturday = ReservationPricing.price(room, at(9, 8, 0), at(9, 10, 30), SHANGHAI, "CNY");
        Price allPeak = ReservationPricing.price(room, at(4, 9, 0), at(4, 12, 0), SHANGHAI, "CNY");

        assertThat(monday.lines())
                .containsExactly(
                        new Price.Line(Price.Kind.STANDARD, 60, 12_000, 12_000),
                        new Price.Line(Price.Kind.PEAK, 90, 18_000, 27_000));
        assertThat(monday.totalMinor()).isEqualTo(39_000);
        assertThat(saturday.totalMinor()).isEqualTo(30_000);
        assertThat(allPeak.lines()).containsExactly(new Price.Line(Price.Kind.PEAK, 180, 18_000, 54_000));
    }

    @Test
    void aShortBookingIsChargedForTheMinimumBillableLength() {
        Price price = ReservationPricing.price(
                room(30_000, 60, null, Set.of()), at(4, 14, 0), at(4, 14, 30), SHANGHAI, "CNY");

        assertThat(price.lines())
                .containsExactly(
                        new Price.Line(Price.Kind.STANDARD, 30, 30_000, 15_000),
                        new Price.Line(Price.Kind.MINIMUM, 30, 30_000, 15_000));
        assertThat(price.totalMinor()).isEqualTo(30_000);
    }

    @Test
    void eachLineIsRoundedHalfUpToTheFen() {
        // 7 minutes at 1.00 an hour is 11.67 fen; 3 minutes is 5 fen exactly; 1 minute at 0.30 is 0.5 fen.
        assertThat(ReservationPricing.price(room(100, 0, null, Set.of()), at(4, 9, 0), at(4, 9, 7), SHANGHAI, "CNY")
                        .totalMinor())
                .isEqualTo(12);
        assertThat(ReservationPricing.price(room(100, 0, null, Set.of()), at(4, 9, 0), at(4, 9, 3), SHANGHAI, "CNY")
                        .totalMinor())
                .isEqualTo(5);
        assertThat(ReservationPricing.price(room(30, 0, null, Set.of()), at(4, 9, 0), at(4, 9, 1), SHANGHAI, "CNY")
                        .totalMinor())
                .isEqualTo(1);
    }

    @Test
    void aFreeRoomCostsNothing() {
        Price price = ReservationPricing.price(room(0, 60, null, Set.of()), at(4, 9, 0), at(4, 9, 30), SHANGHAI, "CNY");

        assertThat(price.totalMinor()).isZero();
    }
}
