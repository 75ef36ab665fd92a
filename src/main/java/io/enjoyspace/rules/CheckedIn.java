package io.enjoyspace.rules;

import java.time.Instant;
import java.time.LocalDate;

/** A member checked in for {@code day}, the {@code streak}th day in a row. */
public record CheckedIn(long operatorId, long memberId, LocalDate day, int streak, Instant occurredAt) {}
