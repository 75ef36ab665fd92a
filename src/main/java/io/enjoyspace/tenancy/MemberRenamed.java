package io.enjoyspace.tenancy;

import java.time.Instant;

/** A member changed the name on their profile; whoever shows it elsewhere (a sign-in account) follows. */
public record MemberRenamed(long operatorId, long memberId, String name, Instant occurredAt) {}
