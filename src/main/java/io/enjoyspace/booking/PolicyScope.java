package io.enjoyspace.booking;

/** Whom a booking policy applies to. */
public enum PolicyScope {
    ALL,
    TIER,
    ENTERPRISE,
    MEMBER
}
