package io.enjoyspace.rules;

import java.time.Instant;

/** A referee's first order was completed: referrer and referee were rewarded. */
public record ReferralQualified(
        long operatorId, long referrerMemberId, long refereeMemberId, long orderId, Instant occurredAt) {}
