package io.enjoyspace.coupons;

import io.enjoyspace.ordering.CheckoutDiscount;
import io.enjoyspace.ordering.DiscountBasket;
import io.enjoyspace.ordering.DiscountLine;
import io.enjoyspace.ordering.DiscountPart;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Coupons at checkout: the codes the member entered are redeemed against the basket after allowances, in the checkout's
 * transaction. Each coupon gives one part per line it pays, referenced by the coupon id. A coupon that does not stack
 * with points marks its parts with the unit {@value #WITHOUT_POINTS}, and checkout refuses points beside it.
 */
@Component
class CouponCheckout implements CheckoutDiscount {

    /** The unit of the parts of a coupon that may not be combined with points. */
    static final String WITHOUT_POINTS = "COUPON_WITHOUT_POINTS";

    private final Coupons coupons;

    CouponCheckout(Coupons coupons) {
        this.coupons = coupons;
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public List<DiscountPart> apply(DiscountBasket basket) {
        if (basket.couponCodes().isEmpty()) {
            return List.of();
        }
        List<CouponDiscounts.Line> lines =
                basket.lines().stream().map(CouponCheckout::line).toList();
        List<DiscountPart> parts = new ArrayList<>();
        for (Coupons.Applied applied : coupons.redeem(
                basket.operatorId(),
                basket.orderId(),
                null,
                basket.memberId(),
                basket.siteId(),
                basket.couponCodes(),
                lines)) {
            CouponDiscounts.Discount discount = applied.discount();
            String unit = applied.template().stacksWithPoints() ? discount.unit() : WITHOUT_POINTS;
            long units = applied.template().stacksWithPoints() ? discount.units() : 1;
            String label = applied.template().name() + " · " + applied.coupon().code()
                    + ("MINUTES".equals(discount.unit()) ? " · " + discount.units() + " min" : "");
            for (CouponDiscounts.Share share : discount.shares()) {
                parts.add(new DiscountPart(
                        "COUPON",
                        share.amountMinor(),
                        Long.toString(applied.coupon().id()),
                        share.lineNumber(),
                        units,
                        unit,
                        label.length() > 200 ? label.substring(0, 200) : label));
            }
        }
        return parts;
    }

    @Override
    public void restore(long operatorId, long orderId, DiscountPart part) {
        coupons.restore(operatorId, orderId, Long.parseLong(part.reference()));
    }

    private static CouponDiscounts.Line line(DiscountLine line) {
        return new CouponDiscounts.Line(
                line.lineNumber(),
                line.offeringId(),
                line.categoryId(),
                line.kind(),
                line.resourceTypeCode(),
                line.quantity(),
                line.remainingMinor(),
                line.startsAt(),
                line.endsAt());
    }
}
