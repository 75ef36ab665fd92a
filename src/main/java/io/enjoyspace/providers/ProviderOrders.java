package io.enjoyspace.providers;

import io.enjoyspace.ordering.Order;
import io.enjoyspace.ordering.OrderProviders;
import io.enjoyspace.ordering.OrderRefunded;
import io.enjoyspace.ordering.OrderStatus;
import io.enjoyspace.ordering.OrderStatusChanged;
import io.enjoyspace.ordering.OrderStatusChanges;
import io.enjoyspace.ordering.Orders;
import io.enjoyspace.tenancy.Operators;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where orders meet their providers, inside the transaction that moves the order: a webhook to the provider for every
 * step of its orders (written to the outbox with the change, so a rolled-back change sends nothing), and the
 * provider's earnings ledger (a line when an order is completed, a negative line for each later refund) that monthly
 * settlements sum.
 */
@Component
class ProviderOrders implements OrderProviders {

    private final JdbcClient jdbc;
    private final Providers providers;
    private final Webhooks webhooks;
    private final Orders orders;
    private final Operators operators;

    ProviderOrders(JdbcClient jdbc, Providers providers, Webhooks webhooks, Orders orders, Operators operators) {
        this.jdbc = jdbc;
        this.providers = providers;
        this.webhooks = webhooks;
        this.orders = orders;
        this.operators = operators;
    }

    @Override
    public boolean canFulfil(long operatorId, long providerId) {
        return providers
                .find(operatorId, providerId)
                .filter(provider -> provider.active() && provider.certified())
                .isPresent();
    }

    /**
     * Moves made together (checkout's group commit): each as its own event would be. Only a move of an order with a
     * provider writes anything (its webhooks), so the loop costs nothing for the others.
     */
    @EventListener
    void on(OrderStatusChanges changes) {
        changes.changes().forEach(this::on);
    }

    @EventListener
    void on(OrderStatusChanged change) {
        boolean moved = !Objects.equals(change.previousProviderId(), change.providerId());
        if (moved && change.previousProviderId() != null) {
            webhooks.enqueue(
                    change.operatorId(), change.previousProviderId(), "order.reassigned", payload(change, false));
        }
        if (change.providerId() != null) {
            String type =
                    moved ? "order.dispatched" : "order." + change.to().name().toLowerCase();
            webhooks.enqueue(change.operatorId(), change.providerId(), type, payload(change, true));
            if (change.to() == OrderStatus.COMPLETED) {
                earn(change);
            }
        }
    }

    @EventListener
    void on(OrderRefunded refund) {
        record Earned(long providerId, int bps, String currency) {}
        jdbc.sql("""
                        select provider_id, commission_bps, currency from provider_earning
                        where operator_id = :operatorId and order_id = :orderId and kind = 'EARNING'
                        """)
                .param("operatorId", refund.operatorId())
                .param("orderId", refund.orderId())
                .query((rs, row) ->
                        new Earned(rs.getLong("provider_id"), rs.getInt("commission_bps"), rs.getString("currency")))
                .optional()
                .ifPresent(earned -> insert(
                        refund.operatorId(),
                        earned.providerId(),
                        refund.orderId(),
                        refund.refundId(),
                        -refund.amountMinor(),
                        earned.bps(),
                        earned.currency(),
                        refund.occurredAt()));
    }

    private void earn(OrderStatusChanged change) {
        Order order = orders.get(change.operatorId(), change.orderId());
        long gross = order.total().amountMinor() - order.refunded().amountMinor();
        int bps = providers.get(change.operatorId(), change.providerId()).commissionBasisPoints();
        insert(
                change.operatorId(),
                change.providerId(),
                order.id(),
                null,
                gross,
                bps,
                order.total().currency(),
                change.occurredAt());
    }

    private void insert(
            long operatorId,
            long providerId,
            long orderId,
            Long refundId,
            long grossMinor,
            int bps,
            String currency,
            Instant at) {
        long commission = commission(grossMinor, bps);
        jdbc.sql("""
                        insert into provider_earning (operator_id, provider_id, order_id, kind, refund_id, gross_minor,
                                                      commission_minor, net_minor, commission_bps, currency,
                                                      settlement_month, occurred_at)
                        values (:operatorId, :providerId, :orderId, :kind, :refundId, :gross, :commission, :net, :bps,
                                :currency, :month, :at)
                        on conflict do nothing
                        """)
                .param("operatorId", operatorId)
                .param("providerId", providerId)
                .param("orderId", orderId)
                .param("kind", refundId == null ? "EARNING" : "REFUND")
                .param("refundId", refundId)
                .param("gross", grossMinor)
                .param("commission", commission)
                .param("net", grossMinor - commission)
                .param("bps", bps)
                .param("currency", currency)
                .param(
                        "month",
                        LocalDate.ofInstant(at, operators.get(operatorId).timeZone())
                                .withDayOfMonth(1))
                .param("at", Timestamp.from(at))
                .update();
    }

    /** The operator's commission on an amount, half-up to the fen; a refund's is the negative of its amount's. */
    static long commission(long amountMinor, int basisPoints) {
        long magnitude = BigDecimal.valueOf(Math.abs(amountMinor))
                .multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP)
                .longValueExact();
        return amountMinor < 0 ? -magnitude : magnitude;
    }

    private Map<String, Object> payload(OrderStatusChanged change, boolean withDetails) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", Long.toString(change.orderId()));
        payload.put("status", change.to().name());
        payload.put(
                "previousStatus", change.from() == null ? null : change.from().name());
        payload.put("reason", change.reason());
        payload.put("occurredAt", change.occurredAt().toString());
        if (withDetails) {
            Order order = orders.get(change.operatorId(), change.orderId());
            payload.put("kind", order.kind().name());
            payload.put("totalMinor", order.total().amountMinor());
            payload.put("currency", order.total().currency());
            payload.put("description", order.description());
            payload.put("location", order.location());
            payload.put(
                    "scheduledFor",
                    order.scheduledFor() == null ? null : order.scheduledFor().toString());
            payload.put(
                    "respondBy",
                    order.respondBy() == null ? null : order.respondBy().toString());
            payload.put(
                    "completeBy",
                    order.completeBy() == null ? null : order.completeBy().toString());
            payload.put(
                    "lines",
                    order.lines().stream()
                            .map(line -> Map.of(
                                    "offeringId", Long.toString(line.offeringId()),
                                    "name", line.offeringName(),
                                    "quantity", line.quantity()))
                            .toList());
        }
        return payload;
    }
}
