package io.enjoyspace.membership;

import io.enjoyspace.booking.MemberTiers;
import io.enjoyspace.ordering.MemberPerks;
import io.enjoyspace.rules.EarningBoosts;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells the lower modules what a member's tier gives: booking its code (tier-scoped policies, such as a longer
 * advance window) and whether it is deposit-free, checkout its code (member prices) and priority service, the earning rules its multiplier.
 */
@Component
class MembershipPerks implements MemberTiers, MemberPerks, EarningBoosts {

    private final TierEvaluation evaluation;

    MembershipPerks(TierEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    @Override
    public Optional<String> tierOf(long operatorId, long memberId) {
        return evaluation.tierOf(operatorId, Audience.MEMBER, memberId).map(Tier::code);
    }

    @Override
    public boolean depositFree(long operatorId, long memberId) {
        return evaluation
                .tierOf(operatorId, Audience.MEMBER, memberId)
                .map(Tier::depositFree)
                .orElse(false);
    }

    @Override
    public Perks of(long operatorId, long memberId) {
        return evaluation
                .tierOf(operatorId, Audience.MEMBER, memberId)
                .map(tier -> new Perks(tier.code(), tier.priorityService()))
                .orElse(new Perks(null, false));
    }

    @Override
    public java.util.Map<Long, Perks> ofAll(long operatorId, java.util.Collection<Long> memberIds) {
        java.util.Map<Long, Perks> perks = new java.util.HashMap<>();
        evaluation
                .tiersOf(operatorId, Audience.MEMBER, memberIds)
                .forEach((memberId, tier) -> perks.put(
                        memberId,
                        tier.map(held -> new Perks(held.code(), held.priorityService()))
                                .orElse(new Perks(null, false))));
        return perks;
    }

    @Override
    public int multiplierPercent(long operatorId, long memberId) {
        return evaluation
                .tierOf(operatorId, Audience.MEMBER, memberId)
                .map(Tier::earningMultiplierPercent)
                .orElse(100);
    }
}
