package io.enjoyspace.points;

import java.time.Instant;

/** A member's {@code points} will expire at {@code expiresAt}: time to tell them. */
public record PointsExpiringSoon(long operatorId, long memberId, long points, Instant expiresAt) {}
