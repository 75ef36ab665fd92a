package io.enjoyspace.insights;

import io.enjoyspace.booking.ReservationBooked;
import io.enjoyspace.booking.ReservationCancelled;
import io.enjoyspace.booking.ReservationCheckedIn;
import io.enjoyspace.ordering.Order;
import io.enjoyspace.ordering.OrderCancelled;
import io.enjoyspace.ordering.OrderCompleted;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.ordering.OrderRated;
import io.enjoyspace.ordering.OrderRefunded;
import io.enjoyspace.ordering.Orders;
import io.enjoyspace.ordering.OrdersPaid;
import io.enjoyspace.points.AccountType;
import io.enjoyspace.points.PointsPosted;
import io.enjoyspace.points.PointsPostedTogether;
import io.enjoyspace.points.Posting;
import io.enjoyspace.rules.CheckedIn;
import io.enjoyspace.rules.ReferralQualified;
import io.enjoyspace.shared.AfterCommitWork;
import io.enjoyspace.tenancy.MemberRegistered;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns every module's events into activity facts. Delivery is at least once; the recorder keys each fact by kind and
 * subject, so a redelivery records nothing. To record a new module's event, add a method here:
 *
 * <pre>
 * &#64;ApplicationModuleListener
 * void on(CouponRedeemed event) {
 *     recorder.record(Fact.of(event.operatorId(), FactKind.COUPON_USED, event.couponId(), event.occurredAt())
 *             .member(event.memberId())
 *             .amount(event.discountMinor()));
 * }
 * </pre>
 *
 * Facts from module listeners commit lazily (synchronous_commit off), as the other listeners do: they must not add a
 * disk flush per event. Points facts are the exception: they are written in the ledger's transaction (see below).
 *
 * <p>Switched off with {@code enjoyspace.insights.facts.enabled=false} (for the benchmark of its cost): then no listener
 * exists and no event publication is written for it.
 */
@Component
@ConditionalOnProperty(name = "enjoyspace.insights.facts.enabled", havingValue = "true", matchIfMissing = true)
class FactListeners {

    private static final Set<AccountType> PEOPLE = Set.of(AccountType.MEMBER, AccountType.PENDING);

    private final FactRecorder recorder;
    private final Orders orders;
    private final JdbcClient jdbc;
    private final java.time.Clock clock;

    FactListeners(FactRecorder recorder, Orders orders, JdbcClient jdbc, java.time.Clock clock) {
        this.recorder = recorder;
        this.orders = orders;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(io.enjoyspace.membership.TierChanged event) {
        if (event.audience() != io.enjoyspace.membership.Audience.MEMBER) {
            return;
        }
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(Fact.of(
                        event.operatorId(),
                        event.upgrade() ? FactKind.TIER_UPGRADED : FactKind.TIER_DOWNGRADED,
                        event.ownerId() + ":" + event.toTierCode() + ":" + event.occurredAt(),
                        event.occurredAt())
                .member(event.ownerId()));
    }

    /** A coupon paid part of an order or a till purchase; the event carries no time, so it is the delivery's. */
    /**
     * In the issuing transaction: a push to thousands of members issues thousands of coupons at once, and an
     * after-commit delivery would cost three transactions for each.
     */
    @EventListener
    void on(io.enjoyspace.coupons.CouponIssued event) {
        recorder.record(Fact.of(event.operatorId(), FactKind.COUPON_ISSUED, event.couponId(), clock.instant())
                .member(event.memberId()));
    }

    @ApplicationModuleListener
    void on(io.enjoyspace.coupons.CouponRedeemed event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(Fact.of(event.operatorId(), FactKind.COUPON_USED, event.couponId(), clock.instant())
                .member(event.memberId())
                .amount(event.discountMinor()));
    }

    /**
     * Recorded in the redemption's own transaction (the mall's group commit writes many at once), not after it: an
     * after-commit delivery would cost three transactions of its own for every redemption. The redemption is new in
     * this transaction, so its fact needs no idempotency key.
     */
    @EventListener
    void on(io.enjoyspace.rewards.RewardRedeemed event) {
        recorder.recordUnkeyed(
                List.of(Fact.of(event.operatorId(), FactKind.REWARD_REDEEMED, event.redemptionId(), event.at())
                        .member(event.memberId())
                        .points(event.points())));
    }

    @ApplicationModuleListener
    void on(MemberRegistered event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(Fact.of(event.operatorId(), FactKind.MEMBER_REGISTERED, event.memberId(), event.occurredAt())
                .member(event.memberId())
                .enterprise(event.enterpriseId())
                .site(event.siteId()));
    }

    /**
     * In the payment's own transaction: the fact is a few inserts on rows no other order touches, and an after-commit
     * delivery would cost three transactions of its own on every checkout.
     */
    @EventListener
    void on(OrderPaid event) {
        recordPaid(List.of(event));
    }

    /** Orders paid together (checkout's group commit): their facts in one statement, in their transaction. */
    @EventListener
    void on(OrdersPaid event) {
        recordPaid(event.orders());
    }

    private void recordPaid(List<OrderPaid> paid) {
        recorder.recordAll(paid.stream()
                .map(event -> Fact.of(event.operatorId(), FactKind.ORDER_PAID, event.orderId(), event.occurredAt())
                        .member(event.memberId())
                        .enterprise(event.enterpriseId())
                        .offering(first(event.offeringIds()))
                        .provider(event.providerId())
                        .amount(event.totalMinor())
                        .points(event.pointsUsed()))
                .toList());
    }

    /** On time: completed by the order's service deadline (null when it has none). */
    @ApplicationModuleListener
    void on(OrderCompleted event) {
        AfterCommitWork.flushLazily(jdbc);
        Boolean onTime = orders.find(event.operatorId(), event.orderId())
                .map(Order::completeBy)
                .map(completeBy -> !event.occurredAt().isAfter(completeBy))
                .orElse(null);
        recorder.record(Fact.of(event.operatorId(), FactKind.ORDER_COMPLETED, event.orderId(), event.occurredAt())
                .member(event.memberId())
                .enterprise(event.enterpriseId())
                .offering(first(event.offeringIds()))
                .amount(event.paidMinor())
                .onTime(onTime));
    }

    @ApplicationModuleListener
    void on(OrderRefunded event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(Fact.of(event.operatorId(), FactKind.ORDER_REFUNDED, event.refundId(), event.occurredAt())
                .member(event.memberId())
                .amount(event.amountMinor()));
    }

    @ApplicationModuleListener
    void on(OrderCancelled event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(Fact.of(event.operatorId(), FactKind.ORDER_CANCELLED, event.orderId(), event.occurredAt())
                .member(event.memberId())
                .amount(event.refundedMinor()));
    }

    @ApplicationModuleListener
    void on(OrderRated event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(Fact.of(event.operatorId(), FactKind.ORDER_RATED, event.orderId(), event.occurredAt())
                .member(event.memberId())
                .offering(first(event.offeringIds()))
                .provider(event.providerId())
                .stars(event.stars()));
    }

    @ApplicationModuleListener
    void on(ReservationBooked event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(
                Fact.of(event.operatorId(), FactKind.RESERVATION_BOOKED, event.reservationId(), event.bookedAt())
                        .member(event.memberId())
                        .enterprise(event.enterpriseId())
                        .amount(event.priceMinor()));
    }

    @ApplicationModuleListener
    void on(ReservationCheckedIn event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(
                Fact.of(event.operatorId(), FactKind.RESERVATION_CHECKED_IN, event.reservationId(), event.checkedInAt())
                        .member(event.memberId())
                        .enterprise(event.enterpriseId())
                        .amount(event.priceMinor()));
    }

    @ApplicationModuleListener
    void on(ReservationCancelled event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(
                Fact.of(event.operatorId(), FactKind.RESERVATION_CANCELLED, event.reservationId(), event.cancelledAt())
                        .member(event.memberId())
                        .enterprise(event.enterpriseId())
                        .amount(event.refundMinor()));
    }

    @ApplicationModuleListener
    void on(CheckedIn event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(Fact.of(
                        event.operatorId(),
                        FactKind.DAILY_CHECK_IN,
                        event.memberId() + ":" + event.day(),
                        event.occurredAt())
                .member(event.memberId()));
    }

    @ApplicationModuleListener
    void on(ReferralQualified event) {
        AfterCommitWork.flushLazily(jdbc);
        recorder.record(
                Fact.of(event.operatorId(), FactKind.REFERRAL_QUALIFIED, event.refereeMemberId(), event.occurredAt())
                        .member(event.referrerMemberId()));
    }

    /**
     * Issuing, redeeming and expiring transactions make facts, recorded in the ledger's own transaction: the earning
     * path is the hottest one, and an event publication plus a second transaction per award cost it about 40 %
     * (bench/run facts). A transaction is posted once, so its facts take no idempotency key: one inbox line each. The
     * condition skips transfers and other postings.
     */
    @EventListener(
            condition = "#event.issuedPoints() != 0 or #event.postings().?[account().type().name() == 'REDEEMED'"
                    + " or account().type().name() == 'EXPIRED'].size() > 0")
    void on(PointsPosted event) {
        recorder.recordUnkeyed(pointsFacts(event));
    }

    /** Awards posted in bulk: their facts in one statement, in the same transaction. */
    @EventListener
    void on(PointsPostedTogether awarded) {
        if (recorder.paused()) {
            return;
        }
        List<Fact> facts = new ArrayList<>();
        awarded.transactions().forEach(event -> facts.addAll(pointsFacts(event)));
        if (!facts.isEmpty()) {
            recorder.recordUnkeyed(facts);
        }
    }

    static List<Fact> pointsFacts(PointsPosted event) {
        List<Fact> facts = new ArrayList<>();
        Long member = owner(event, PEOPLE);
        Long enterprise = owner(event, Set.of(AccountType.ENTERPRISE));
        if (event.issuedPoints() != 0) {
            facts.add(Fact.of(event.operatorId(), FactKind.POINTS_ISSUED, event.transactionId(), event.occurredAt())
                    .member(member)
                    .enterprise(enterprise)
                    .points(event.issuedPoints()));
        }
        long redeemed = sum(event, AccountType.REDEEMED);
        if (redeemed != 0) {
            facts.add(Fact.of(event.operatorId(), FactKind.POINTS_REDEEMED, event.transactionId(), event.occurredAt())
                    .member(member)
                    .enterprise(enterprise)
                    .points(redeemed));
        }
        long expired = sum(event, AccountType.EXPIRED);
        if (expired != 0) {
            facts.add(Fact.of(event.operatorId(), FactKind.POINTS_EXPIRED, event.transactionId(), event.occurredAt())
                    .member(member)
                    .enterprise(enterprise)
                    .points(expired));
        }
        return facts;
    }

    private static Long owner(PointsPosted event, Set<AccountType> types) {
        return event.postings().stream()
                .filter(posting -> types.contains(posting.account().type()))
                .map(posting -> posting.account().ownerId())
                .findFirst()
                .orElse(null);
    }

    private static long sum(PointsPosted event, AccountType type) {
        return event.postings().stream()
                .filter(posting -> posting.account().type() == type)
                .mapToLong(Posting::points)
                .sum();
    }

    private static Long first(List<Long> ids) {
        return ids == null || ids.isEmpty() ? null : ids.get(0);
    }
}
