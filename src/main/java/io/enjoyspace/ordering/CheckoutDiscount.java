package io.enjoyspace.ordering;

import java.util.List;

/** Something that pays part of an order before money and points: an allowance, a coupon. Joins the checkout transaction. */
public interface CheckoutDiscount {

    /** Lower runs first: allowances use 100, coupons 200. */
    int order();

    /**
     * Takes what it can of the basket; returns the parts taken (empty list when none). Throws InvalidInputException
     * naming the field (e.g. couponCodes) when the member asked for something that cannot apply.
     */
    List<DiscountPart> apply(DiscountBasket basket);

    /** Gives back what the part took: the order was cancelled or fully refunded. Must be idempotent. */
    void restore(long operatorId, long orderId, DiscountPart part);
}
