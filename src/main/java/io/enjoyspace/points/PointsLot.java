package io.enjoyspace.points;

import java.time.Instant;

/** Points earned together and spent or expired together: what is left of them and when they expire (null: never). */
public record PointsLot(long id, long points, long remaining, Instant earnedAt, Instant expiresAt) {}
