package io.enjoyspace.rules;

import io.enjoyspace.ordering.OrderCompleted;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.tenancy.Operators;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Awards points for a completed order under each active rule. The ledger key names the order and the rule, so a
 * redelivered event awards nothing more.
 */
@Component
class OrderEarning {

    private static final Logger log = LoggerFactory.getLogger(OrderEarning.class);

    private final EarningRules rules;
    private final PointsLedger ledger;
    private final io.enjoyspace.points.PointsPending pending;
    private final Operators operators;

    OrderEarning(
            EarningRules rules, PointsLedger ledger, io.enjoyspace.points.PointsPending pending, Operators operators) {
        this.rules = rules;
        this.ledger = ledger;
        this.pending = pending;
        this.operators = operators;
    }

    @ApplicationModuleListener
    void on(OrderCompleted order) {
        ZoneId zone = operators.get(order.operatorId()).timeZone();
        for (EarningRule rule : rules.activeFor(order.operatorId(), EarningRule.ORDER_COMPLETED)) {
            long points = rule.pointsFor(order.paidMinor());
            if (points == 0) {
                continue;
            }
            String key = "order-completed:" + order.orderId() + ":rule:" + rule.id();
            java.time.Instant expiresAt = rule.expiry().expiresAt(order.occurredAt(), zone);
            if (rule.pendingDays() > 0) {
                pending.award(
                        order.operatorId(),
                        key,
                        order.memberId(),
                        points,
                        order.occurredAt().plus(java.time.Duration.ofDays(rule.pendingDays())),
                        expiresAt,
                        EarningRule.ORDER_COMPLETED,
                        "ORDER",
                        Long.toString(order.orderId()));
            } else {
                ledger.post(PostTransaction.award(
                        order.operatorId(),
                        key,
                        Account.member(order.memberId()),
                        points,
                        expiresAt,
                        EarningRule.ORDER_COMPLETED,
                        "ORDER",
                        Long.toString(order.orderId())));
            }
            log.debug("Order {} earned {} points under rule {}", order.orderId(), points, rule.id());
        }
    }
}
