package io.enjoyspace.engagement;

import io.enjoyspace.ordering.OrderStatus;
import io.enjoyspace.ordering.OrderStatusChanged;
import io.enjoyspace.ordering.OrderStatusChanges;
import io.enjoyspace.points.PointsExpiringSoon;
import io.enjoyspace.tenancy.Operators;
import java.time.LocalDate;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Turns other modules' events into notices. */
@Component
class Notices {

    private final Notifications notifications;
    private final Operators operators;
    private final io.enjoyspace.coupons.CouponTemplates couponTemplates;

    Notices(Notifications notifications, Operators operators, io.enjoyspace.coupons.CouponTemplates couponTemplates) {
        this.notifications = notifications;
        this.operators = operators;
        this.couponTemplates = couponTemplates;
    }

    /** A member moved up or down a tier; company tiers are shown to their admins on the company pages instead. */
    @ApplicationModuleListener
    void on(io.enjoyspace.membership.TierChanged changed) {
        if (changed.audience() != io.enjoyspace.membership.Audience.MEMBER || changed.toTierName() == null) {
            return;
        }
        notifications.notify(
                changed.operatorId(),
                changed.ownerId(),
                NoticeCategory.TIER,
                changed.upgrade() ? "engagement.tier.up" : "engagement.tier.down",
                List.of(changed.toTierName()),
                "tier:" + changed.ownerId() + ":" + changed.toTierCode() + ":" + changed.occurredAt());
    }

    /** A coupon landed in the member's wallet, however it was issued (claimed, granted, pushed, won, gifted). */
    @ApplicationModuleListener
    void on(io.enjoyspace.coupons.CouponIssued issued) {
        String name = couponTemplates
                .find(issued.operatorId(), issued.templateId())
                .map(io.enjoyspace.coupons.CouponTemplate::name)
                .orElse("");
        notifications.notify(
                issued.operatorId(),
                issued.memberId(),
                NoticeCategory.COUPON,
                "engagement.coupon." + issued.source().name(),
                List.of(name),
                "coupon-issued:" + issued.couponId());
    }

    @ApplicationModuleListener
    void on(PointsExpiringSoon expiring) {
        // The last day the points can be used, in the operator's time zone.
        LocalDate lastDay = LocalDate.ofInstant(
                expiring.expiresAt().minusNanos(1),
                operators.get(expiring.operatorId()).timeZone());
        notifications.notify(
                expiring.operatorId(),
                expiring.memberId(),
                NoticeCategory.POINTS,
                "inbox.pointsExpiring",
                List.of(Long.toString(expiring.points()), lastDay.toString()),
                "points-expiring:" + expiring.memberId() + ":" + expiring.expiresAt());
    }

    /**
     * Every move of an order after it is placed, in words for its status (engagement.order.STATUS), written in the
     * move's own transaction: one insert into the member's inbox (and its e-mail outbox), where an after-commit
     * delivery would cost three transactions on every step of every order.
     */
    @org.springframework.context.event.EventListener
    void on(OrderStatusChanged change) {
        noticeMoves(change.operatorId(), List.of(change));
    }

    /** Moves made together (checkout's group commit): their notices in one insert, in their transaction. */
    @org.springframework.context.event.EventListener
    void on(OrderStatusChanges changes) {
        noticeMoves(changes.operatorId(), changes.changes());
    }

    private void noticeMoves(long operatorId, List<OrderStatusChanged> changes) {
        List<Notifications.Notice> notices = changes.stream()
                .filter(change -> change.to() != OrderStatus.PLACED)
                .map(change -> new Notifications.Notice(
                        change.memberId(),
                        "engagement.order." + change.to().name(),
                        List.of(Long.toString(change.orderId())),
                        "order:" + change.orderId() + ":" + change.from() + ">" + change.to()))
                .toList();
        if (!notices.isEmpty()) {
            notifications.notifyEach(operatorId, NoticeCategory.ORDER, notices);
        }
    }
}
