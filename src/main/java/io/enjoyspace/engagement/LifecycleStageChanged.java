package io.enjoyspace.engagement;

import java.time.Instant;

/** A member moved from one lifecycle stage to another ({@code from} is null on the member's first placement). */
public record LifecycleStageChanged(
        long operatorId, long memberId, LifecycleStage from, LifecycleStage to, Instant occurredAt) {}
