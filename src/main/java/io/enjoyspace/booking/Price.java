package io.enjoyspace.booking;

import java.util.List;

/**
 * What a reservation costs, computed when it is booked, with one line per rate: standard minutes, peak minutes and the
 * minutes added to reach the resource's minimum billable length. Each line is rounded half up to the minor unit.
 */
public record Price(long totalMinor, String currency, List<Line> lines) {

    public enum Kind {
        STANDARD,
        PEAK,
        MINIMUM
    }

    public record Line(Kind kind, long minutes, long ratePerHourMinor, long amountMinor) {}
}
