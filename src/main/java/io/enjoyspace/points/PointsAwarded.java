package io.enjoyspace.points;

import java.util.List;

/**
 * Several awards were posted to the ledger in one database transaction, as the bulk award path posts them; each is
 * described as {@link PointsPosted} would describe it alone. One event for the lot, so that a batch of a thousand
 * awards costs listeners one delivery.
 */
public record PointsAwarded(long operatorId, List<PointsPosted> transactions) {

    public PointsAwarded {
        transactions = List.copyOf(transactions);
    }
}
