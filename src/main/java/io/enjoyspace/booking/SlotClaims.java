package io.enjoyspace.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The bookings this node is making right now, per resource. When many members reach for one room at the same moment,
 * the first claims the time and every overlapping attempt that arrives while it is being booked is refused at once,
 * without a database connection, a lock queue or a policy check: that attempt could only have waited for the first one
 * to commit and then been refused. A retry of the claiming request itself (same user and key) is let through to wait
 * for its first result. The claim ends when the booking's transaction does, committed or not; the exclusion
 * constraint in the database stays the guarantee across nodes.
 */
@Component
class SlotClaims {

    private record Claim(Instant startsAt, Instant endsAt, String owner) {

        boolean overlaps(Instant from, Instant to) {
            return startsAt.isBefore(to) && from.isBefore(endsAt);
        }
    }

    /** A held claim; closing it lets the time be claimed again. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<Long, List<Claim>> byResource = new ConcurrentHashMap<>();

    /**
     * Claims the interval of the resource for {@code owner} (the user and idempotency key), or answers false when
     * another owner holds an overlapping claim.
     */
    boolean tryClaim(long resourceId, Instant startsAt, Instant endsAt, String owner, Held[] held) {
        Claim claim = new Claim(startsAt, endsAt, owner);
        boolean[] claimed = {false};
        byResource.compute(resourceId, (id, claims) -> {
            List<Claim> current = claims == null ? new ArrayList<>() : claims;
            for (Claim other : current) {
                if (other.overlaps(startsAt, endsAt) && !other.owner().equals(owner)) {
                    return current;
                }
            }
            current.add(claim);
            claimed[0] = true;
            return current;
        });
        if (claimed[0]) {
            held[0] = () -> release(resourceId, claim);
        }
        return claimed[0];
    }

    private void release(long resourceId, Claim claim) {
        byResource.computeIfPresent(resourceId, (id, claims) -> {
            claims.remove(claim);
            return claims.isEmpty() ? null : claims;
        });
    }
}
