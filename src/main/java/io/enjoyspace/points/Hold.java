package io.enjoyspace.points;

import java.time.Instant;

/** Points reserved for something pending; {@code capturedPoints} of them were finally spent. */
public record Hold(
        long id,
        long operatorId,
        Account account,
        long points,
        long capturedPoints,
        Status status,
        String reasonCode,
        String referenceType,
        String referenceId,
        Instant expiresAt) {

    public enum Status {
        PENDING,
        CAPTURED,
        RELEASED
    }
}
