package io.enjoyspace.insights;

import io.enjoyspace.coupons.CouponAudienceSegments;
import io.enjoyspace.rewards.RewardSegments;
import io.enjoyspace.rules.RuleMemberTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Segments and tags as audiences of the lower modules: coupon pushes, mall rewards limited to a segment, and rule and
 * campaign conditions on member.tags and member.segments.
 */
@Component
class SegmentAudiences implements CouponAudienceSegments, RewardSegments, RuleMemberTags {

    private final Segments segments;
    private final Tags tags;

    SegmentAudiences(Segments segments, Tags tags) {
        this.segments = segments;
        this.tags = tags;
    }

    @Override
    public List<String> tagsOf(long operatorId, long memberId) {
        return tags.of(operatorId, memberId).stream().map(MemberTag::tag).toList();
    }

    @Override
    public List<String> segmentsOf(long operatorId, long memberId) {
        return segments.list(operatorId).stream()
                .filter(segment -> segments.contains(operatorId, segment.id(), memberId))
                .map(segment -> Long.toString(segment.id()))
                .toList();
    }

    @Override
    public Map<Long, String> segments(long operatorId) {
        Map<Long, String> byId = new LinkedHashMap<>();
        for (Segments.Segment segment : segments.list(operatorId)) {
            byId.put(segment.id(), segment.name());
        }
        return byId;
    }

    @Override
    public List<Long> membersOfSegment(long operatorId, long segmentId) {
        return segments.memberIds(operatorId, segmentId);
    }

    @Override
    public boolean exists(long operatorId, long segmentId) {
        return segments.list(operatorId).stream().anyMatch(segment -> segment.id() == segmentId);
    }

    @Override
    public boolean contains(long operatorId, long segmentId, long memberId) {
        return segments.contains(operatorId, segmentId, memberId);
    }
}
