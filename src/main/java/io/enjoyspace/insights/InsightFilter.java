package io.enjoyspace.insights;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * What a dashboard figure covers: the days from {@code from} to {@code to} (both included, in the operator's time
 * zone), optionally one site and one enterprise.
 */
public record InsightFilter(Long siteId, Long enterpriseId, LocalDate from, LocalDate to) {

    /** The longest period one request may cover. */
    public static final int MAX_DAYS = 400;

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The period of the same length that ends the day before this one starts. */
    public InsightFilter previous() {
        return new InsightFilter(siteId, enterpriseId, from.minusDays(days()), from.minusDays(1));
    }
}
