package io.enjoyspace.tenancy;

import java.time.Instant;

/** A person joined an operator's community, by invitation code or through the front desk. */
public record MemberRegistered(long operatorId, long memberId, Long enterpriseId, long siteId, Instant occurredAt) {}
