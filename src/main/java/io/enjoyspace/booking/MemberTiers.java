package io.enjoyspace.booking;

import java.util.Optional;

/**
 * Tells booking a member's tier code, for policies scoped to a tier. Implemented by the module that owns tiers; until
 * one does, no member has a tier and tier-scoped policies match nobody.
 */
public interface MemberTiers {

    Optional<String> tierOf(long operatorId, long memberId);

    /** Whether the member's tier lets them book without the deposit a resource asks for. */
    default boolean depositFree(long operatorId, long memberId) {
        return false;
    }
}
