package io.enjoyspace.rewards;

/**
 * RESERVED: points held and stock reserved. CONFIRMED: points spent, waiting for pickup or delivery. FULFILLED: done.
 * CANCELLED or EXPIRED: points and stock given back.
 */
public enum RedemptionStatus {
    RESERVED,
    CONFIRMED,
    FULFILLED,
    CANCELLED,
    EXPIRED;

    public boolean isOpen() {
        return this == RESERVED || this == CONFIRMED;
    }
}
