package io.enjoyspace.membership;

/** What happens at the end of a month to a holder whose activity no longer qualifies for the tier. */
public enum DowngradePolicy {
    /** Tiers are kept for good. */
    NEVER,
    /** Down one level per month that does not qualify. */
    ONE_LEVEL,
    /** Straight to the level the month qualifies for. */
    RECOMPUTE
}
