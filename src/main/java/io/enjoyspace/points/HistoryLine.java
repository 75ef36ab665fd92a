package io.enjoyspace.points;

import java.time.Instant;

/** One line of an account's statement: the change and why. */
public record HistoryLine(
        long transactionId,
        long points,
        String reasonCode,
        String referenceType,
        String referenceId,
        String memo,
        Instant occurredAt) {}
