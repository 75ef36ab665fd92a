package io.enjoyspace.ordering;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in its life: placed → paid → accepted → scheduled → in service → completed → rated → closed, or
 * rejected by a provider, or cancelled. Refunds do not change the status; the order carries what was refunded.
 */
public enum OrderStatus {
    PLACED,
    PAID,
    ACCEPTED,
    SCHEDULED,
    IN_SERVICE,
    COMPLETED,
    RATED,
    CLOSED,
    REJECTED,
    CANCELLED;

    /** Paid for and not cancelled: money has moved, so a refund may move it back. */
    public boolean isPaid() {
        return this != PLACED && this != CANCELLED;
    }

    /** Paid and not yet fulfilled: a provider or staff still owe the work, and its SLA clock runs. */
    public boolean isOpenWork() {
        return this == PAID || this == ACCEPTED || this == SCHEDULED || this == IN_SERVICE;
    }

    /** Fulfilled: the member may rate it and earnings count it. */
    public boolean isFulfilled() {
        return this == COMPLETED || this == RATED || this == CLOSED;
    }

    static Set<OrderStatus> openWork() {
        return EnumSet.of(PAID, ACCEPTED, SCHEDULED, IN_SERVICE);
    }
}
