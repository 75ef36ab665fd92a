package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Instant at(int day, int hour, int minute) {
        return LocalDateTime.of(2030, 3, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    static final Map<DayOfWeek, OpeningHours> WEEKDAYS = Map.of(
            DayOfWeek.MONDAY, new OpeningHours(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)),
            DayOfWeek.TUESDAY, new OpeningHours(DayOfWeek.TUESDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)),
            DayOfWeek.WEDNESDAY, new OpeningHours(DayOfWeek.WEDNESDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)));

    @Test
    void freeSlotsAreOpeningHoursLessBusyTimeAndHolidays() {
        List<Availability.Busy> busy = List.of(
                new Availability.Busy(at(4, 10, 0), at(4, 11, 10), Availability.BusyKind.RESERVED),
                new Availability.Busy(at(4, 11, 0), at(4, 12, 0), Availability.BusyKind.BLACKOUT),
                new Availability.Busy(at(4, 17, 0), at(4, 19, 0), Availability.BusyKind.RESERVED));

        List<Availability.Slot> free =
                Availability.free(WEEKDAYS, Set.of(LocalDate.of(2030, 3, 5)), busy, at(4, 0, 0), at(7, 0, 0), SHANGHAI);

        assertThat(free)
                .containsExactly(
                        new Availability.Slot(at(4, 8, 0), at(4, 10, 0)),
                        new Availability.Slot(at(4, 12, 0), at(4, 17, 0)),
                        new Availability.Slot(at(6, 8, 0), at(6, 18, 0)));
    }

    @Test
    void theRangeClipsTheSlots() {
        List<Availability.Slot> free =
                Availability.free(WEEKDAYS, Set.of(), List.of(), at(4, 9, 30), at(4, 12, 0), SHANGHAI);

        assertThat(free).containsExactly(new Availability.Slot(at(4, 9, 30), at(4, 12, 0)));
    }
}
