package io.enjoyspace.rules;

import java.util.List;

/**
 * The coupon templates a COUPON rule may grant, for the rule editor's choice and to check a rule's template belongs to
 * the operator. Implemented by the coupons module, which depends on rules and not the other way round; without an
 * implementation no template can be chosen and none is checked.
 */
public interface RuleCouponTemplates {

    /** The operator's templates that still issue coupons (active or paused), newest first. */
    List<Choice> choices(long operatorId);

    /** Whether the operator has a template with this id (in any status). */
    boolean exists(long operatorId, long templateId);

    /** A template as the rule editor lists it. */
    record Choice(long id, String name, String status) {}
}
