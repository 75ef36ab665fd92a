package io.enjoyspace.ordering;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves orders through their state machine ({@link OrderAction}). Each move locks the order row, checks the
 * transition, records a step with who made it and why, and publishes {@link OrderStatusChanged} in the same
 * transaction. Repeating a move that already happened (accepting an accepted order) answers the order as it is, so a
 * retried call is harmless; any other illegal move is a 409.
 */
@Service
public class OrderLifecycle {

    private final JdbcClient jdbc;
    private final Orders orders;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final TransactionTemplate transaction;
    private final OrderProviders providers;

    OrderLifecycle(
            OrderProviders providers,
            JdbcClient jdbc,
            Orders orders,
            ApplicationEventPublisher events,
            Clock clock,
            TransactionTemplate transaction) {
        this.transaction = transaction;
        this.providers = providers;
        this.jdbc = jdbc;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /** Who moves an order: the member, operator staff, a provider (its id) or the system (a timeout). */
    public record By(Kind kind, Long id) {

        public enum Kind {
            MEMBER,
            STAFF,
            PROVIDER,
            SYSTEM
        }

        public static By member(long memberId) {
            return new By(Kind.MEMBER, memberId);
        }

        public static By staff(long userId) {
            return new By(Kind.STAFF, userId);
        }

        public static By provider(long providerId) {
            return new By(Kind.PROVIDER, providerId);
        }

        public static By system() {
            return new By(Kind.SYSTEM, null);
        }
    }

    /** The order, locked for this transaction, or 404. */
    Order lock(long operatorId, long orderId) {
        return orders.getForUpdate(operatorId, orderId);
    }

    /**
     * Checks that {@code action} may move {@code order} (locked by the caller), or answers true when the order already
     * stands where the action would take it and the caller should return it unchanged.
     */
    static boolean alreadyDone(Order order, OrderAction action) {
        if (action.allowedFrom(order.status())) {
            return false;
        }
        if (order.status() == action.target() && action != OrderAction.REASSIGN) {
            return true;
        }
        throw new ConflictException(
                "order.illegalTransition",
                "cannot " + action.name().toLowerCase() + " an order that is " + order.status());
    }

    /**
     * Moves a locked order: sets its status and the columns the step sets, records the step and publishes the change.
     */
    Order move(Order order, OrderAction action, By by, String reason, Map<String, Object> columns) {
        Instant now = clock.instant();
        StringBuilder set = new StringBuilder("status = :to, version = version + 1");
        var statement = new java.util.LinkedHashMap<String, Object>();
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            set.append(", ").append(column.getKey()).append(" = :").append(column.getKey());
            Object value = column.getValue();
            statement.put(column.getKey(), value instanceof Instant instant ? Timestamp.from(instant) : value);
        }
        statement.put("to", action.target().name());
        statement.put("operatorId", order.operatorId());
        statement.put("id", order.id());
        statement.put("from", order.status().name());
        Order moved = orders.updateReturning(
                        order,
                        "update service_order set " + set
                                + " where operator_id = :operatorId and id = :id and status = :from returning *",
                        statement)
                .orElseThrow(() -> new ConflictException("order.illegalTransition", "the order changed meanwhile"));
        jdbc.sql("""
                        insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id,
                                                reason, occurred_at)
                        values (:operatorId, :orderId, :from, :to, :kind, :actorId, :reason, :now)
                        """)
                .param("operatorId", order.operatorId())
                .param("orderId", order.id())
                .param("from", order.status().name())
                .param("to", action.target().name())
                .param("kind", by.kind().name())
                .param("actorId", by.id())
                .param("reason", reason)
                .param("now", Timestamp.from(now))
                .update();
        events.publishEvent(new OrderStatusChanged(
                order.operatorId(),
                order.id(),
                order.memberId(),
                moved.providerId(),
                order.providerId(),
                order.status(),
                action.target(),
                by.kind().name(),
                reason,
                now));
        return moved;
    }

    /** A provider or staff take the order on. */
    @Transactional
    public Order accept(long operatorId, long orderId, By by) {
        Order order = lock(operatorId, orderId);
        requireProvider(order, by);
        if (alreadyDone(order, OrderAction.ACCEPT)) {
            return order;
        }
        return move(order, OrderAction.ACCEPT, by, null, Map.of("accepted_at", clock.instant()));
    }

    /** A provider or staff decline the order, saying why; the operator then reassigns or cancels it. */
    @Transactional
    public Order reject(long operatorId, long orderId, By by, String reason) {
        String why = requireReason(reason);
        Order order = lock(operatorId, orderId);
        requireProvider(order, by);
        if (alreadyDone(order, OrderAction.REJECT)) {
            return order;
        }
        return move(order, OrderAction.REJECT, by, why, Map.of("status_reason", why));
    }

    /** Gives the order to another provider, or back to the operator (null), and puts it back in the queue. */
    @Transactional
    public Order reassign(long operatorId, long orderId, By by, Long providerId, Long assignedUserId, String reason) {
        Order order = lock(operatorId, orderId);
        requireProvider(order, by);
        if (by.kind() == By.Kind.PROVIDER && providerId != null && providerId.equals(by.id())) {
            throw new InvalidInputException("providerId", "order.reassignSameProvider");
        }
        if (providerId != null && !providers.canFulfil(operatorId, providerId)) {
            throw new InvalidInputException("providerId", "order.providerUnavailable");
        }
        alreadyDone(order, OrderAction.REASSIGN);
        var columns = new java.util.HashMap<String, Object>();
        columns.put("provider_id", providerId);
        columns.put("assigned_user_id", assignedUserId);
        columns.put("accepted_at", null);
        columns.put("status_reason", reason);
        return move(order, OrderAction.REASSIGN, by, reason, columns);
    }

    /** Agrees a time for the service. */
    @Transactional
    public Order schedule(long operatorId, long orderId, By by, Instant scheduledFor) {
        if (scheduledFor == null) {
            throw new InvalidInputException("scheduledFor", "order.scheduledFor.required");
        }
        Order order = lock(operatorId, orderId);
        requireProvider(order, by);
        if (order.status() == OrderStatus.SCHEDULED && scheduledFor.equals(order.scheduledFor())) {
            return order;
        }
        if (!OrderAction.SCHEDULE.allowedFrom(order.status())) {
            alreadyDone(order, OrderAction.SCHEDULE);
        }
        return move(order, OrderAction.SCHEDULE, by, null, Map.of("scheduled_for", scheduledFor));
    }

    /** The work begins. */
    @Transactional
    public Order start(long operatorId, long orderId, By by) {
        Order order = lock(operatorId, orderId);
        requireProvider(order, by);
        if (alreadyDone(order, OrderAction.START)) {
            return order;
        }
        return move(order, OrderAction.START, by, null, Map.of());
    }

    /** Closes a fulfilled order: no more rating; complaints may still be opened by staff. */
    @Transactional
    public Order close(long operatorId, long orderId, By by) {
        Order order = lock(operatorId, orderId);
        if (alreadyDone(order, OrderAction.CLOSE)) {
            return order;
        }
        return move(order, OrderAction.CLOSE, by, null, Map.of());
    }

    /** Closes fulfilled orders older than the operator's auto-close days; returns how many. */
    public int closeFulfilled(int batchSize) {
        record Due(long operatorId, long id) {}
        List<Due> due = jdbc.sql("""
                        select o.operator_id, o.id from service_order o
                        left join checkout_policy p on p.operator_id = o.operator_id
                        where o.status in ('COMPLETED', 'RATED')
                          and o.completed_at + make_interval(days => coalesce(p.auto_close_days, :days)) <= :now
                        order by o.completed_at limit :limit
                        """)
                .param("days", CheckoutPolicy.DEFAULT.autoCloseDays())
                .param("now", Timestamp.from(clock.instant()))
                .param("limit", batchSize)
                .query((rs, row) -> new Due(rs.getLong("operator_id"), rs.getLong("id")))
                .list();
        for (Due order : due) {
            transaction.executeWithoutResult(status -> close(order.operatorId(), order.id(), By.system()));
        }
        return due.size();
    }

    @Scheduled(fixedDelayString = "${enjoyspace.ordering.close-interval:PT10M}", initialDelayString = "PT2M")
    void scheduled() {
        closeFulfilled(500);
    }

    /** A provider may only move orders given to it; others see it as missing. */
    static void requireProvider(Order order, By by) {
        if (by.kind() == By.Kind.PROVIDER
                && (order.providerId() == null || !order.providerId().equals(by.id()))) {
            throw new NotFoundException();
        }
    }

    static String requireReason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2 || why.length() > 500) {
            throw new InvalidInputException("reason", "order.reason.required");
        }
        return why;
    }
}
