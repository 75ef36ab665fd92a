package io.enjoyspace.membership;

import io.enjoyspace.booking.ReservationCheckedIn;
import io.enjoyspace.ordering.OrderCancelled;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.ordering.OrderRefunded;
import io.enjoyspace.ordering.OrdersPaid;
import io.enjoyspace.points.AccountType;
import io.enjoyspace.points.PointsPosted;
import io.enjoyspace.points.PointsPostedTogether;
import io.enjoyspace.points.Posting;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' facts into qualifying activity: a paid order is a use and its money is spend; a check-in of a
 * free booking is a use (a priced one is counted by its order); points issued to a member are growth points. Each
 * fact is counted once however often it is delivered.
 */
@Component
class MembershipActivity {

    private final TierEvaluation evaluation;
    private final Members members;

    MembershipActivity(TierEvaluation evaluation, Members members) {
        this.evaluation = evaluation;
        this.members = members;
    }

    /**
     * In the payment's own transaction: the member's count touches only the member's rows, and the company's share is
     * queued (see {@link TierEvaluation#count}); an after-commit delivery would cost three transactions of its own on
     * every checkout.
     */
    @EventListener
    void on(OrderPaid paid) {
        countPaid(paid.operatorId(), List.of(paid));
    }

    /** Orders paid together (checkout's group commit): counted together, in their transaction, in one statement. */
    @EventListener
    void on(OrdersPaid paid) {
        countPaid(paid.operatorId(), paid.orders());
    }

    /** Each paid order is a use and its money is spend, once per order. */
    private void countPaid(long operatorId, List<OrderPaid> orders) {
        evaluation.countAll(
                operatorId,
                orders.stream()
                        .map(paid -> new TierEvaluation.Activity(
                                paid.memberId(),
                                paid.enterpriseId(),
                                "order-paid:" + paid.orderId(),
                                paid.occurredAt(),
                                1,
                                paid.moneyPaidMinor(),
                                0))
                        .toList());
    }

    /**
     * A cancelled order was not a use. Its money comes off through the {@link OrderRefunded} that the cancellation's
     * refund publishes, so it is not taken off here a second time.
     */
    @ApplicationModuleListener
    void on(OrderCancelled cancelled) {
        evaluation.uncount(
                cancelled.operatorId(),
                enterpriseOf(cancelled.operatorId(), cancelled.memberId()),
                "order-paid:" + cancelled.orderId(),
                "order-cancelled:" + cancelled.orderId(),
                1,
                0);
    }

    @ApplicationModuleListener
    void on(OrderRefunded refunded) {
        evaluation.uncount(
                refunded.operatorId(),
                enterpriseOf(refunded.operatorId(), refunded.memberId()),
                "order-paid:" + refunded.orderId(),
                "order-refund:" + refunded.refundId(),
                0,
                refunded.amountMinor());
    }

    @ApplicationModuleListener
    void on(ReservationCheckedIn checkedIn) {
        if (checkedIn.priceMinor() == 0) {
            evaluation.count(
                    checkedIn.operatorId(),
                    checkedIn.memberId(),
                    checkedIn.enterpriseId(),
                    "reservation-checked-in:" + checkedIn.reservationId(),
                    checkedIn.checkedInAt(),
                    1,
                    0,
                    0);
        }
    }

    /**
     * Points issued to a member (earned, not transferred or released) grow; a reversal of issued points shrinks. Counted
     * in the posting's own transaction, like a paid order; every other posting (a spend, a hold, a mall redemption, an
     * expiry) is not delivered here at all.
     */
    @EventListener(condition = "#posted.issuedPoints() != 0")
    void on(PointsPosted posted) {
        for (Posting posting : posted.postings()) {
            AccountType type = posting.account().type();
            boolean earned = posted.issuedPoints() > 0 && posting.points() > 0;
            boolean reversed = posted.issuedPoints() < 0 && posting.points() < 0;
            if ((type == AccountType.MEMBER || type == AccountType.PENDING) && (earned || reversed)) {
                long memberId = posting.account().ownerId();
                evaluation.count(
                        posted.operatorId(),
                        memberId,
                        enterpriseOf(posted.operatorId(), memberId),
                        "points:" + posted.transactionId() + ":" + memberId,
                        posted.occurredAt(),
                        0,
                        0,
                        posting.points());
            }
        }
    }

    /**
     * Postings made in bulk (the event intake's awards, checkout's spends) arrive as one event for the batch: the growth
     * points they issue are counted together, in the batch's transaction, in one statement; spends issue none.
     */
    @EventListener
    void on(PointsPostedTogether awarded) {
        List<TierEvaluation.Earned> earned = new ArrayList<>();
        for (PointsPosted posted : awarded.transactions()) {
            if (posted.issuedPoints() <= 0) {
                continue;
            }
            for (Posting posting : posted.postings()) {
                AccountType type = posting.account().type();
                if ((type == AccountType.MEMBER || type == AccountType.PENDING) && posting.points() > 0) {
                    long memberId = posting.account().ownerId();
                    earned.add(new TierEvaluation.Earned(
                            memberId,
                            "points:" + posted.transactionId() + ":" + memberId,
                            posted.occurredAt(),
                            posting.points()));
                }
            }
        }
        if (!earned.isEmpty()) {
            evaluation.countGrowth(awarded.operatorId(), earned);
        }
    }

    private Long enterpriseOf(long operatorId, long memberId) {
        return members.find(operatorId, memberId).map(Member::enterpriseId).orElse(null);
    }
}
