package io.enjoyspace.rewards;

import io.enjoyspace.membership.AllowanceSource;
import io.enjoyspace.membership.AllowanceUnit;
import io.enjoyspace.membership.Allowances;
import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.Tier;
import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The points mall's tie to membership: rewards limited to tiers are open to members of those tiers, and an allowance
 * top-up grants purchased allowance units.
 *
 * <p>An allowance top-up's fulfilment code reads {@code UNIT:QUANTITY[:SCOPE,...]}: the unit (MINUTES, PAGES, USES or
 * MONEY), how many of it one redeemed unit grants, and optionally what it may pay for: booking resource types (such as
 * MEETING_ROOM) or catalog categories written {@code category-ID}. For example {@code MINUTES:60:MEETING_ROOM} is an
 * hour of meeting rooms. Purchased units stay valid for {@link #VALID} and are drawn after the recurring ones.
 */
@Component
class MembershipRewards implements RewardEligibility, RewardFulfilment {

    static final Duration VALID = Duration.ofDays(90);

    private final TierEvaluation tiers;
    private final Allowances allowances;
    private final Clock clock;

    MembershipRewards(TierEvaluation tiers, Allowances allowances, Clock clock) {
        this.tiers = tiers;
        this.allowances = allowances;
        this.clock = clock;
    }

    @Override
    public boolean isEligible(long operatorId, long memberId, List<String> tierCodes) {
        return tiers.tierOf(operatorId, Audience.MEMBER, memberId)
                .map(Tier::code)
                .filter(tierCodes::contains)
                .isPresent();
    }

    @Override
    public boolean fulfils(RewardKind kind) {
        return kind == RewardKind.ALLOWANCE_TOPUP;
    }

    /** What an allowance top-up's code grants per redeemed unit. */
    record TopUp(AllowanceUnit unit, long quantity, List<String> resourceTypes, List<Long> categoryIds) {

        static TopUp parse(String code) {
            String[] parts = code == null ? new String[0] : code.strip().split(":");
            try {
                if (parts.length < 2 || parts.length > 3) {
                    throw new IllegalArgumentException(code);
                }
                AllowanceUnit unit = AllowanceUnit.valueOf(parts[0].strip().toUpperCase(java.util.Locale.ROOT));
                long quantity = Long.parseLong(parts[1].strip());
                if (quantity < 1) {
                    throw new IllegalArgumentException(code);
                }
                List<String> resourceTypes = new ArrayList<>();
                List<Long> categoryIds = new ArrayList<>();
                if (parts.length == 3) {
                    for (String scope : parts[2].split(",")) {
                        String item = scope.strip();
                        if (item.startsWith("category-")) {
                            categoryIds.add(Long.parseLong(item.substring("category-".length())));
                        } else if (!item.isEmpty()) {
                            resourceTypes.add(item.toUpperCase(java.util.Locale.ROOT));
                        }
                    }
                }
                return new TopUp(unit, quantity, List.copyOf(resourceTypes), List.copyOf(categoryIds));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("fulfilmentCode", "rewards.allowanceCode");
            }
        }
    }

    @Override
    public void fulfil(Fulfil command) {
        TopUp topUp = TopUp.parse(command.fulfilmentCode());
        Instant now = clock.instant();
        allowances.grant(
                command.operatorId(),
                Audience.MEMBER,
                command.memberId(),
                new Allowances.GrantCommand(
                        AllowanceSource.PURCHASE,
                        topUp.unit(),
                        Math.multiplyExact(topUp.quantity(), command.quantity()),
                        topUp.resourceTypes(),
                        topUp.categoryIds(),
                        null,
                        now,
                        now.plus(VALID),
                        "points mall redemption " + command.redemptionId()),
                new IdempotencyKey("redemption:" + command.redemptionId()),
                null);
    }
}
