package io.enjoyspace.points;

import java.util.Collection;
import java.util.Map;

/**
 * Who the people are that post points by hand (staff adjusting, enterprise admins allocating), answered by the module
 * that keeps the sign-in accounts, so that the ledger itself depends on nothing.
 */
public interface PointsUserDirectory {

    /** The display names of those of {@code userIds} that belong to {@code operatorId}. */
    Map<Long, String> displayNames(long operatorId, Collection<Long> userIds);
}
