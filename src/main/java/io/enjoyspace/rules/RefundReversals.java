package io.enjoyspace.rules;

import io.enjoyspace.ordering.OrderRefunded;
import io.enjoyspace.points.PointsReversals;
import io.enjoyspace.rules.EventIntake.EventCommand;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A refund takes back what the order earned under the rules, in proportion to the money returned (the points
 * module's reversal policy decides about points already spent), and is itself an {@code order.refunded} event that
 * rules may listen to. Each reversal is keyed by the refund and the award, so a redelivery takes nothing twice.
 */
@Component
class RefundReversals {

    private final JdbcClient jdbc;
    private final PointsReversals reversals;
    private final EventIntake intake;

    RefundReversals(JdbcClient jdbc, PointsReversals reversals, EventIntake intake) {
        this.jdbc = jdbc;
        this.reversals = reversals;
        this.intake = intake;
    }

    @ApplicationModuleListener
    void on(OrderRefunded refund) {
        List<Long> awards = jdbc.sql("""
                        select a.transaction_id from rule_award a
                        join rule_event e on e.operator_id = a.operator_id and e.id = a.event_id
                        where a.operator_id = :operatorId and a.transaction_id is not null
                          and e.event_key in (:keys)
                        order by a.transaction_id
                        """)
                .param("operatorId", refund.operatorId())
                .param("keys", List.of("order-completed:" + refund.orderId(), "order-paid:" + refund.orderId()))
                .query(Long.class)
                .list();
        for (long transactionId : awards) {
            reversals.reverse(new PointsReversals.ReverseEarning(
                    refund.operatorId(),
                    "refund:" + refund.refundId() + ":award:" + transactionId,
                    transactionId,
                    refund.amountMinor(),
                    refund.paidMinor()));
        }
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("amount", BigDecimal.valueOf(refund.amountMinor(), 2));
        attributes.put("amountMinor", refund.amountMinor());
        attributes.put("refundedMinor", refund.refundedMinor());
        attributes.put("orderId", refund.orderId());
        intake.ingest(
                refund.operatorId(),
                new EventCommand(
                        "order-refunded:" + refund.refundId(),
                        EventTypes.ORDER_REFUNDED,
                        refund.memberId(),
                        refund.occurredAt(),
                        attributes,
                        "ORDER",
                        Long.toString(refund.orderId())),
                true);
    }
}
