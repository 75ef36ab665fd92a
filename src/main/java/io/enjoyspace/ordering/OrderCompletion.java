package io.enjoyspace.ordering;

import io.enjoyspace.shared.ConflictException;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff mark an order fulfilled. Completing it twice is harmless; a cancelled order cannot be completed. */
@Service
public class OrderCompletion {

    private final JdbcClient jdbc;
    private final Orders orders;
    private final ApplicationEventPublisher events;
    private final java.time.Clock clock;

    OrderCompletion(JdbcClient jdbc, Orders orders, ApplicationEventPublisher events, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Order complete(long operatorId, long orderId, long staffUserId) {
        Order order = orders.get(operatorId, orderId);
        if (order.status() == OrderStatus.COMPLETED) {
            return order;
        }
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                        update service_order set status = 'COMPLETED', completed_at = :now, completed_by = :staff
                        where operator_id = :operatorId and id = :id and status = 'PLACED'
                        """)
                .param("now", Timestamp.from(now))
                .param("staff", staffUserId)
                .param("operatorId", operatorId)
                .param("id", orderId)
                .update();
        if (updated == 0) {
            Order current = orders.get(operatorId, orderId);
            if (current.status() == OrderStatus.COMPLETED) {
                return current;
            }
            throw new ConflictException("order.notCompletable", "order is " + current.status());
        }
        events.publishEvent(new OrderCompleted(
                operatorId,
                orderId,
                order.memberId(),
                order.enterpriseId(),
                order.total().amountMinor(),
                order.total().currency(),
                order.paymentMethod().name(),
                order.lines().stream().map(Order.Line::offeringId).distinct().toList(),
                now));
        return orders.get(operatorId, orderId);
    }
}
