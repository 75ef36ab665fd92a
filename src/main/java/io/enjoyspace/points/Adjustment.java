package io.enjoyspace.points;

import java.time.Instant;

/** A manual correction: who asked, why, and — above their limit — who approved or rejected it. */
public record Adjustment(
        long id,
        Account account,
        long points,
        String reason,
        Status status,
        long requestedBy,
        Long decidedBy,
        Long transactionId,
        Instant createdAt) {

    public enum Status {
        PENDING_APPROVAL,
        POSTED,
        REJECTED
    }
}
