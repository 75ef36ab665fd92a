package io.enjoyspace.ordering;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff refund a completed order, all at once or in parts, never more than was paid. A refund is recorded once per
 * idempotency key: sending it again answers with the first refund; the same key for a different refund is refused.
 */
@Service
public class OrderRefunds {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderRefunds(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** A refund, and how much of the order has been refunded with it. */
    public record Refund(
            long id,
            long orderId,
            long amountMinor,
            long refundedMinor,
            long paidMinor,
            String reason,
            boolean replayed) {}

    @Transactional
    public Refund refund(long operatorId, long orderId, long amountMinor, String reason, String key, long staffUserId) {
        String idempotencyKey = new IdempotencyKey(key).value();
        record Paid(long memberId, String status, long totalMinor, long refundedMinor) {}
        Paid order = jdbc.sql("""
                        select member_id, status, total_minor, refunded_minor from service_order
                        where operator_id = :operatorId and id = :id for update
                        """)
                .param("operatorId", operatorId)
                .param("id", orderId)
                .query((rs, row) -> new Paid(
                        rs.getLong("member_id"),
                        rs.getString("status"),
                        rs.getLong("total_minor"),
                        rs.getLong("refunded_minor")))
                .optional()
                .orElseThrow(NotFoundException::new);
        Optional<Refund> earlier = earlier(operatorId, idempotencyKey);
        if (earlier.isPresent()) {
            Refund first = earlier.get();
            if (first.orderId() != orderId || first.amountMinor() != amountMinor) {
                throw new ConflictException("order.refundKeyReused", "the key was used for another refund");
            }
            return first;
        }
        if (!"COMPLETED".equals(order.status())) {
            throw new ConflictException("order.notRefundable", "order is " + order.status());
        }
        if (amountMinor <= 0 || amountMinor > order.totalMinor() - order.refundedMinor()) {
            throw new InvalidInputException("amountMinor", "order.refundTooLarge");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 3 || why.length() > 500) {
            throw new InvalidInputException("reason", "order.refundReason");
        }
        Instant now = clock.instant();
        long refundId = jdbc.sql("""
                        insert into order_refund (operator_id, order_id, idempotency_key, amount_minor, reason,
                                                  created_by, created_at)
                        values (:operatorId, :orderId, :key, :amount, :reason, :staff, :now)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .param("key", idempotencyKey)
                .param("amount", amountMinor)
                .param("reason", why)
                .param("staff", staffUserId)
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        long refunded = order.refundedMinor() + amountMinor;
        jdbc.sql("update service_order set refunded_minor = :refunded where operator_id = :operatorId and id = :id")
                .param("refunded", refunded)
                .param("operatorId", operatorId)
                .param("id", orderId)
                .update();
        events.publishEvent(new OrderRefunded(
                operatorId, orderId, refundId, order.memberId(), amountMinor, refunded, order.totalMinor(), now));
        return new Refund(refundId, orderId, amountMinor, refunded, order.totalMinor(), why, false);
    }

    private Optional<Refund> earlier(long operatorId, String key) {
        return jdbc.sql("""
                        select r.id, r.order_id, r.amount_minor, r.reason, o.refunded_minor, o.total_minor
                        from order_refund r
                        join service_order o on o.operator_id = r.operator_id and o.id = r.order_id
                        where r.operator_id = :operatorId and r.idempotency_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("key", key)
                .query((rs, row) -> new Refund(
                        rs.getLong("id"),
                        rs.getLong("order_id"),
                        rs.getLong("amount_minor"),
                        rs.getLong("refunded_minor"),
                        rs.getLong("total_minor"),
                        rs.getString("reason"),
                        true))
                .optional();
    }
}
