package io.enjoyspace.rewards;

import java.util.List;

/**
 * Decides whether a member may redeem a reward limited to some tiers. Implemented by the module that owns tiers; when
 * no implementation exists every member is eligible.
 */
public interface RewardEligibility {

    /** Whether the member's tier is one of {@code tierCodes} (never empty). */
    boolean isEligible(long operatorId, long memberId, List<String> tierCodes);
}
