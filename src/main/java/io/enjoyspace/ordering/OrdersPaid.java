package io.enjoyspace.ordering;

import java.util.List;

/**
 * Orders that checkout's group commit paid together in one transaction, in the order they were placed. It stands for
 * one {@link OrderPaid} per order and is published instead of them: every listener of {@link OrderPaid} listens to this
 * too, and writes the whole list in a few statements where one event at a time would cost a few statements each.
 */
public record OrdersPaid(long operatorId, List<OrderPaid> orders) {

    public OrdersPaid {
        orders = List.copyOf(orders);
        if (orders.stream().anyMatch(order -> order.operatorId() != operatorId)) {
            throw new IllegalArgumentException("orders of another operator");
        }
    }
}
