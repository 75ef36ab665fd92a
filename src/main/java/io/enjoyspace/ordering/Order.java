package io.enjoyspace.ordering;

import io.enjoyspace.shared.Money;
import java.time.Instant;
import java.util.List;

/**
 * An order as its member, its company, its provider and the operator's staff see it.
 *
 * @param paymentMethod how the part not paid in points is paid ({@code POINTS} when points pay it all)
 * @param total what the order's payment parts pay: its price less what allowances and coupons took
 * @param pointsUsed points spent (or, while the order awaits payment, held) towards it
 * @param refunded what has been refunded so far, all parts together
 * @param respondBy when a provider or staff must have accepted it (service level), or null
 * @param completeBy when it must be completed (service level), or null
 * @param priority served first: the member's tier carries priority service
 */
public record Order(
        long id,
        long operatorId,
        long memberId,
        Long enterpriseId,
        OrderStatus status,
        PaymentMethod paymentMethod,
        Money total,
        Instant placedAt,
        Instant completedAt,
        List<Line> lines,
        Kind kind,
        Channel channel,
        Long providerId,
        Long assignedUserId,
        long pointsUsed,
        Money refunded,
        Instant paidAt,
        Instant acceptedAt,
        Instant scheduledFor,
        Instant respondBy,
        Instant completeBy,
        Integer rating,
        String ratingComment,
        String description,
        String location,
        String statusReason,
        List<Payment> payments,
        List<Discount> discounts,
        boolean priority) {

    public record Line(
            int lineNumber, long offeringId, String offeringName, Money unitPrice, int quantity, Money lineTotal) {}

    /** One part of the split: money by a method, or points with the money they stand for. */
    public record Payment(PaymentMethod method, Money amount, long points, Money refunded, long refundedPoints) {}

    /**
     * What an allowance or a coupon paid before points and money ({@code units} of its {@code unit}, such as 90
     * MINUTES), and whether it has been given back.
     */
    public record Discount(
            String kind, Money amount, String reference, long units, String unit, String label, boolean restored) {}

    /** What the discounts took: the price before them is this plus {@link #total()}. */
    public Money discount() {
        return discounts.stream().map(Discount::amount).reduce(Money::plus).orElse(Money.of(0, total.currency()));
    }

    /** A purchase from the catalog, a request for service such as a repair, or a paid reservation of a room. */
    public enum Kind {
        PURCHASE,
        SERVICE_REQUEST,
        RESERVATION
    }

    /** Placed by the member online, or by front-desk staff on the member's behalf. */
    public enum Channel {
        ONLINE,
        FRONT_DESK
    }

    /** The money part: the total less what points paid. */
    public Money moneyPaid() {
        return payments.stream()
                .filter(payment -> payment.method() != PaymentMethod.POINTS)
                .map(Payment::amount)
                .reduce(Money::plus)
                .orElse(Money.of(0, total.currency()));
    }

    /** Late against its service level at {@code now}: not accepted by its response deadline, or not done in time. */
    public boolean isLate(Instant now) {
        if (!status.isOpenWork()) {
            return false;
        }
        boolean responseLate = respondBy != null && acceptedAt == null && now.isAfter(respondBy);
        boolean completionLate = completeBy != null && now.isAfter(completeBy);
        return responseLate || completionLate;
    }
}
