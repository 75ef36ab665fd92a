package io.enjoyspace.membership;

/** What a plan's unused units do at the end of the period: lapse, or carry into the next period up to a cap. */
public enum Rollover {
    NONE,
    CAPPED
}
