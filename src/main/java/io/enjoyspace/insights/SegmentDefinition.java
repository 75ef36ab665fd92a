package io.enjoyspace.insights;

import java.util.List;

/** What a segment or a tag rule selects: members matching ALL (or ANY) of the conditions. */
public record SegmentDefinition(String match, List<SegmentCondition> conditions) {

    public static SegmentDefinition all(SegmentCondition... conditions) {
        return new SegmentDefinition("ALL", List.of(conditions));
    }
}
