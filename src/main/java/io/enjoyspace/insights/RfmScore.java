package io.enjoyspace.insights;

import java.time.Instant;

/**
 * A member's scores (see {@link TagComputation} for the definitions): orders and spend over
 * twelve months, recency in days since the last paid order, R/F/M 1 to 5 (null without a paid order in twelve months),
 * the RFM segment (CHAMPIONS, LOYAL, NEW, POTENTIAL, AT_RISK, HIBERNATING, LOST; null for a member who never paid),
 * the activity level (HIGH, MEDIUM, LOW, NONE) and the spending power (TOP, HIGH, MEDIUM, LOW, NONE); computedAt: when
 * they last changed (a run that finds them unchanged leaves the row alone).
 */
public record RfmScore(
        long memberId,
        long orders12Months,
        long spend12MonthsMinor,
        Instant lastPaidAt,
        Instant lastActivityAt,
        Integer recencyDays,
        int activeDays30,
        Integer recencyScore,
        Integer frequencyScore,
        Integer monetaryScore,
        String rfmSegment,
        String activityLevel,
        String spendingPower,
        Instant computedAt) {}
