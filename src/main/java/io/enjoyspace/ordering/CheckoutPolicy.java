package io.enjoyspace.ordering;

/**
 * An operator's checkout settings: what paying with points costs ({@code pointsPerYuan} points make one yuan), the
 * largest share of an order that points may pay, the unit points are spent in, how long a placed order waits for
 * payment before it is cancelled and its points released, the rating at or below which staff call the member back,
 * and after how many days a fulfilled order closes.
 */
public record CheckoutPolicy(
        int pointsPerYuan,
        int pointsMaxSharePercent,
        int pointsMinUnit,
        int paymentTimeoutMinutes,
        int lowRatingThreshold,
        int autoCloseDays) {

    public static final CheckoutPolicy DEFAULT = new CheckoutPolicy(100, 50, 100, 15, 2, 7);

    /** What {@code points} are worth in minor units, or -1 when they do not make whole fen. */
    public long valueMinor(long points) {
        long scaled = Math.multiplyExact(points, 100L);
        return scaled % pointsPerYuan == 0 ? scaled / pointsPerYuan : -1;
    }

    /** The most an order of {@code totalMinor} may be paid in points, in minor units. */
    public long maxPointsValueMinor(long totalMinor) {
        return Math.multiplyExact(totalMinor, pointsMaxSharePercent) / 100;
    }
}
