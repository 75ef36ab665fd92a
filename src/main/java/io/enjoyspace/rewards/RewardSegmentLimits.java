package io.enjoyspace.rewards;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
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
