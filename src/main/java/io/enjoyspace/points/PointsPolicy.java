package io.enjoyspace.points;

/**
 * An operator's rules for moving points: whether and how much members may give each other, what a refund does to
 * points already spent, and how large a manual adjustment staff and admins may post without a second approval.
 */
public record PointsPolicy(
        boolean transfersEnabled,
        long transferMaxPoints,
        long transferDailyMaxPoints,
        ReversalPolicy reversalPolicy,
        long adjustmentLimitStaff,
        long adjustmentLimitAdmin) {

    public PointsPolicy(
            boolean transfersEnabled,
            long transferMaxPoints,
            long transferDailyMaxPoints,
            ReversalPolicy reversalPolicy) {
        this(transfersEnabled, transferMaxPoints, transferDailyMaxPoints, reversalPolicy, 500, 5000);
    }

    /** When a refund claws back points the member has already spent. */
    public enum ReversalPolicy {
        /** Take what is left and record the shortfall. */
        CLAW_BACK_AVAILABLE,
        /** Take it all: the balance goes below zero and later earnings repay the debt first. */
        DEBT
    }

    public static final PointsPolicy DEFAULT =
            new PointsPolicy(true, 10_000, 20_000, ReversalPolicy.CLAW_BACK_AVAILABLE);

    public PointsPolicy {
        if (transferMaxPoints <= 0 || transferDailyMaxPoints <= 0) {
            throw new IllegalArgumentException("transfer limits must be positive");
        }
        if (adjustmentLimitStaff < 0 || adjustmentLimitAdmin < 0) {
            throw new IllegalArgumentException("adjustment limits must not be negative");
        }
    }
}
