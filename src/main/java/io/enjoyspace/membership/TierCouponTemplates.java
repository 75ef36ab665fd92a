package io.enjoyspace.membership;

import java.util.List;

/**
 * The coupon templates a tier's birthday gift may name, for the tier editor's choice and to check a template belongs
 * to the operator. Implemented by the coupons module, which depends on membership and not the other way round; without
 * an implementation no tier can name a birthday coupon.
 */
public interface TierCouponTemplates {

    /** The operator's templates that still issue coupons, newest first. */
    List<Choice> choices(long operatorId);

    /** Whether the operator has a template with this id (in any status). */
    boolean exists(long operatorId, long templateId);

    /** A template as the tier editor lists it. */
    record Choice(long id, String name) {}
}
