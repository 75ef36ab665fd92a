package io.enjoyspace.coupons;

import io.enjoyspace.membership.TierCouponTemplates;
import java.util.List;
import org.springframework.stereotype.Component;

/** Lists the operator's coupon templates for a tier's birthday coupon. */
@Component
class CouponTierTemplates implements TierCouponTemplates {

    private final CouponTemplates templates;

    CouponTierTemplates(CouponTemplates templates) {
        this.templates = templates;
    }

    @Override
    public List<Choice> choices(long operatorId) {
        return templates.list(operatorId).stream()
                .filter(template -> template.status() != CouponTemplate.Status.ARCHIVED)
                .map(template -> new Choice(template.id(), template.name()))
                .toList();
    }

    @Override
    public boolean exists(long operatorId, long templateId) {
        return templates.find(operatorId, templateId).isPresent();
    }
}
