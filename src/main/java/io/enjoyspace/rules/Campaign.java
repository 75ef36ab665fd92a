package io.enjoyspace.rules;

import java.time.Instant;

/** A time-boxed promotion: its bonus rules award only while it runs, and together within its budget (null: none). */
public record Campaign(
        long id,
        long operatorId,
        String name,
        String description,
        Instant startsAt,
        Instant endsAt,
        Long budgetPoints,
        String color) {

    boolean runsAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }
}
