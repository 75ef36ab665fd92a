package io.enjoyspace.ordering;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The operator's staff who can be dispatched to service requests, answered by the module that keeps the sign-in
 * accounts, so that ordering depends on nothing there.
 */
public interface OrderStaffDirectory {

    /** Enabled operator staff accounts of {@code operatorId}, by id. */
    List<Long> dispatchableStaff(long operatorId);

    /** The display names of those of {@code userIds} that belong to {@code operatorId}. */
    Map<Long, String> displayNames(long operatorId, Collection<Long> userIds);
}
