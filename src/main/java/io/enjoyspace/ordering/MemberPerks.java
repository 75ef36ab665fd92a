package io.enjoyspace.ordering;

/**
 * A member's perks at checkout: the tier code for member prices and whether providers serve the order first.
 * Implemented by the module that owns tiers; when no bean implements it nobody has a tier.
 */
public interface MemberPerks {

    Perks of(long operatorId, long memberId);

    record Perks(String tierCode, boolean priorityService) {}
}
