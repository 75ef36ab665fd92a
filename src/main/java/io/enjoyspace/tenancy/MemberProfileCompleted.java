package io.enjoyspace.tenancy;

import java.time.Instant;

/**
 * A member's profile became complete for the first time (name, email, job title, birthday and an interest). Published
 * once per member: clearing a field and filling it in again does not announce it again.
 */
public record MemberProfileCompleted(long operatorId, long memberId, Instant occurredAt) {}
