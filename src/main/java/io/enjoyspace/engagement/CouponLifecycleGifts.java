package io.enjoyspace.engagement;

import io.enjoyspace.coupons.Coupon;
import io.enjoyspace.coupons.CouponSource;
import io.enjoyspace.coupons.Coupons;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Lifecycle gifts through the coupons module: one coupon of the template per key, in a transaction of its own so that
 * a template that cannot issue (unknown, paused, out of stock, campaign over) leaves the lifecycle run untouched.
 */
@Component
class CouponLifecycleGifts implements CouponGifts {

    private final Coupons coupons;

    CouponLifecycleGifts(Coupons coupons) {
        this.coupons = coupons;
    }

    @Override
    public Optional<Long> give(long operatorId, long memberId, long templateId, String reason, String idempotencyKey) {
        return coupons.tryIssue(
                        operatorId,
                        new Coupons.IssueCoupon(templateId, memberId, CouponSource.LIFECYCLE, idempotencyKey, null))
                .map(Coupon::id);
    }
}
