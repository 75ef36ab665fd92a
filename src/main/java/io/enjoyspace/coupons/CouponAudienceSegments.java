package io.enjoyspace.coupons;

import java.util.List;
import java.util.Map;

/**
 * The insights module's segments, for pushes to a SEGMENT audience. Implemented by insights; without an implementation
 * a push to a segment is refused.
 */
public interface CouponAudienceSegments {

    /** The operator's segments by id, with their names, for the push form. */
    Map<Long, String> segments(long operatorId);

    /** The members the segment selects now; throws NotFoundException for an unknown segment or another operator's. */
    List<Long> membersOfSegment(long operatorId, long segmentId);
}
