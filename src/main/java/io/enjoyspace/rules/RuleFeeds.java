package io.enjoyspace.rules;

import io.enjoyspace.ordering.OrderCompleted;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.ordering.OrdersPaid;
import io.enjoyspace.rules.EventIntake.EventCommand;
import io.enjoyspace.tenancy.MemberRegistered;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns what happens elsewhere in EnjoySpace into rule events, so orders, check-ins, referrals and registrations earn
 * through the operator's rules like any event an integrator sends. Each event's key names its cause, so a redelivery
 * evaluates nothing twice.
 */
@Component
class RuleFeeds {

    private final EventIntake intake;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final RuleFeedQueue queue;

    RuleFeeds(EventIntake intake, org.springframework.jdbc.core.simple.JdbcClient jdbc, RuleFeedQueue queue) {
        this.intake = intake;
        this.jdbc = jdbc;
        this.queue = queue;
    }

    /**
     * A paid order is queued in the payment's transaction and evaluated with others in a batch (see {@link
     * RuleFeedQueue}): checkout is the busiest path, and a batch costs a few statements where one event costs a dozen.
     */
    @EventListener
    void on(OrderPaid order) {
        queue.enqueueAll(order.operatorId(), List.of(paid(order)));
    }

    /** Orders paid together (checkout's group commit): queued together, in one statement. */
    @EventListener
    void on(OrdersPaid orders) {
        queue.enqueueAll(
                orders.operatorId(),
                orders.orders().stream().map(RuleFeeds::paid).toList());
    }

    private static EventCommand paid(OrderPaid order) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("amount", BigDecimal.valueOf(order.moneyPaidMinor(), 2));
        attributes.put("amountMinor", order.moneyPaidMinor());
        attributes.put("totalMinor", order.totalMinor());
        attributes.put("pointsUsed", order.pointsUsed());
        order.offeringIds().forEach(attributes.putArray("offeringIds")::add);
        attributes.put("currency", order.currency());
        attributes.put("orderId", order.orderId());
        attributes.put(
                "paymentMethod",
                order.paymentMethod() == null ? "NONE" : order.paymentMethod().name());
        return new EventCommand(
                "order-paid:" + order.orderId(),
                EventTypes.ORDER_PAID,
                order.memberId(),
                order.occurredAt(),
                attributes,
                "ORDER",
                Long.toString(order.orderId()));
    }

    @ApplicationModuleListener
    void on(OrderCompleted order) {
        io.enjoyspace.shared.AfterCommitWork.flushLazily(jdbc);
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("amount", BigDecimal.valueOf(order.paidMinor(), 2));
        attributes.put("amountMinor", order.paidMinor());
        attributes.put("currency", order.currency());
        attributes.put("orderId", order.orderId());
        attributes.put("paymentMethod", order.paymentMethod());
        order.offeringIds().forEach(attributes.putArray("offeringIds")::add);
        intake.ingest(
                order.operatorId(),
                new EventCommand(
                        "order-completed:" + order.orderId(),
                        EventTypes.ORDER_COMPLETED,
                        order.memberId(),
                        order.occurredAt(),
                        attributes,
                        "ORDER",
                        Long.toString(order.orderId())),
                true);
    }

    @ApplicationModuleListener
    void on(MemberRegistered registered) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("siteId", registered.siteId());
        intake.ingest(
                registered.operatorId(),
                new EventCommand(
                        "member-registered:" + registered.memberId(),
                        EventTypes.MEMBER_REGISTERED,
                        registered.memberId(),
                        registered.occurredAt(),
                        attributes,
                        "MEMBER",
                        Long.toString(registered.memberId())),
                true);
    }

    @ApplicationModuleListener
    void on(io.enjoyspace.tenancy.MemberProfileCompleted completed) {
        intake.ingest(
                completed.operatorId(),
                new EventCommand(
                        "profile-completed:" + completed.memberId(),
                        EventTypes.PROFILE_COMPLETED,
                        completed.memberId(),
                        completed.occurredAt(),
                        JsonNodeFactory.instance.objectNode(),
                        "MEMBER",
                        Long.toString(completed.memberId())),
                true);
    }

    @ApplicationModuleListener
    void on(CheckedIn checkIn) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("streak", checkIn.streak());
        attributes.put("day", checkIn.day().toString());
        intake.ingest(
                checkIn.operatorId(),
                new EventCommand(
                        "checkin:" + checkIn.memberId() + ":" + checkIn.day(),
                        EventTypes.CHECKIN_DAILY,
                        checkIn.memberId(),
                        checkIn.occurredAt(),
                        attributes,
                        "CHECKIN",
                        checkIn.day().toString()),
                true);
    }

    @ApplicationModuleListener
    void on(ReferralQualified referral) {
        for (String role : new String[] {"referrer", "referee"}) {
            long memberId = role.equals("referrer") ? referral.referrerMemberId() : referral.refereeMemberId();
            ObjectNode attributes = JsonNodeFactory.instance.objectNode();
            attributes.put("role", role);
            attributes.put("refereeId", referral.refereeMemberId());
            attributes.put("orderId", referral.orderId());
            intake.ingest(
                    referral.operatorId(),
                    new EventCommand(
                            "referral-qualified:" + referral.refereeMemberId() + ":" + role,
                            EventTypes.REFERRAL_QUALIFIED,
                            memberId,
                            referral.occurredAt(),
                            attributes,
                            "MEMBER",
                            Long.toString(referral.refereeMemberId())),
                    true);
        }
    }
}
