package io.enjoyspace.booking;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Prices a reservation: hours × rate, with the peak rate for the minutes inside the resource's peak band. */
final class ReservationPricing {

    private ReservationPricing() {}

    static Price price(
            Resource resource, java.time.Instant startsAt, java.time.Instant endsAt, ZoneId zone, String currency) {
        long peakMinutes = 0;
        long totalMinutes = Duration.between(startsAt, endsAt).toMinutes();
        if (resource.hasPeak()) {
            ZonedDateTime cursor = startsAt.atZone(zone);
            ZonedDateTime end = endsAt.atZone(zone);
            while (cursor.isBefore(end)) {
                ZonedDateTime nextDay = cursor.toLocalDate().plusDays(1).atStartOfDay(zone);
                ZonedDateTime segmentEnd = end.isBefore(nextDay) ? end : nextDay;
                if (resource.peakWeekdays().contains(cursor.getDayOfWeek())) {
                    LocalDateTime bandStart = cursor.toLocalDate().atTime(resource.peakStarts());
                    LocalDateTime bandEnd = cursor.toLocalDate().atTime(resource.peakEnds());
                    LocalDateTime from = max(cursor.toLocalDateTime(), bandStart);
                    LocalDateTime to = min(
                            segmentEnd.equals(nextDay)
                                    ? cursor.toLocalDate().atTime(LocalTime.MAX)
                                    : segmentEnd.toLocalDateTime(),
                            bandEnd);
                    if (from.isBefore(to)) {
                        peakMinutes += Duration.between(from, to).toMinutes();
                    }
                }
                cursor = segmentEnd;
            }
        }
        long standardMinutes = totalMinutes - peakMinutes;
        List<Price.Line> lines = new ArrayList<>();
        if (standardMinutes > 0) {
            lines.add(line(Price.Kind.STANDARD, standardMinutes, resource.pricePerHourMinor()));
        }
        if (peakMinutes > 0) {
            lines.add(line(Price.Kind.PEAK, peakMinutes, resource.peakPricePerHourMinor()));
        }
        long shortBy = resource.minBillableMinutes() - totalMinutes;
        if (shortBy > 0) {
            lines.add(line(Price.Kind.MINIMUM, shortBy, resource.pricePerHourMinor()));
        }
        long total = lines.stream().mapToLong(Price.Line::amountMinor).sum();
        return new Price(total, currency, List.copyOf(lines));
    }

    private static Price.Line line(Price.Kind kind, long minutes, long ratePerHourMinor) {
        long amount = (Math.multiplyExact(minutes, ratePerHourMinor) * 2 + 60) / 120;
        return new Price.Line(kind, minutes, ratePerHourMinor, amount);
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
