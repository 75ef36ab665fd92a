package io.enjoyspace.ordering;

import io.enjoyspace.booking.ReservationApproved;
import io.enjoyspace.booking.ReservationBooked;
import io.enjoyspace.booking.ReservationCancelled;
import io.enjoyspace.booking.ReservationCheckedIn;
import io.enjoyspace.booking.ReservationReleased;
import io.enjoyspace.booking.ReservationStatus;
import io.enjoyspace.wallet.MemberWallets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pays for reservations, inside the booking's own transaction: a confirmed reservation with a price becomes a paid
 * order, charged to the member's company (or, for a member without one, to the wallet; too little there and the booking
 * is refused with nothing kept). Allowances and the coupons the member entered pay first. A cancellation refunds what the cancellation terms give back, restores the allowances and coupons, and cancels the order;
 * a check-in completes it, and so does a no-show, whose charge stands.
 */
@Component
class ReservationOrders {

    private final JdbcClient jdbc;
    private final OrderPayments payments;
    private final OrderRefunds refunds;
    private final OrderLifecycle lifecycle;
    private final OrderCompletion completion;
    private final MemberWallets wallets;
    private final Discounts discounts;
    private final io.enjoyspace.booking.Resources resources;
    private final io.enjoyspace.tenancy.Members members;
    private final org.springframework.context.ApplicationEventPublisher events;

    ReservationOrders(
            JdbcClient jdbc,
            OrderPayments payments,
            OrderRefunds refunds,
            OrderLifecycle lifecycle,
            OrderCompletion completion,
            MemberWallets wallets,
            Discounts discounts,
            io.enjoyspace.booking.Resources resources,
            io.enjoyspace.tenancy.Members members,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.discounts = discounts;
        this.resources = resources;
        this.members = members;
        this.jdbc = jdbc;
        this.payments = payments;
        this.refunds = refunds;
        this.lifecycle = lifecycle;
        this.completion = completion;
        this.wallets = wallets;
    }

    @EventListener
    void on(ReservationBooked booked) {
        if (booked.status() == ReservationStatus.CONFIRMED && booked.priceMinor() > 0) {
            charge(
                    booked.operatorId(),
                    booked.reservationId(),
                    booked.resourceId(),
                    booked.startsAt(),
                    booked.endsAt(),
                    booked.memberId(),
                    booked.enterpriseId(),
                    booked.priceMinor(),
                    booked.currency(),
                    booked.bookedByUserId(),
                    booked.bookedAt(),
                    booked.couponCodes());
        }
    }

    @EventListener
    void on(ReservationApproved approved) {
        if (approved.priceMinor() > 0) {
            charge(
                    approved.operatorId(),
                    approved.reservationId(),
                    approved.resourceId(),
                    approved.startsAt(),
                    approved.endsAt(),
                    approved.memberId(),
                    approved.enterpriseId(),
                    approved.priceMinor(),
                    approved.currency(),
                    approved.approvedByUserId(),
                    approved.approvedAt(),
                    approved.couponCodes());
        }
    }

    @EventListener
    void on(ReservationCancelled cancelled) {
        orderOf(cancelled.operatorId(), cancelled.reservationId()).ifPresent(orderId -> {
            // The terms' share of what was paid: allowances paid the rest, and they come back whole below.
            long paid = lifecycle.lock(cancelled.operatorId(), orderId).total().amountMinor();
            long refund = cancelled.priceMinor() == 0
                    ? 0
                    : Math.multiplyExact(paid, cancelled.refundMinor()) / cancelled.priceMinor();
            if (refund > 0) {
                refunds.refundWithin(
                        cancelled.operatorId(),
                        orderId,
                        refund,
                        "reservation cancelled (" + cancelled.refundPercent() + "%)",
                        "reservation-cancel:" + cancelled.reservationId(),
                        null);
            }
            discounts.restoreAll(cancelled.operatorId(), orderId);
            Order order = lifecycle.lock(cancelled.operatorId(), orderId);
            if (!OrderLifecycle.alreadyDone(order, OrderAction.CANCEL)) {
                String why = "reservation cancelled: " + cancelled.reason();
                lifecycle.move(order, OrderAction.CANCEL, OrderLifecycle.By.system(), why, Map.of());
                events.publishEvent(new OrderCancelled(
                        cancelled.operatorId(), orderId, order.memberId(), refund, why, cancelled.cancelledAt()));
            }
        });
    }

    @EventListener
    void on(ReservationCheckedIn checkedIn) {
        orderOf(checkedIn.operatorId(), checkedIn.reservationId())
                .ifPresent(orderId -> completion.complete(checkedIn.operatorId(), orderId, OrderLifecycle.By.system()));
    }

    @EventListener
    void on(ReservationReleased released) {
        orderOf(released.operatorId(), released.reservationId())
                .ifPresent(orderId -> completion.complete(released.operatorId(), orderId, OrderLifecycle.By.system()));
    }

    private Optional<Long> orderOf(long operatorId, long reservationId) {
        return jdbc.sql(
                        "select id from service_order where operator_id = :operatorId and reservation_id = :reservationId")
                .param("operatorId", operatorId)
                .param("reservationId", reservationId)
                .query(Long.class)
                .optional();
    }

    private void charge(
            long operatorId,
            long reservationId,
            long resourceId,
            Instant startsAt,
            Instant endsAt,
            long memberId,
            Long enterpriseId,
            long priceMinor,
            String currency,
            long userId,
            Instant at,
            List<String> couponCodes) {
        if (orderOf(operatorId, reservationId).isPresent()) {
            return;
        }
        PaymentMethod method = enterpriseId != null ? PaymentMethod.ENTERPRISE_BILLING : PaymentMethod.WALLET;
        long orderId = jdbc.sql("""
                        insert into service_order (operator_id, member_id, enterprise_id, status, payment_method,
                                                   total_minor, currency, placed_at, channel, placed_by, kind,
                                                   reservation_id, description)
                        values (:operatorId, :memberId, :enterpriseId, 'PLACED', :method, :total, :currency, :at,
                                'ONLINE', :userId, 'RESERVATION', :reservationId, :description)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("enterpriseId", enterpriseId)
                .param("method", method.name())
                .param("total", priceMinor)
                .param("currency", currency)
                .param("at", Timestamp.from(at))
                .param("userId", userId)
                .param("reservationId", reservationId)
                .param("description", "reservation " + reservationId)
                .query(Long.class)
                .single();
        // Allowances (free meeting-room hours) pay first, from the month the booking takes place in; then the coupons
        // the member entered.
        Discounts.Applied applied = discounts.apply(new DiscountBasket(
                operatorId,
                orderId,
                memberId,
                enterpriseId,
                members.get(operatorId, memberId).siteId(),
                List.of(new DiscountLine(
                        1,
                        0,
                        null,
                        "RESOURCE",
                        resources.get(operatorId, resourceId).type().name(),
                        1,
                        priceMinor,
                        startsAt,
                        endsAt)),
                couponCodes,
                true,
                at));
        long payable = applied.remainingMinor();
        if (method == PaymentMethod.WALLET
                && payable > 0
                && wallets.balance(operatorId, memberId).amountMinor() < payable) {
            throw new io.enjoyspace.shared.InvalidInputException("paymentMethod", "order.wallet.insufficient");
        }
        if (applied.discountMinor() > 0) {
            jdbc.sql("""
                            update service_order set total_minor = :payable, discount_minor = :discount
                            where operator_id = :operatorId and id = :id
                            """)
                    .param("payable", payable)
                    .param("discount", applied.discountMinor())
                    .param("operatorId", operatorId)
                    .param("id", orderId)
                    .update();
        }
        if (payable > 0) {
            jdbc.sql("""
                            insert into order_payment (operator_id, order_id, method, amount_minor, points)
                            values (:operatorId, :orderId, :method, :amount, 0)
                            """)
                    .param("operatorId", operatorId)
                    .param("orderId", orderId)
                    .param("method", method.name())
                    .param("amount", payable)
                    .update();
        }
        jdbc.sql("""
                        insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id, occurred_at)
                        values (:operatorId, :orderId, null, 'PLACED', 'MEMBER', :memberId, :at)
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .param("memberId", memberId)
                .param("at", Timestamp.from(at))
                .update();
        payments.pay(operatorId, orderId, OrderLifecycle.By.member(memberId));
    }
}
