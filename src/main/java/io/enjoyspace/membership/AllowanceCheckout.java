package io.enjoyspace.membership;

import io.enjoyspace.ordering.CheckoutDiscount;
import io.enjoyspace.ordering.DiscountBasket;
import io.enjoyspace.ordering.DiscountLine;
import io.enjoyspace.ordering.DiscountPart;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pays basket lines from allowances before money: for each line in a grant's scope, the grants valid when the line
 * takes place (a booking next month draws next month's grant), the member's own before the company pool's, recurring
 * before purchased, soonest-expiring first. The grant rows are locked while drawn, so racing checkouts never take more
 * than a grant holds. Each draw is one part, and restoring it gives back exactly its units.
 */
@Component
class AllowanceCheckout implements CheckoutDiscount {

    static final int ORDER = 100;

    private final JdbcClient jdbc;
    private final Allowances allowances;
    private final java.time.Clock clock;

    AllowanceCheckout(JdbcClient jdbc, Allowances allowances, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.allowances = allowances;
        this.clock = clock;
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public List<DiscountPart> apply(DiscountBasket basket) {
        return applyAll(List.of(basket)).get(0);
    }

    /**
     * Every basket's lines in one search for the grants that could pay them; then each line, in order, draws from its
     * candidates. A grant that several baskets draw from (a company pool) is counted down as they draw.
     */
    @Override
    public List<List<DiscountPart>> applyAll(List<DiscountBasket> baskets) {
        record Wanted(int basket, DiscountLine line, Instant at) {}
        List<Wanted> wanted = new ArrayList<>();
        for (int b = 0; b < baskets.size(); b++) {
            DiscountBasket basket = baskets.get(b);
            if (!basket.useAllowances()) {
                continue;
            }
            for (DiscountLine line : basket.lines()) {
                if (line.remainingMinor() <= 0 || (line.resourceTypeCode() == null && line.categoryId() == null)) {
                    continue;
                }
                Instant at = line.startsAt() != null ? line.startsAt() : basket.now();
                allowances.ensurePeriodicGrants(basket.operatorId(), Audience.MEMBER, basket.memberId(), at);
                if (basket.enterpriseId() != null) {
                    allowances.ensurePeriodicGrants(
                            basket.operatorId(), Audience.ENTERPRISE, basket.enterpriseId(), at);
                }
                wanted.add(new Wanted(b, line, at));
            }
        }
        List<List<DiscountPart>> parts = new ArrayList<>();
        baskets.forEach(basket -> parts.add(new ArrayList<>()));
        if (wanted.isEmpty()) {
            return parts;
        }
        Map<Integer, List<Candidate>> candidates = new HashMap<>();
        jdbc.sql("""
                        select w.n, g.id, g.unit, g.quantity - g.used as available, g.label
                        from unnest(cast(:members as bigint[]), cast(:enterprises as bigint[]),
                                    cast(:at as timestamptz[]), cast(:resourceTypes as text[]),
                                    cast(:categories as bigint[])) with ordinality
                             as w (member_id, enterprise_id, at, resource_type, category_id, n)
                        join allowance_grant g
                          on g.operator_id = :operatorId
                         and ((g.owner_kind = 'MEMBER' and g.owner_id = w.member_id)
                              or (g.owner_kind = 'ENTERPRISE' and g.owner_id = w.enterprise_id))
                         and g.valid_from <= w.at and g.valid_until > w.at and g.used < g.quantity
                         and (w.resource_type = any(g.resource_types) or w.category_id = any(g.category_ids))
                        order by w.n, g.owner_kind = 'MEMBER' desc, g.source in ('TIER', 'PLAN') desc, g.valid_until, g.id
                        for update of g
                        """)
                .param("operatorId", baskets.get(0).operatorId())
                .param(
                        "members",
                        wanted.stream()
                                .map(w -> baskets.get(w.basket()).memberId())
                                .toArray(Long[]::new))
                .param(
                        "enterprises",
                        wanted.stream()
                                .map(w -> baskets.get(w.basket()).enterpriseId() == null
                                        ? -1L
                                        : baskets.get(w.basket()).enterpriseId())
                                .toArray(Long[]::new))
                .param("at", wanted.stream().map(w -> w.at().toString()).toArray(String[]::new))
                .param(
                        "resourceTypes",
                        wanted.stream()
                                .map(w -> w.line().resourceTypeCode() == null
                                        ? ""
                                        : w.line().resourceTypeCode())
                                .toArray(String[]::new))
                .param(
                        "categories",
                        wanted.stream()
                                .map(w -> w.line().categoryId() == null
                                        ? -1L
                                        : w.line().categoryId())
                                .toArray(Long[]::new))
                .query(rs -> {
                    candidates
                            .computeIfAbsent(rs.getInt("n") - 1, n -> new ArrayList<>())
                            .add(new Candidate(
                                    rs.getLong("id"),
                                    AllowanceUnit.valueOf(rs.getString("unit")),
                                    rs.getLong("available"),
                                    rs.getString("label")));
                });
        Map<Long, Long> drawnFrom = new HashMap<>();
        for (int n = 0; n < wanted.size(); n++) {
            List<Candidate> found = candidates.get(n);
            if (found == null) {
                continue;
            }
            Wanted w = wanted.get(n);
            parts.get(w.basket()).addAll(drawFor(baskets.get(w.basket()), w.line(), found, drawnFrom));
        }
        return parts;
    }

    private record Candidate(long id, AllowanceUnit unit, long available, String label) {

        Candidate less(long drawn) {
            return new Candidate(id, unit, available - drawn, label);
        }
    }

    /** Draws the line from its candidates; {@code drawnFrom} counts what this call has already taken of each grant. */
    private List<DiscountPart> drawFor(
            DiscountBasket basket, DiscountLine line, List<Candidate> found, Map<Long, Long> drawnFrom) {
        List<Candidate> candidates = found.stream()
                .map(candidate -> candidate.less(drawnFrom.getOrDefault(candidate.id(), 0L)))
                .toList();
        long full = line.remainingMinor();
        long remaining = full;
        long lineMinutes = line.startsAt() != null && line.endsAt() != null
                ? Duration.between(line.startsAt(), line.endsAt()).toMinutes() * line.quantity()
                : 0;
        List<DiscountPart> parts = new ArrayList<>();
        for (Candidate grant : candidates) {
            if (remaining == 0) {
                break;
            }
            Optional<Take> take = take(grant, full, remaining, lineMinutes, line.quantity());
            if (take.isEmpty()) {
                continue;
            }
            int drawn = jdbc.sql("""
                            update allowance_grant set used = used + :units
                            where operator_id = :operatorId and id = :id and used + :units <= quantity
                            """)
                    .param("units", take.get().units())
                    .param("operatorId", basket.operatorId())
                    .param("id", grant.id())
                    .update();
            if (drawn == 0) {
                continue;
            }
            drawnFrom.merge(grant.id(), take.get().units(), Long::sum);
            long drawId = jdbc.sql("""
                            insert into allowance_draw (operator_id, grant_id, order_id, line_number, units, amount_minor,
                                                        drawn_at, member_id)
                            values (:operatorId, :grantId, :orderId, :line, :units, :amount, :now, :memberId)
                            returning id
                            """)
                    .param("operatorId", basket.operatorId())
                    .param("grantId", grant.id())
                    .param("orderId", basket.orderId())
                    .param("line", line.lineNumber())
                    .param("units", take.get().units())
                    .param("amount", take.get().amountMinor())
                    .param("now", Timestamp.from(basket.now()))
                    .param("memberId", basket.memberId())
                    .query(Long.class)
                    .single();
            remaining -= take.get().amountMinor();
            parts.add(new DiscountPart(
                    "ALLOWANCE",
                    take.get().amountMinor(),
                    Long.toString(drawId),
                    line.lineNumber(),
                    take.get().units(),
                    grant.unit().name(),
                    grant.label()));
        }
        return parts;
    }

    /** Units taken from a grant and the money they cover. */
    record Take(long units, long amountMinor) {}

    /**
     * What a grant covers of a line whose price is {@code fullMinor}, {@code remainingMinor} still to pay: minutes
     * the proportional share of a timed line, pages and uses whole units of its quantity, money minor units. The
     * draw that covers the rest of the line covers it to the fen, so shares never lose a rounding remainder.
     */
    static Optional<Take> take(Candidate grant, long fullMinor, long remainingMinor, long lineMinutes, int quantity) {
        long lineUnits = switch (grant.unit()) {
            case MINUTES -> lineMinutes;
            case PAGES, USES -> quantity;
            case MONEY -> fullMinor;
        };
        if (lineUnits <= 0 || grant.available() <= 0) {
            return Optional.empty();
        }
        if (grant.unit() == AllowanceUnit.MONEY) {
            long units = Math.min(grant.available(), remainingMinor);
            return Optional.of(new Take(units, units));
        }
        // The units that what is still to pay stands for, rounded up.
        long needed = ceilDiv(Math.multiplyExact(remainingMinor, lineUnits), fullMinor);
        long units = Math.min(grant.available(), needed);
        long amount = units == needed ? remainingMinor : Math.min(remainingMinor, fullMinor * units / lineUnits);
        return amount == 0 ? Optional.empty() : Optional.of(new Take(units, amount));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }

    @Override
    public void restore(long operatorId, long orderId, DiscountPart part) {
        if (!"ALLOWANCE".equals(part.kind())) {
            return;
        }
        long drawId;
        try {
            drawId = Long.parseLong(part.reference());
        } catch (NumberFormatException e) {
            return;
        }
        record Restored(long grantId, long units) {}
        jdbc.sql("""
                        update allowance_draw set restored_at = :now
                        where operator_id = :operatorId and id = :id and order_id = :orderId and restored_at is null
                        returning grant_id, units
                        """)
                .param("operatorId", operatorId)
                .param("id", drawId)
                .param("orderId", orderId)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> new Restored(rs.getLong("grant_id"), rs.getLong("units")))
                .optional()
                .ifPresent(restored -> jdbc.sql("""
                                update allowance_grant set used = used - :units
                                where operator_id = :operatorId and id = :grantId
                                """)
                        .param("units", restored.units())
                        .param("operatorId", operatorId)
                        .param("grantId", restored.grantId())
                        .update());
    }
}
