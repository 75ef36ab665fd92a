package io.enjoyspace.rules;

import java.time.Instant;

/** A points rule: its identity and status, and the definition of its current version. */
public record Rule(long id, long operatorId, Status status, int version, RuleDefinition definition, Instant updatedAt) {

    public enum Status {
        ACTIVE,
        PAUSED,
        ARCHIVED
    }

    public String name() {
        return definition.name();
    }
}
