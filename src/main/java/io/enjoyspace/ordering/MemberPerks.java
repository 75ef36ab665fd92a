package io.enjoyspace.ordering;

/**
 * A member's membership as checkout needs it: the tier whose member prices apply, and whether their orders are served
 * first. Implemented by the module that owns tiers; without one nobody has a tier.
 */
public interface MemberPerks {

    Perks of(long operatorId, long memberId);

    /** {@code tierCode} is null without a tier; {@code priorityService} flags the member's orders for providers. */
    record Perks(String tierCode, boolean priorityService) {

        public static final Perks NONE = new Perks(null, false);
    }
}
