package io.enjoyspace.coupons;

import io.enjoyspace.membership.TierEvaluation;
import java.util.List;
import org.springframework.stereotype.Component;

/** Finds a TIER audience's members through the membership module. */
@Component
class MembershipAudience implements CouponAudienceTiers {

    private final TierEvaluation tiers;

    MembershipAudience(TierEvaluation tiers) {
        this.tiers = tiers;
    }

    @Override
    public List<Long> membersWithTier(long operatorId, String tierCode) {
        return tiers.membersWithTier(operatorId, tierCode);
    }
}
