package io.enjoyspace.insights;

import java.util.List;

/**
 * One condition of a segment or a tag rule: either a predicate (field, operator, value) or a nested group (match ALL or
 * ANY over conditions). Fields: tag (has, hasNot), site, enterprise, industry, tier, sizeBand (eq, ne), registered
 * (before, after an ISO date), orders12m, spend12m (currency units), pointsBalance, activeDays30, daysSinceActivity
 * (eq, ne, gt, gte, lt, lte).
 */
public record SegmentCondition(
        String field, String operator, String value, String match, List<SegmentCondition> conditions) {

    public static SegmentCondition of(String field, String operator, String value) {
        return new SegmentCondition(field, operator, value, null, null);
    }

    public static SegmentCondition group(String match, List<SegmentCondition> conditions) {
        return new SegmentCondition(null, null, null, match, conditions);
    }

    boolean isGroup() {
        return conditions != null;
    }
}
