package io.enjoyspace.points;

/**
 * An operator's rules for moving points: whether and how much members may give each other, and what a refund does
 * to points already spent.
 */
public record PointsPolicy(
        boolean transfersEnabled, long transferMaxPoints, long transferDailyMaxPoints, ReversalPolicy reversalPolicy) {

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
    }
}
