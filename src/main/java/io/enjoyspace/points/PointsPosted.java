package io.enjoyspace.points;

import java.time.Instant;
import java.util.List;

/**
 * A transaction was posted to the ledger. {@code issuedPoints} is what left the issuance account (new points in
 * circulation); postings name every account touched.
 */
public record PointsPosted(
        long operatorId,
        long transactionId,
        String reasonCode,
        String referenceType,
        String referenceId,
        long issuedPoints,
        List<Posting> postings,
        Instant occurredAt) {}
