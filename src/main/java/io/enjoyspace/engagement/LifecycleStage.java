package io.enjoyspace.engagement;

/**
 * Where a member stands in their life with the operator, computed nightly from their uses (paid orders, reservations
 * checked in, check-ins); see LifecycleStages for the definitions.
 */
public enum LifecycleStage {
    NEW,
    ACTIVE,
    SILVER,
    GOLD,
    DORMANT,
    CHURN_RISK
}
