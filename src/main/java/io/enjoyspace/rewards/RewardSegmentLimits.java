package io.enjoyspace.rewards;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Limits a reward to the members of an insights segment (besides any tier limit): eligibility by segment. */
@Component
public class RewardSegmentLimits {

    private final JdbcClient jdbc;
    private final ObjectProvider<RewardSegments> segments;

    RewardSegmentLimits(JdbcClient jdbc, ObjectProvider<RewardSegments> segments) {
        this.jdbc = jdbc;
        this.segments = segments;
    }

    /** The segment the reward is limited to, if any (404 for an unknown reward). */
    public Optional<Long> of(long operatorId, long rewardId) {
        return jdbc.sql("select eligible_segment_id from reward where operator_id = ? and id = ?")
                .params(operatorId, rewardId)
                .query((rs, row) -> Optional.ofNullable((Long) rs.getObject(1)))
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** Limits the reward to the segment, or lifts the limit ({@code segmentId} null). */
    public void limit(long operatorId, long rewardId, Long segmentId) {
        of(operatorId, rewardId);
        if (segmentId != null) {
            RewardSegments known = segments.getIfAvailable();
            if (known == null || !known.exists(operatorId, segmentId)) {
                throw new InvalidInputException("segmentId", "rewards.segment.unknown");
            }
        }
        jdbc.sql("update reward set eligible_segment_id = ? where operator_id = ? and id = ?")
                .params(segmentId, operatorId, rewardId)
                .update();
    }

    /** The operator's segments by id with their names (empty without insights), for the reward form. */
    public java.util.Map<Long, String> choices(long operatorId) {
        RewardSegments known = segments.getIfAvailable();
        return known == null ? java.util.Map.of() : known.segments(operatorId);
    }

    /** The rewards of the operator limited to a segment, with the segment of each. */
    java.util.Map<Long, Long> limited(long operatorId) {
        java.util.Map<Long, Long> limits = new java.util.HashMap<>();
        jdbc.sql("select id, eligible_segment_id from reward where operator_id = ? and eligible_segment_id is not null")
                .param(operatorId)
                .query((rs, row) -> limits.put(rs.getLong("id"), rs.getLong("eligible_segment_id")))
                .list();
        return limits;
    }

    /**
     * The rewards a member may see: a reward limited to a segment is shown to the segment's members only (one meant
     * for a target group is not offered to everyone else).
     */
    List<Reward> visibleTo(long operatorId, long memberId, List<Reward> rewards) {
        java.util.Map<Long, Long> limits = limited(operatorId);
        if (limits.isEmpty()) {
            return rewards;
        }
        RewardSegments known = segments.getIfAvailable();
        java.util.Map<Long, Boolean> member = new java.util.HashMap<>();
        return rewards.stream()
                .filter(reward -> {
                    Long segmentId = limits.get(reward.id());
                    return segmentId == null
                            || (known != null
                                    && member.computeIfAbsent(
                                            segmentId, id -> known.contains(operatorId, id, memberId)));
                })
                .toList();
    }

    /** Whether the member may redeem the reward as far as its segment limit goes. */
    boolean allows(long operatorId, long rewardId, long memberId) {
        Optional<Long> segmentId = of(operatorId, rewardId);
        if (segmentId.isEmpty()) {
            return true;
        }
        RewardSegments known = segments.getIfAvailable();
        return known != null && known.contains(operatorId, segmentId.get(), memberId);
    }
}
