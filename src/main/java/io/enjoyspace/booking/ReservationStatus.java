package io.enjoyspace.booking;

import java.util.Set;

/** A reservation's lifecycle. The active statuses hold the resource's time; the others free it. */
public enum ReservationStatus {
    PENDING_APPROVAL,
    CONFIRMED,
    CHECKED_IN,
    COMPLETED,
    CANCELLED,
    RELEASED;

    static final Set<ReservationStatus> HOLDING = Set.of(PENDING_APPROVAL, CONFIRMED, CHECKED_IN, COMPLETED);

    public boolean holdsTime() {
        return HOLDING.contains(this);
    }

    public boolean cancellable() {
        return this == PENDING_APPROVAL || this == CONFIRMED;
    }
}
