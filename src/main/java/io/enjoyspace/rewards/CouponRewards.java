package io.enjoyspace.rewards;

import io.enjoyspace.coupons.CouponSource;
import io.enjoyspace.coupons.Coupons;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import org.springframework.stereotype.Component;

/**
 * Fulfils coupon rewards of the points mall through the coupons module: {@code fulfilmentCode} is the coupon template's
 * id, and each unit redeemed issues one coupon, keyed by the redemption so that a retried confirmation issues none
 * twice. A template that is paused, out of stock or at the member's limit refuses, which undoes the confirmation.
 */
@Component
class CouponRewards implements RewardFulfilment {

    private final Coupons coupons;

    CouponRewards(Coupons coupons) {
        this.coupons = coupons;
    }

    @Override
    public boolean fulfils(RewardKind kind) {
        return kind == RewardKind.COUPON || kind == RewardKind.VOUCHER;
    }

    @Override
    public void fulfil(Fulfil command) {
        long templateId;
        try {
            templateId = Long.parseLong(command.fulfilmentCode().strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new NotFoundException();
        }
        if (command.quantity() < 1) {
            throw new InvalidInputException("quantity", "validation.range");
        }
        for (int unit = 1; unit <= command.quantity(); unit++) {
            coupons.issue(
                    command.operatorId(),
                    new Coupons.IssueCoupon(
                            templateId,
                            command.memberId(),
                            CouponSource.REWARD,
                            "redemption:" + command.redemptionId() + ":" + unit,
                            null));
        }
    }
}
