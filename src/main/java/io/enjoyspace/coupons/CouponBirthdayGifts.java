package io.enjoyspace.coupons;

import io.enjoyspace.membership.BirthdayGiftGiven;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Issues the coupon of a tier's birthday gift, once per member and year however often the gift is delivered. A coupon
 * that cannot be issued (out of stock, member at the limit, template paused or archived) is logged and not retried: the
 * points of the gift still stand.
 */
@Component
class CouponBirthdayGifts {

    private static final Logger log = LoggerFactory.getLogger(CouponBirthdayGifts.class);

    private final Coupons coupons;

    CouponBirthdayGifts(Coupons coupons) {
        this.coupons = coupons;
    }

    @ApplicationModuleListener
    void on(BirthdayGiftGiven gift) {
        if (gift.couponTemplateId() == null) {
            return;
        }
        if (coupons.tryIssue(
                        gift.operatorId(),
                        new Coupons.IssueCoupon(
                                gift.couponTemplateId(),
                                gift.memberId(),
                                CouponSource.LIFECYCLE,
                                "birthday-gift:" + gift.memberId() + ":" + gift.year(),
                                null))
                .isEmpty()) {
            log.warn(
                    "The {} birthday coupon of template {} could not be issued to member {}",
                    gift.year(),
                    gift.couponTemplateId(),
                    gift.memberId());
        }
    }
}
