package io.enjoyspace.ordering;

import java.util.List;

/**
 * Something that pays part of an order before points and money do: an allowance, a coupon. Checkout asks every bean of
 * this type, lowest {@link #order()} first, inside its own transaction, after the order row exists; each sees what the
 * earlier ones left on each line. What a discount takes is stored with the order and given back through
 * {@link #restore} when the order is cancelled or fully refunded.
 */
public interface CheckoutDiscount {

    /** Lower runs first: allowances use 100, coupons 200. */
    int order();

    /**
     * Takes what it can of the basket and returns the parts taken (an empty list when none). Throws
     * {@link io.enjoyspace.shared.InvalidInputException} naming the field (for example {@code couponCodes}) when the
     * member asked for something that cannot apply; the whole checkout then fails and nothing is kept.
     */
    List<DiscountPart> apply(DiscountBasket basket);

    /**
     * {@link #apply} for the baskets of several orders written in one transaction (checkout's group commit), in order:
     * one list of parts per basket. A discount that can look for all of them at once overrides this.
     */
    default List<List<DiscountPart>> applyAll(List<DiscountBasket> baskets) {
        return baskets.stream().map(this::apply).toList();
    }

    /** Gives back what {@code part} took: its order was cancelled or fully refunded. Called at most once per part. */
    void restore(long operatorId, long orderId, DiscountPart part);
}
