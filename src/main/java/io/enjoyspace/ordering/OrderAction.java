package io.enjoyspace.ordering;

import java.util.EnumSet;
import java.util.Set;

/**
 * What can be done to an order, and from which statuses. This table is the state machine: any other transition is
 * refused with 409.
 */
public enum OrderAction {
    PAY(OrderStatus.PAID, EnumSet.of(OrderStatus.PLACED)),
    ACCEPT(OrderStatus.ACCEPTED, EnumSet.of(OrderStatus.PAID)),
    REJECT(OrderStatus.REJECTED, EnumSet.of(OrderStatus.PAID, OrderStatus.ACCEPTED)),
    /** Back to paid with another provider or assignee, after a rejection or at the provider's request. */
    REASSIGN(OrderStatus.PAID, EnumSet.of(OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.REJECTED)),
    SCHEDULE(OrderStatus.SCHEDULED, EnumSet.of(OrderStatus.ACCEPTED, OrderStatus.SCHEDULED)),
    START(OrderStatus.IN_SERVICE, EnumSet.of(OrderStatus.ACCEPTED, OrderStatus.SCHEDULED)),
    /**
     * Fulfilled. Operator staff may complete a paid order they fulfil themselves in one step; a provider must accept
     * and start first.
     */
    COMPLETE(
            OrderStatus.COMPLETED,
            EnumSet.of(OrderStatus.PAID, OrderStatus.ACCEPTED, OrderStatus.SCHEDULED, OrderStatus.IN_SERVICE)),
    RATE(OrderStatus.RATED, EnumSet.of(OrderStatus.COMPLETED)),
    CLOSE(OrderStatus.CLOSED, EnumSet.of(OrderStatus.COMPLETED, OrderStatus.RATED)),
    CANCEL(
            OrderStatus.CANCELLED,
            EnumSet.of(
                    OrderStatus.PLACED,
                    OrderStatus.PAID,
                    OrderStatus.ACCEPTED,
                    OrderStatus.SCHEDULED,
                    OrderStatus.REJECTED));

    private final OrderStatus target;
    private final Set<OrderStatus> from;

    OrderAction(OrderStatus target, Set<OrderStatus> from) {
        this.target = target;
        this.from = from;
    }

    public OrderStatus target() {
        return target;
    }

    public boolean allowedFrom(OrderStatus status) {
        return from.contains(status);
    }
}
