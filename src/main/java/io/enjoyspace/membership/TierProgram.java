package io.enjoyspace.membership;

/**
 * How an operator's tiers for one audience qualify and fall: by {@code measure}, upgraded as soon as it qualifies,
 * lowered at the end of a month by {@code downgradePolicy} once {@code graceMonths} months in a row did not qualify.
 */
public record TierProgram(
        long operatorId, Audience audience, Measure measure, DowngradePolicy downgradePolicy, int graceMonths) {}
