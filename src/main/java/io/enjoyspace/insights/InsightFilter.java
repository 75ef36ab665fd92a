package io.enjoyspace.insights;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

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

    /**
     * Query parameters for the period: {@code from} and {@code to} (days) and {@code start} and {@code end} (the
     * instants the first day starts and the day after the last starts, in the zone), plus {@code siteId} and
     * {@code enterpriseId} when set.
     */
    Map<String, Object> periodParams(long operatorId, ZoneId zone) {
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("from", from);
        params.put("to", to);
        params.put("start", Timestamp.from(from.atStartOfDay(zone).toInstant()));
        params.put("end", Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()));
        if (siteId != null) {
            params.put("siteId", siteId);
        }
        if (enterpriseId != null) {
            params.put("enterpriseId", enterpriseId);
        }
        return params;
    }

    /** The period of the same length that ends the day before this one starts. */
    public InsightFilter previous() {
        return new InsightFilter(siteId, enterpriseId, from.minusDays(days()), from.minusDays(1));
    }
}
