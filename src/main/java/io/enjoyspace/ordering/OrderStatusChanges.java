package io.enjoyspace.ordering;

import java.util.List;

/**
 * Moves that checkout's group commit made together in one transaction, in order. It stands for one
 * {@link OrderStatusChanged} per move and is published instead of them: every listener of {@link OrderStatusChanged}
 * listens to this too.
 */
public record OrderStatusChanges(long operatorId, List<OrderStatusChanged> changes) {

    public OrderStatusChanges {
        changes = List.copyOf(changes);
        if (changes.stream().anyMatch(change -> change.operatorId() != operatorId)) {
            throw new IllegalArgumentException("moves of another operator");
        }
    }
}
