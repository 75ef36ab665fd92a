package io.enjoyspace.points;

import java.time.Instant;
import java.util.List;

/** A posted transaction and whether this call posted it or found it already posted under its key. */
public record PointsTransaction(
        long id,
        long operatorId,
        String reasonCode,
        String referenceType,
        String referenceId,
        Instant occurredAt,
        List<Posting> postings,
        boolean replayed) {}
