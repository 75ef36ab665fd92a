package io.enjoyspace.coupons;

import io.enjoyspace.rules.RuleCouponTemplates;
import java.util.List;
import org.springframework.stereotype.Component;

/** Lists the operator's coupon templates for the rule editor's COUPON action. */
@Component
class CouponRuleTemplates implements RuleCouponTemplates {

    private final CouponTemplates templates;

    CouponRuleTemplates(CouponTemplates templates) {
        this.templates = templates;
    }

    @Override
    public List<Choice> choices(long operatorId) {
        return templates.list(operatorId).stream()
                .filter(template -> template.status() != CouponTemplate.Status.ARCHIVED)
                .map(template -> new Choice(
                        template.id(), template.name(), template.status().name()))
                .toList();
    }

    @Override
    public boolean exists(long operatorId, long templateId) {
        return templates.find(operatorId, templateId).isPresent();
    }
}
