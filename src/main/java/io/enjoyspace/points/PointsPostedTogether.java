package io.enjoyspace.points;

import java.util.List;

/**
 * Several transactions were posted to the ledger in one database transaction, as the bulk paths post them (awards, and
 * the spends of checkout's group commit); each is described as {@link PointsPosted} would describe it alone. One event
 * for the lot, so that a batch of a thousand postings costs listeners one delivery.
 */
public record PointsPostedTogether(long operatorId, List<PointsPosted> transactions) {

    public PointsPostedTogether {
        transactions = List.copyOf(transactions);
    }
}
