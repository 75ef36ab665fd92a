package io.enjoyspace.ordering;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Marks an order fulfilled, by operator staff or by its provider. Completing it twice is harmless; an unpaid,
 * rejected or cancelled order cannot be completed. A provider must have accepted the order first.
 */
@Service
public class OrderCompletion {

    private final OrderLifecycle lifecycle;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderCompletion(OrderLifecycle lifecycle, ApplicationEventPublisher events, Clock clock) {
        this.lifecycle = lifecycle;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Order complete(long operatorId, long orderId, long staffUserId) {
        return complete(operatorId, orderId, OrderLifecycle.By.staff(staffUserId));
    }

    @Transactional
    public Order complete(long operatorId, long orderId, OrderLifecycle.By by) {
        Order order = lifecycle.lock(operatorId, orderId);
        OrderLifecycle.requireProvider(order, by);
        if (order.status().isFulfilled()) {
            return order;
        }
        if (by.kind() == OrderLifecycle.By.Kind.PROVIDER && order.status() == OrderStatus.PAID) {
            throw new io.enjoyspace.shared.ConflictException(
                    "order.illegalTransition", "accept the order before completing it");
        }
        OrderLifecycle.alreadyDone(order, OrderAction.COMPLETE);
        Instant now = clock.instant();
        Map<String, Object> columns = new HashMap<>();
        columns.put("completed_at", now);
        columns.put("completed_by", by.kind() == OrderLifecycle.By.Kind.STAFF ? by.id() : null);
        Order completed = lifecycle.move(order, OrderAction.COMPLETE, by, null, columns);
        events.publishEvent(new OrderCompleted(
                operatorId,
                orderId,
                order.memberId(),
                order.enterpriseId(),
                order.moneyPaid().amountMinor(),
                order.total().currency(),
                order.paymentMethod() == null ? "NONE" : order.paymentMethod().name(),
                order.lines().stream().map(Order.Line::offeringId).distinct().toList(),
                now));
        return completed;
    }
}
