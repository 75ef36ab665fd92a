package io.enjoyspace.coupons;

import java.util.List;

/**
 * Who holds a membership tier, for pushes to a TIER audience. Implemented by the membership module; without an
 * implementation a push to a tier is refused.
 */
public interface CouponAudienceTiers {

    /** The members of {@code operatorId} whose current tier has the code {@code tierCode} (none for an unknown code). */
    List<Long> membersWithTier(long operatorId, String tierCode);
}
