package io.enjoyspace.ordering;

/**
 * A member's membership as checkout needs it: the tier whose member prices apply, and whether their orders are served
 * first. Implemented by the module that owns tiers; without one nobody has a tier.
 */
public interface MemberPerks {

    Perks of(long operatorId, long memberId);

    /** The perks of many members, by member id; one question each unless the implementation asks them together. */
    default java.util.Map<Long, Perks> ofAll(long operatorId, java.util.Collection<Long> memberIds) {
        java.util.Map<Long, Perks> perks = new java.util.HashMap<>();
        memberIds.forEach(memberId -> perks.put(memberId, of(operatorId, memberId)));
        return perks;
    }

    /** {@code tierCode} is null without a tier; {@code priorityService} flags the member's orders for providers. */
    record Perks(String tierCode, boolean priorityService) {

        public static final Perks NONE = new Perks(null, false);
    }
}
