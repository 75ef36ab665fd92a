package io.enjoyspace.identity;

import io.enjoyspace.points.PointsUserDirectory;
import java.util.Collection;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Tells the points ledger who posted a manual change, by the name their colleagues know them by. */
@Component
class UserDirectory implements PointsUserDirectory {

    private final Users users;

    UserDirectory(Users users) {
        this.users = users;
    }

    @Override
    public Map<Long, String> displayNames(long operatorId, Collection<Long> userIds) {
        return users.displayNames(operatorId, userIds);
    }
}
