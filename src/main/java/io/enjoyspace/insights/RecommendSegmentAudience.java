package io.enjoyspace.insights;

import java.util.List;
import org.springframework.stereotype.Component;

/** Every member of a saved segment, as its query finds them now. */
@Component
class RecommendSegmentAudience implements RecommendAudience {

    private final Segments segments;

    RecommendSegmentAudience(Segments segments) {
        this.segments = segments;
    }

    @Override
    public String kind() {
        return "SEGMENT";
    }

    @Override
    public List<Long> memberIds(long operatorId, long segmentId) {
        return segments.memberIds(operatorId, segmentId);
    }

    @Override
    public String name(long operatorId, long segmentId) {
        return segments.get(operatorId, segmentId).name();
    }
}
