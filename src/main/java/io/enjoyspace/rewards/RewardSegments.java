package io.enjoyspace.rewards;

/**
 * The insights module's segments, for rewards limited to the members of a segment. Implemented by insights; without an
 * implementation no reward can be limited to a segment, and a limit already set lets nobody redeem.
 */
public interface RewardSegments {

    /** Whether the operator has the segment. */
    boolean exists(long operatorId, long segmentId);

    /** Whether the member belongs to the segment now. */
    boolean contains(long operatorId, long segmentId, long memberId);

    /** The operator's segments by id, with their names, for the reward form's picker. */
    java.util.Map<Long, String> segments(long operatorId);
}
