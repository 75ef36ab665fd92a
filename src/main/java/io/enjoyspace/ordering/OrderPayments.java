package io.enjoyspace.ordering;

import io.enjoyspace.points.PointsHolds;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.wallet.InsufficientWalletBalanceException;
import io.enjoyspace.wallet.MemberWallets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pays and cancels orders. Paying captures the points held at checkout and charges the money part (the company's
 * bill or the member's wallet); cancelling an unpaid order releases the held points, cancelling a paid one refunds
 * every part in full. An order left unpaid past the operator's payment timeout is cancelled by a job that is safe to
 * run on every node.
 */
@Service
public class OrderPayments {

    private static final Logger log = LoggerFactory.getLogger(OrderPayments.class);

    private final JdbcClient jdbc;
    private final Discounts discounts;
    private final OrderLifecycle lifecycle;
    private final PointsHolds holds;
    private final OrderRefunds refunds;
    private final Operators operators;
    private final CheckoutPolicies policies;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MemberWallets wallets;

    OrderPayments(
            JdbcClient jdbc,
            Discounts discounts,
            OrderLifecycle lifecycle,
            PointsHolds holds,
            OrderRefunds refunds,
            Operators operators,
            CheckoutPolicies policies,
            ApplicationEventPublisher events,
            TransactionTemplate transaction,
            Clock clock,
            MemberWallets wallets) {
        this.wallets = wallets;
        this.jdbc = jdbc;
        this.discounts = discounts;
        this.lifecycle = lifecycle;
        this.holds = holds;
        this.refunds = refunds;
        this.operators = operators;
        this.policies = policies;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Pays a placed order. Paying a paid order again answers it unchanged. */
    @Transactional
    public Order pay(long operatorId, long orderId, OrderLifecycle.By by) {
        Order order = lifecycle.lock(operatorId, orderId);
        if (by.kind() == OrderLifecycle.By.Kind.MEMBER && by.id() != order.memberId()) {
            throw new io.enjoyspace.shared.NotFoundException();
        }
        if (order.status().isPaid()) {
            return order;
        }
        OrderLifecycle.alreadyDone(order, OrderAction.PAY);
        Instant now = clock.instant();
        Long holdId = holdId(operatorId, orderId);
        if (holdId != null) {
            holds.capture(operatorId, holdId, order.pointsUsed());
        }
        for (Order.Payment payment : order.payments()) {
            if (payment.method() == PaymentMethod.WALLET && payment.amount().amountMinor() > 0) {
                try {
                    wallets.pay(
                            operatorId,
                            order.memberId(),
                            payment.amount(),
                            new IdempotencyKey("order:" + orderId),
                            "ORDER",
                            Long.toString(orderId));
                } catch (InsufficientWalletBalanceException e) {
                    throw e.onField("paymentMethod");
                }
            }
            if (payment.method() == PaymentMethod.ENTERPRISE_BILLING
                    && payment.amount().amountMinor() > 0) {
                jdbc.sql("""
                                insert into enterprise_charge (operator_id, enterprise_id, order_id, amount_minor, currency,
                                                               billing_month, created_at, kind)
                                values (:operatorId, :enterpriseId, :orderId, :amount, :currency, :month, :now, 'CHARGE')
                                """)
                        .param("operatorId", operatorId)
                        .param("enterpriseId", order.enterpriseId())
                        .param("orderId", orderId)
                        .param("amount", payment.amount().amountMinor())
                        .param("currency", payment.amount().currency())
                        .param("month", billingMonth(operatorId, now))
                        .param("now", Timestamp.from(now))
                        .update();
            }
        }
        Order paid = lifecycle.move(order, OrderAction.PAY, by, null, Map.of("paid_at", now));
        events.publishEvent(new OrderPaid(
                operatorId,
                orderId,
                paid.memberId(),
                paid.enterpriseId(),
                paid.providerId(),
                paid.total().amountMinor(),
                paid.moneyPaid().amountMinor(),
                paid.pointsUsed(),
                paid.total().currency(),
                paid.paymentMethod(),
                paid.lines().stream().map(Order.Line::offeringId).distinct().toList(),
                now));
        return paid;
    }

    /**
     * Cancels an order before its service starts. A member may cancel their own order until it is accepted; staff
     * until it starts. Cancelling twice answers the cancelled order.
     */
    @Transactional
    public Order cancel(long operatorId, long orderId, OrderLifecycle.By by, String reason) {
        Order order = lifecycle.lock(operatorId, orderId);
        if (by.kind() == OrderLifecycle.By.Kind.MEMBER) {
            if (by.id() != order.memberId()) {
                throw new io.enjoyspace.shared.NotFoundException();
            }
            if (order.status() != OrderStatus.PLACED
                    && order.status() != OrderStatus.PAID
                    && order.status() != OrderStatus.CANCELLED) {
                throw new io.enjoyspace.shared.ConflictException(
                        "order.memberCannotCancel", "the order is " + order.status() + "; ask the front desk");
            }
        }
        OrderLifecycle.requireProvider(order, by);
        if (OrderLifecycle.alreadyDone(order, OrderAction.CANCEL)) {
            return order;
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        long refunded = 0;
        if (order.status() == OrderStatus.PLACED) {
            Long holdId = holdId(operatorId, orderId);
            if (holdId != null && holds.get(operatorId, holdId).status() == io.enjoyspace.points.Hold.Status.PENDING) {
                holds.release(operatorId, holdId);
            }
        } else {
            long remaining = order.total().amountMinor() - order.refunded().amountMinor();
            if (remaining > 0) {
                refunds.refundWithin(
                        operatorId,
                        orderId,
                        remaining,
                        why == null ? "order cancelled" : why,
                        "cancel:" + orderId,
                        by.kind() == OrderLifecycle.By.Kind.STAFF ? by.id() : null);
                refunded = remaining;
                order = lifecycle.lock(operatorId, orderId);
            }
        }
        // Allowances and coupons come back whole: a full refund above has done so already, this covers unpaid orders
        // and orders the discounts paid in full.
        discounts.restoreAll(operatorId, orderId);
        Map<String, Object> columns = new HashMap<>();
        columns.put("status_reason", why);
        Order cancelled = lifecycle.move(order, OrderAction.CANCEL, by, why, columns);
        events.publishEvent(new OrderCancelled(operatorId, orderId, order.memberId(), refunded, why, clock.instant()));
        return cancelled;
    }

    /** Cancels placed orders whose payment time ran out; returns how many. */
    public int cancelUnpaid(int batchSize) {
        record Due(long operatorId, long id) {}
        List<Due> due = jdbc.sql("""
                        select o.operator_id, o.id from service_order o
                        left join checkout_policy p on p.operator_id = o.operator_id
                        where o.status = 'PLACED'
                          and o.placed_at + make_interval(mins => coalesce(p.payment_timeout_minutes, :timeout)) <= :now
                        order by o.placed_at limit :limit
                        """)
                .param("timeout", CheckoutPolicy.DEFAULT.paymentTimeoutMinutes())
                .param("now", Timestamp.from(clock.instant()))
                .param("limit", batchSize)
                .query((rs, row) -> new Due(rs.getLong("operator_id"), rs.getLong("id")))
                .list();
        int cancelled = 0;
        for (Due order : due) {
            try {
                transaction.executeWithoutResult(status ->
                        cancel(order.operatorId(), order.id(), OrderLifecycle.By.system(), "payment timed out"));
                cancelled++;
            } catch (RuntimeException e) {
                log.warn("Could not cancel unpaid order {}: {}", order.id(), e.getMessage());
            }
        }
        return cancelled;
    }

    @Scheduled(fixedDelayString = "${enjoyspace.ordering.unpaid-interval:PT1M}", initialDelayString = "PT1M")
    void scheduled() {
        int cancelled = cancelUnpaid(200);
        if (cancelled > 0) {
            log.info("Cancelled {} unpaid orders", cancelled);
        }
    }

    private Long holdId(long operatorId, long orderId) {
        return jdbc.sql("select points_hold_id from service_order where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", orderId)
                .query((rs, row) ->
                        java.util.Optional.ofNullable(io.enjoyspace.shared.Rows.nullableLong(rs, "points_hold_id")))
                .single()
                .orElse(null);
    }

    LocalDate billingMonth(long operatorId, Instant at) {
        return LocalDate.ofInstant(at, operators.get(operatorId).timeZone()).withDayOfMonth(1);
    }

    CheckoutPolicy policy(long operatorId) {
        return policies.get(operatorId);
    }
}
