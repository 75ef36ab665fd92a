package io.enjoyspace.ordering;

import io.enjoyspace.points.PointsHolds;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.wallet.MemberWallets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff refund a paid order, all at once or in parts, never more than was paid. Each refund is divided over the parts
 * the order was paid with ({@link RefundSplit}) and returns each exactly: a credit line on the company's bill, money
 * back to the wallet, points back into the lots they came from. A refund is recorded once per idempotency key: sending
 * it again answers with the first refund; the same key for a different refund is refused.
 */
@Service
public class OrderRefunds {

    private final JdbcClient jdbc;
    private final Discounts discounts;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PointsHolds holds;
    private final Operators operators;
    private final MemberWallets wallets;
    private final io.enjoyspace.points.PointsSpends spends;

    OrderRefunds(
            io.enjoyspace.points.PointsSpends spends,
            JdbcClient jdbc,
            Discounts discounts,
            ApplicationEventPublisher events,
            Clock clock,
            PointsHolds holds,
            Operators operators,
            MemberWallets wallets) {
        this.wallets = wallets;
        this.spends = spends;
        this.jdbc = jdbc;
        this.discounts = discounts;
        this.events = events;
        this.clock = clock;
        this.holds = holds;
        this.operators = operators;
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
        return refundWithin(operatorId, orderId, amountMinor, reason, key, staffUserId);
    }

    /** The refund, inside the caller's transaction; {@code staffUserId} is null for a member's or the system's. */
    Refund refundWithin(long operatorId, long orderId, long amountMinor, String reason, String key, Long staffUserId) {
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
        if (!OrderStatus.valueOf(order.status()).isPaid()) {
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
        returnParts(operatorId, orderId, refundId, amountMinor, now);
        long refunded = order.refundedMinor() + amountMinor;
        jdbc.sql("update service_order set refunded_minor = :refunded where operator_id = :operatorId and id = :id")
                .param("refunded", refunded)
                .param("operatorId", operatorId)
                .param("id", orderId)
                .update();
        if (refunded == order.totalMinor()) {
            discounts.restoreAll(operatorId, orderId);
        }
        events.publishEvent(new OrderRefunded(
                operatorId, orderId, refundId, order.memberId(), amountMinor, refunded, order.totalMinor(), now));
        return new Refund(refundId, orderId, amountMinor, refunded, order.totalMinor(), why, false);
    }

    private void returnParts(long operatorId, long orderId, long refundId, long amountMinor, Instant now) {
        record Row(
                RefundSplit.Part part, String currency, Long enterpriseId, Long holdId, Long spendId, long memberId) {}
        List<Row> rows = jdbc.sql("""
                        select p.method, p.amount_minor, p.refunded_minor, p.points, p.refunded_points, o.currency,
                               o.enterprise_id, o.points_hold_id, o.points_transaction_id, o.member_id
                        from order_payment p
                        join service_order o on o.operator_id = p.operator_id and o.id = p.order_id
                        where p.operator_id = :operatorId and p.order_id = :orderId
                        order by p.method
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .query((rs, row) -> new Row(
                        new RefundSplit.Part(
                                PaymentMethod.valueOf(rs.getString("method")),
                                rs.getLong("amount_minor"),
                                rs.getLong("refunded_minor"),
                                rs.getLong("points"),
                                rs.getLong("refunded_points")),
                        rs.getString("currency"),
                        Rows.nullableLong(rs, "enterprise_id"),
                        Rows.nullableLong(rs, "points_hold_id"),
                        Rows.nullableLong(rs, "points_transaction_id"),
                        rs.getLong("member_id")))
                .list();
        List<RefundSplit.Share> shares =
                RefundSplit.split(rows.stream().map(Row::part).toList(), amountMinor);
        for (int i = 0; i < shares.size(); i++) {
            RefundSplit.Share share = shares.get(i);
            Row row = rows.get(i);
            if (share.amountMinor() == 0 && share.points() == 0) {
                continue;
            }
            switch (share.method()) {
                case ENTERPRISE_BILLING ->
                    jdbc.sql("""
                                insert into enterprise_charge (operator_id, enterprise_id, order_id, amount_minor, currency,
                                                               billing_month, created_at, kind, refund_id)
                                values (:operatorId, :enterpriseId, :orderId, :amount, :currency, :month, :now, 'REFUND',
                                        :refundId)
                                """)
                            .param("operatorId", operatorId)
                            .param("enterpriseId", row.enterpriseId())
                            .param("orderId", orderId)
                            .param("amount", -share.amountMinor())
                            .param("currency", row.currency())
                            .param(
                                    "month",
                                    LocalDate.ofInstant(
                                                    now,
                                                    operators.get(operatorId).timeZone())
                                            .withDayOfMonth(1))
                            .param("now", Timestamp.from(now))
                            .param("refundId", refundId)
                            .update();
                case POINTS -> {
                    if (row.holdId() != null) {
                        holds.refund(operatorId, row.holdId(), share.points(), "refund-" + refundId);
                    } else {
                        spends.refund(
                                operatorId,
                                row.spendId(),
                                io.enjoyspace.points.Account.member(row.memberId()),
                                share.points(),
                                "order-refund:" + refundId + ":points",
                                "ORDER_PAYMENT_REFUNDED",
                                "ORDER",
                                Long.toString(orderId));
                    }
                }
                case WALLET ->
                    wallets.refund(
                            operatorId,
                            new IdempotencyKey("order-refund:" + refundId),
                            "ORDER",
                            Long.toString(orderId),
                            Money.of(share.amountMinor(), row.currency()));
            }
            jdbc.sql("""
                            insert into order_refund_part (operator_id, refund_id, method, amount_minor, points)
                            values (:operatorId, :refundId, :method, :amount, :points)
                            """)
                    .param("operatorId", operatorId)
                    .param("refundId", refundId)
                    .param("method", share.method().name())
                    .param("amount", share.amountMinor())
                    .param("points", share.points())
                    .update();
            jdbc.sql("""
                            update order_payment set refunded_minor = refunded_minor + :amount,
                                                     refunded_points = refunded_points + :points
                            where operator_id = :operatorId and order_id = :orderId and method = :method
                            """)
                    .param("amount", share.amountMinor())
                    .param("points", share.points())
                    .param("operatorId", operatorId)
                    .param("orderId", orderId)
                    .param("method", share.method().name())
                    .update();
        }
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
