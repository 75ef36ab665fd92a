package io.enjoyspace.membership;

/** Where a grant came from. TIER and PLAN recur every period and are drawn before the others. */
public enum AllowanceSource {
    TIER,
    PLAN,
    PURCHASE,
    MANUAL,
    PROMOTION;

    public boolean recurring() {
        return this == TIER || this == PLAN;
    }
}
