package io.enjoyspace.insights;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rows behind a dashboard figure: the facts it counts, the members it counts, or the leases it is computed from,
 * for the same filter, newest first, a page at a time.
 */
@Service
@Transactional(readOnly = true)
public class DrillDowns {

    public static final int MAX_PAGE_SIZE = 500;

    /** The most rows one CSV download carries. */
    public static final int MAX_CSV_ROWS = 100_000;

    private static final Map<String, List<FactKind>> FACTS = new HashMap<>();
    private static final Set<String> ACTIVE_MEMBERS = Set.of(
            "activeMembers", "dailyActiveMembers", "monthlyActiveMembers", "orderingMembers", "serviceUsageRate");
    private static final Set<String> REGISTERED_MEMBERS = Set.of("registrationRate", "registeredMembers", "headcount");
    private static final Set<String> LEASES =
            Set.of("renewalRate", "leasesEnded", "leasesRenewed", "rentMinor", "vacancyRate");

    static {
        FACTS.put("orders", List.of(FactKind.ORDER_PAID));
        FACTS.put("gmvMinor", List.of(FactKind.ORDER_PAID));
        FACTS.put("valueAddedRevenueMinor", List.of(FactKind.ORDER_COMPLETED, FactKind.ORDER_REFUNDED));
        FACTS.put("valueAddedRevenueShare", List.of(FactKind.ORDER_COMPLETED, FactKind.ORDER_REFUNDED));
        FACTS.put("completedOrders", List.of(FactKind.ORDER_COMPLETED));
        FACTS.put("slaCompliance", List.of(FactKind.ORDER_COMPLETED));
        FACTS.put("pointsIssued", List.of(FactKind.POINTS_ISSUED));
        FACTS.put("pointsRedeemed", List.of(FactKind.POINTS_REDEEMED));
        FACTS.put("redemptionRate", List.of(FactKind.POINTS_REDEEMED, FactKind.POINTS_ISSUED));
        FACTS.put("circulationRate", List.of(FactKind.POINTS_REDEEMED, FactKind.POINTS_ISSUED));
        FACTS.put("pointsExpired", List.of(FactKind.POINTS_EXPIRED));
        FACTS.put("ratings", List.of(FactKind.ORDER_RATED));
        FACTS.put("averageRating", List.of(FactKind.ORDER_RATED));
        FACTS.put("bookings", List.of(FactKind.RESERVATION_BOOKED));
        FACTS.put("checkIns", List.of(FactKind.RESERVATION_CHECKED_IN));
        FACTS.put("views", List.of(FactKind.OFFERING_VIEW, FactKind.CATEGORY_VIEW, FactKind.OFFER_OPEN));
        FACTS.put("couponsIssued", List.of(FactKind.COUPON_ISSUED));
        FACTS.put("couponsUsed", List.of(FactKind.COUPON_USED));
        FACTS.put("couponDiscountMinor", List.of(FactKind.COUPON_USED));
        FACTS.put("couponUseRate", List.of(FactKind.COUPON_USED, FactKind.COUPON_ISSUED));
        FACTS.put("tierUpgrades", List.of(FactKind.TIER_UPGRADED));
        FACTS.put("tierDowngrades", List.of(FactKind.TIER_DOWNGRADED));
    }

    private final JdbcClient jdbc;
    private final Operators operators;

    DrillDowns(JdbcClient jdbc, Operators operators) {
        this.jdbc = jdbc;
        this.operators = operators;
    }

    /** One page of rows; {@code columns} names the cells of each row. */
    public record DrillPage(
            String metric, List<String> columns, List<List<Object>> rows, int page, int size, long total) {}

    public static boolean knows(String metric) {
        return FACTS.containsKey(metric)
                || ACTIVE_MEMBERS.contains(metric)
                || REGISTERED_MEMBERS.contains(metric)
                || LEASES.contains(metric)
                || "pointsOutstanding".equals(metric);
    }

    public DrillPage drill(long operatorId, InsightFilter filter, String metric, int page, int size) {
        if (metric == null || !knows(metric)) {
            throw new InvalidInputException("metric", "insights.unknownMetric");
        }
        Operator operator = operators.get(operatorId);
        Map<String, Object> params = filter.periodParams(operatorId, operator.timeZone());
        params.put("limit", size);
        params.put("offset", (long) page * size);
        if (ACTIVE_MEMBERS.contains(metric)) {
            return activeMembers(metric, filter, params, page, size);
        }
        if (REGISTERED_MEMBERS.contains(metric)) {
            return registeredMembers(metric, filter, params, page, size);
        }
        if (LEASES.contains(metric)) {
            return leases(metric, filter, params, page, size);
        }
        List<FactKind> kinds = "pointsOutstanding".equals(metric)
                ? List.of(FactKind.POINTS_ISSUED, FactKind.POINTS_REDEEMED, FactKind.POINTS_EXPIRED)
                : FACTS.get(metric);
        if ("pointsOutstanding".equals(metric)) {
            params.put("start", Timestamp.from(java.time.Instant.EPOCH));
        }
        params.put("kinds", kinds.stream().map(Enum::name).toList());
        return facts(metric, filter, params, page, size);
    }

    private static String where(InsightFilter filter, String alias) {
        return (filter.siteId() == null ? "" : " and " + alias + ".site_id = :siteId")
                + (filter.enterpriseId() == null ? "" : " and " + alias + ".enterprise_id = :enterpriseId");
    }

    private DrillPage facts(String metric, InsightFilter filter, Map<String, Object> params, int page, int size) {
        String from = """
                from activity_fact_current f
                where f.operator_id = :operatorId and f.occurred_at >= :start and f.occurred_at < :end
                  and f.kind in (:kinds) %s
                """.formatted(where(filter, "f"));
        long total = jdbc.sql("select count(*) " + from)
                .params(params)
                .query(Long.class)
                .single();
        List<List<Object>> rows = jdbc.sql("""
                        select f.occurred_at, f.kind, f.subject_id, f.member_id, m.name as member, e.name as enterprise,
                               s.name as site, o.name as offering, f.amount_minor, f.points, f.stars, f.on_time
                        from (select * %s order by f.occurred_at desc, f.id desc, f.subject_id desc limit :limit offset :offset) f
                        left join member m on m.operator_id = f.operator_id and m.id = f.member_id
                        left join enterprise e on e.operator_id = f.operator_id and e.id = f.enterprise_id
                        left join site s on s.operator_id = f.operator_id and s.id = f.site_id
                        left join offering o on o.operator_id = f.operator_id and o.id = f.offering_id
                        order by f.occurred_at desc, f.subject_id desc
                        """.formatted(from))
                .params(params)
                .query((rs, row) -> cells(rs, 12))
                .list();
        return new DrillPage(
                metric,
                List.of(
                        "occurredAt",
                        "kind",
                        "subjectId",
                        "memberId",
                        "member",
                        "enterprise",
                        "site",
                        "offering",
                        "amountMinor",
                        "points",
                        "stars",
                        "onTime"),
                rows,
                page,
                size,
                total);
    }

    private DrillPage activeMembers(
            String metric, InsightFilter filter, Map<String, Object> params, int page, int size) {
        String active = """
                select member_id, count(distinct day) as days, bool_or(ordered) as ordered from (
                    select d.member_id, d.day, d.ordered from insight_member_day d
                    where d.operator_id = :operatorId and d.day between :from and :to %s
                    union all
                    select i.member_id, cast(i.occurred_at at time zone o.time_zone as date), i.kind = 'ORDER_PAID'
                    from insight_fact_inbox i join operator o on o.id = i.operator_id
                    where i.operator_id = :operatorId and i.occurred_at >= :start and i.occurred_at < :end
                      and i.member_id is not null
                      and i.kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED', 'POINTS_EXPIRED')
                      %s
                ) a group by member_id %s
                """.formatted(
                where(filter, "d"),
                (filter.siteId() == null ? "" : " and coalesce(i.site_id, 0) = :siteId")
                        + (filter.enterpriseId() == null ? "" : " and coalesce(i.enterprise_id, 0) = :enterpriseId"),
                "orderingMembers".equals(metric) || "serviceUsageRate".equals(metric) ? "having bool_or(ordered)" : "");
        long total = jdbc.sql("select count(*) from (" + active + ") t")
                .params(params)
                .query(Long.class)
                .single();
        List<List<Object>> rows = jdbc.sql("""
                        select a.member_id, m.name, e.name as enterprise, s.name as site, a.days, a.ordered
                        from (%s) a
                        join member m on m.operator_id = :operatorId and m.id = a.member_id
                        left join enterprise e on e.operator_id = m.operator_id and e.id = m.enterprise_id
                        left join site s on s.operator_id = m.operator_id and s.id = m.site_id
                        order by a.days desc, a.member_id
                        limit :limit offset :offset
                        """.formatted(active))
                .params(params)
                .query((rs, row) -> cells(rs, 6))
                .list();
        return new DrillPage(
                metric,
                List.of("memberId", "member", "enterprise", "site", "activeDays", "ordered"),
                rows,
                page,
                size,
                total);
    }

    private DrillPage registeredMembers(
            String metric, InsightFilter filter, Map<String, Object> params, int page, int size) {
        String from = """
                from member m
                join enterprise e on e.operator_id = m.operator_id and e.id = m.enterprise_id
                where m.operator_id = :operatorId and m.registered_on <= :to %s
                  and exists (select 1 from lease_book l where l.operator_id = e.operator_id and l.enterprise_id = e.id
                                                          and l.starts_on <= :to and l.ends_on >= :to)
                """.formatted((filter.siteId() == null ? "" : " and e.site_id = :siteId")
                + (filter.enterpriseId() == null ? "" : " and e.id = :enterpriseId"));
        long total = jdbc.sql("select count(*) " + from)
                .params(params)
                .query(Long.class)
                .single();
        List<List<Object>> rows = jdbc.sql("""
                        select m.id, m.name, e.name as enterprise, e.headcount, m.registered_on %s
                        order by m.registered_on desc, m.id desc limit :limit offset :offset
                        """.formatted(from))
                .params(params)
                .query((rs, row) -> cells(rs, 5))
                .list();
        return new DrillPage(
                metric,
                List.of("memberId", "member", "enterprise", "headcount", "registeredOn"),
                rows,
                page,
                size,
                total);
    }

    private DrillPage leases(String metric, InsightFilter filter, Map<String, Object> params, int page, int size) {
        String condition =
                "renewalRate".equals(metric) || "leasesEnded".equals(metric) || "leasesRenewed".equals(metric)
                        ? "l.ends_on between :from and :to"
                        : "vacancyRate".equals(metric)
                                ? "l.starts_on <= :to and l.ends_on >= :to"
                                : "l.starts_on <= :to and l.ends_on >= :from";
        if ("leasesRenewed".equals(metric)) {
            condition += " and exists (select 1 from lease n where n.renewed_from = l.id)";
        }
        String from = """
                from lease_book l
                join enterprise e on e.operator_id = l.operator_id and e.id = l.enterprise_id
                join site s on s.operator_id = l.operator_id and s.id = l.site_id
                where l.operator_id = :operatorId and %s %s
                """.formatted(condition, where(filter, "l"));
        long total = jdbc.sql("select count(*) " + from)
                .params(params)
                .query(Long.class)
                .single();
        List<List<Object>> rows = jdbc.sql("""
                        select e.name as enterprise, s.name as site, l.starts_on, l.ends_on, l.monthly_rent_minor,
                               l.area_sqm,
                               greatest(0, l.monthly_rent_minor
                                   * (least(l.ends_on, cast(:to as date)) - greatest(l.starts_on, cast(:from as date)) + 1)
                                   * 12 / 365) as rent_in_period,
                               exists (select 1 from lease n where n.renewed_from = l.id) as renewed
                        %s
                        order by l.ends_on desc, e.name limit :limit offset :offset
                        """.formatted(from))
                .params(params)
                .query((rs, row) -> cells(rs, 8))
                .list();
        return new DrillPage(
                metric,
                List.of(
                        "enterprise",
                        "site",
                        "startsOn",
                        "endsOn",
                        "monthlyRentMinor",
                        "areaSqm",
                        "rentInPeriodMinor",
                        "renewed"),
                rows,
                page,
                size,
                total);
    }

    private static List<Object> cells(ResultSet rs, int count) throws SQLException {
        List<Object> cells = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Object value = rs.getObject(i);
            if (value instanceof Timestamp timestamp) {
                value = timestamp.toInstant().toString();
            } else if (value instanceof java.sql.Date date) {
                value = date.toLocalDate().toString();
            }
            cells.add(value);
        }
        return cells;
    }
}
