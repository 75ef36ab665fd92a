package io.enjoyspace.engagement;

import java.util.Optional;

/**
 * A port for the coupons module: gives a member a coupon of a template as a lifecycle gift. Lifecycle actions of kind
 * COUPON are logged as SKIPPED while no bean implements it.
 */
public interface CouponGifts {

    /**
     * Issues one coupon of {@code templateId} to the member, once per {@code idempotencyKey}: a repeated call with the
     * same key returns the coupon issued the first time.
     *
     * @param reason why, e.g. LIFECYCLE_DORMANT
     * @return the coupon's id, or empty when none could be issued (unknown or inactive template, budget spent)
     */
    Optional<Long> give(long operatorId, long memberId, long templateId, String reason, String idempotencyKey);
}
