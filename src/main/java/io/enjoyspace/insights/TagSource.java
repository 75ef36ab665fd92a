package io.enjoyspace.insights;

/** Where a member's tag came from: computed by the system, by an operator's tag rule, or added by staff. */
public enum TagSource {
    SYSTEM,
    RULE,
    MANUAL
}
