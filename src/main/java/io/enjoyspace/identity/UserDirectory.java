package io.enjoyspace.identity;

import io.enjoyspace.ordering.OrderStaffDirectory;
import io.enjoyspace.points.PointsUserDirectory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tells the points ledger who posted a manual change, and ordering who can be dispatched to a service request, by the
 * name their colleagues know them by.
 */
@Component
class UserDirectory implements PointsUserDirectory, OrderStaffDirectory {

    private final Users users;

    UserDirectory(Users users) {
        this.users = users;
    }

    @Override
    public Map<Long, String> displayNames(long operatorId, Collection<Long> userIds) {
        return users.displayNames(operatorId, userIds);
    }

    @Override
    public List<Long> dispatchableStaff(long operatorId) {
        return users.enabledStaff(operatorId);
    }
}
