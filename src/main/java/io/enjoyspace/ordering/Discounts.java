package io.enjoyspace.ordering;

import io.enjoyspace.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs the checkout discounts over a basket and keeps what each took with the order, so that a cancellation or a full
 * refund gives every part back exactly once.
 */
@Component
class Discounts {

    private final JdbcClient jdbc;
    private final ObjectProvider<CheckoutDiscount> provider;
    private volatile List<CheckoutDiscount> discounts;

    Discounts(JdbcClient jdbc, ObjectProvider<CheckoutDiscount> provider) {
        this.jdbc = jdbc;
        this.provider = provider;
    }

    /** The discounts, looked up on first use (they may themselves depend on this module's beans). */
    private List<CheckoutDiscount> discounts() {
        List<CheckoutDiscount> found = discounts;
        if (found == null) {
            found = provider.orderedStream()
                    .sorted(Comparator.comparingInt(CheckoutDiscount::order))
                    .toList();
            discounts = found;
        }
        return found;
    }

    /**
     * A part in this unit comes from a coupon that may not be combined with points: checkout then refuses points.
     */
    static final String WITHOUT_POINTS = "COUPON_WITHOUT_POINTS";

    /**
     * The basket after discounts: what each line still owes, what the discounts took in all, and whether one of them
     * forbids paying the rest with points.
     */
    record Applied(List<DiscountLine> lines, long discountMinor, boolean withoutPoints) {

        static Applied none(List<DiscountLine> lines) {
            return new Applied(lines, 0, false);
        }

        long remainingMinor() {
            return lines.stream().mapToLong(DiscountLine::remainingMinor).sum();
        }
    }

    /** Applies every discount in turn to a basket whose lines still owe their full totals, and records the parts. */
    Applied apply(DiscountBasket basket) {
        return applyAll(List.of(basket)).get(0);
    }

    /**
     * {@link #apply} for the baskets of several orders written in one transaction: each discount is asked once for
     * all of them (see {@link CheckoutDiscount#applyAll}); each basket's parts are taken and recorded as for one.
     */
    List<Applied> applyAll(List<DiscountBasket> baskets) {
        List<CheckoutDiscount> discounts = discounts();
        if (discounts.isEmpty()) {
            if (baskets.stream().anyMatch(basket -> !basket.couponCodes().isEmpty())) {
                throw new InvalidInputException("couponCodes", "order.coupon.unavailable");
            }
            return baskets.stream().map(basket -> Applied.none(basket.lines())).toList();
        }
        int count = baskets.size();
        List<List<DiscountLine>> lines = new ArrayList<>();
        baskets.forEach(basket -> lines.add(new ArrayList<>(basket.lines())));
        long[] taken = new long[count];
        int[] sequence = new int[count];
        boolean[] withoutPoints = new boolean[count];
        for (CheckoutDiscount discount : discounts) {
            List<DiscountBasket> current = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                DiscountBasket basket = baskets.get(i);
                current.add(new DiscountBasket(
                        basket.operatorId(),
                        basket.orderId(),
                        basket.memberId(),
                        basket.enterpriseId(),
                        basket.siteId(),
                        lines.get(i),
                        basket.couponCodes(),
                        basket.useAllowances(),
                        basket.now()));
            }
            List<List<DiscountPart>> parts = discount.applyAll(current);
            for (int i = 0; i < count; i++) {
                for (DiscountPart part : parts.get(i)) {
                    if (part.amountMinor() == 0 && part.units() == 0) {
                        continue;
                    }
                    lines.set(i, take(lines.get(i), part));
                    taken[i] += part.amountMinor();
                    withoutPoints[i] |= WITHOUT_POINTS.equals(part.unit());
                    record(
                            baskets.get(i).operatorId(),
                            baskets.get(i).orderId(),
                            ++sequence[i],
                            discount.order(),
                            part);
                }
            }
        }
        List<Applied> applied = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            applied.add(new Applied(List.copyOf(lines.get(i)), taken[i], withoutPoints[i]));
        }
        return applied;
    }

    /** Takes a part off its line, or off the whole basket in proportion to what each line still owes. */
    static List<DiscountLine> take(List<DiscountLine> lines, DiscountPart part) {
        long[] owed = lines.stream().mapToLong(DiscountLine::remainingMinor).toArray();
        long[] shares = new long[owed.length];
        if (part.lineNumber() != null) {
            int index = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).lineNumber() == part.lineNumber()) {
                    index = i;
                }
            }
            if (index < 0 || part.amountMinor() > owed[index]) {
                throw new IllegalStateException("discount larger than its line: " + part);
            }
            shares[index] = part.amountMinor();
        } else {
            long total = java.util.Arrays.stream(owed).sum();
            if (part.amountMinor() > total) {
                throw new IllegalStateException("discount larger than the basket: " + part);
            }
            long given = 0;
            long[] fractions = new long[owed.length];
            for (int i = 0; i < owed.length && total > 0; i++) {
                long numerator = Math.multiplyExact(owed[i], part.amountMinor());
                shares[i] = numerator / total;
                fractions[i] = numerator % total;
                given += shares[i];
            }
            while (given < part.amountMinor()) {
                int best = -1;
                for (int i = 0; i < owed.length; i++) {
                    if (shares[i] < owed[i] && (best < 0 || fractions[i] > fractions[best])) {
                        best = i;
                    }
                }
                shares[best]++;
                fractions[best] = -1;
                given++;
            }
        }
        List<DiscountLine> after = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            DiscountLine line = lines.get(i);
            after.add(new DiscountLine(
                    line.lineNumber(),
                    line.offeringId(),
                    line.categoryId(),
                    line.kind(),
                    line.resourceTypeCode(),
                    line.quantity(),
                    owed[i] - shares[i],
                    line.startsAt(),
                    line.endsAt()));
        }
        return after;
    }

    private void record(long operatorId, long orderId, int sequence, int source, DiscountPart part) {
        jdbc.sql("""
                        insert into order_discount (operator_id, order_id, sequence, source, kind, amount_minor,
                                                    reference, line_number, units, unit, label)
                        values (:operatorId, :orderId, :sequence, :source, :kind, :amount, :reference, :lineNumber,
                                :units, :unit, :label)
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .param("sequence", sequence)
                .param("source", source)
                .param("kind", part.kind())
                .param("amount", part.amountMinor())
                .param("reference", part.reference())
                .param("lineNumber", part.lineNumber())
                .param("units", part.units())
                .param("unit", part.unit())
                .param("label", part.label())
                .update();
    }

    /** Gives back every part of the order not yet given back, in the caller's transaction. */
    void restoreAll(long operatorId, long orderId) {
        record Stored(int sequence, int source, DiscountPart part) {}
        List<Stored> open = jdbc.sql("""
                        update order_discount set restored = true
                        where operator_id = :operatorId and order_id = :orderId and not restored
                        returning sequence, source, kind, amount_minor, reference, line_number, units, unit, label
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .query((rs, row) -> new Stored(
                        rs.getInt("sequence"),
                        rs.getInt("source"),
                        new DiscountPart(
                                rs.getString("kind"),
                                rs.getLong("amount_minor"),
                                rs.getString("reference"),
                                io.enjoyspace.shared.Rows.nullableInt(rs, "line_number"),
                                rs.getLong("units"),
                                rs.getString("unit"),
                                rs.getString("label"))))
                .list();
        Map<Integer, CheckoutDiscount> bySource = new java.util.HashMap<>();
        discounts().forEach(discount -> bySource.put(discount.order(), discount));
        open.stream().sorted(Comparator.comparingInt(Stored::sequence)).forEach(stored -> {
            CheckoutDiscount discount = bySource.get(stored.source());
            if (discount == null) {
                throw new IllegalStateException("no discount " + stored.source() + " to restore " + stored.part());
            }
            discount.restore(operatorId, orderId, stored.part());
        });
    }

    /** The parts of the given orders, by order id. */
    Map<Long, List<Order.Discount>> of(long operatorId, List<Long> orderIds) {
        Map<Long, List<Order.Discount>> parts = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                        select d.*, o.currency from order_discount d
                        join service_order o on o.operator_id = d.operator_id and o.id = d.order_id
                        where d.operator_id = :operatorId and d.order_id in (:ids)
                        order by d.order_id, d.sequence
                        """)
                .param("operatorId", operatorId)
                .param("ids", orderIds)
                .query((rs, row) -> {
                    parts.computeIfAbsent(rs.getLong("order_id"), id -> new ArrayList<>())
                            .add(new Order.Discount(
                                    rs.getString("kind"),
                                    io.enjoyspace.shared.Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                                    rs.getString("reference"),
                                    rs.getLong("units"),
                                    rs.getString("unit"),
                                    rs.getString("label"),
                                    rs.getBoolean("restored")));
                    return null;
                })
                .list();
        return parts;
    }
}
