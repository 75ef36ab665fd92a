package io.enjoyspace.coupons;

import io.enjoyspace.rules.CouponGrantRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Issues the coupons that COUPON rules award, once per rule and event however often the request is delivered. A
 * coupon that cannot be issued (out of stock, member at the limit, template paused or gone) is not retried: the rule
 * simply awarded nothing that time.
 */
@Component
class CouponRuleGrants {

    private static final Logger log = LoggerFactory.getLogger(CouponRuleGrants.class);

    private final Coupons coupons;

    CouponRuleGrants(Coupons coupons) {
        this.coupons = coupons;
    }

    @ApplicationModuleListener
    void on(CouponGrantRequested request) {
        // Issued in a transaction of its own: a refusal must not fail this delivery, or it would be retried forever.
        if (coupons.tryIssue(
                        request.operatorId(),
                        new Coupons.IssueCoupon(
                                request.templateId(),
                                request.memberId(),
                                CouponSource.RULE,
                                request.ruleId() + ":" + request.eventKey(),
                                null))
                .isEmpty()) {
            log.info(
                    "Rule {} could not grant a coupon of template {} to member {}",
                    request.ruleId(),
                    request.templateId(),
                    request.memberId());
        }
    }
}
