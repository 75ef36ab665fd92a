package io.enjoyspace.points;

/** An operator's rules for moving points between members. */
public record PointsPolicy(boolean transfersEnabled, long transferMaxPoints, long transferDailyMaxPoints) {

    public static final PointsPolicy DEFAULT = new PointsPolicy(true, 10_000, 20_000);

    public PointsPolicy {
        if (transferMaxPoints <= 0 || transferDailyMaxPoints <= 0) {
            throw new IllegalArgumentException("transfer limits must be positive");
        }
    }
}
