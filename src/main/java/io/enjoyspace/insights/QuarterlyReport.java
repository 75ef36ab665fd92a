package io.enjoyspace.insights;

import io.enjoyspace.points.PointsReports;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The quarterly operations report of an operator or one of its sites: the dashboard's figures for the quarter and the
 * quarter before (read through {@link OperationsDashboard}, so they equal the dashboard's for the same days), month by
 * month trends, and recommendations drawn from the quarter's data: services to drop, reprice or add, the points
 * strategy, dormant members and activities for the largest audiences. Thresholds: {@link ReportThresholds}.
 */
@Service
@Transactional(readOnly = true)
@EnableConfigurationProperties(ReportThresholds.class)
public class QuarterlyReport {

    /** The figures the report shows, in order, each with how it is written (count, money, percent, decimal). */
    public static final Map<String, String> KPIS = new LinkedHashMap<>();

    static {
        KPIS.put("orders", "count");
        KPIS.put("gmvMinor", "money");
        KPIS.put("valueAddedRevenueMinor", "money");
        KPIS.put("valueAddedRevenueShare", "percent");
        KPIS.put("registrationRate", "percent");
        KPIS.put("activeMembers", "count");
        KPIS.put("dailyActiveMembers", "decimal");
        KPIS.put("serviceUsageRate", "percent");
        KPIS.put("pointsIssued", "count");
        KPIS.put("pointsRedeemed", "count");
        KPIS.put("pointsExpired", "count");
        KPIS.put("pointsOutstanding", "count");
        KPIS.put("redemptionRate", "percent");
        KPIS.put("averageRating", "decimal");
        KPIS.put("slaCompliance", "percent");
        KPIS.put("renewalRate", "percent");
        KPIS.put("vacancyRate", "percent");
        KPIS.put("bookings", "count");
        KPIS.put("views", "count");
    }

    /** The liability-ageing bands, in days to expiry. */
    static final List<Integer> DUE_BANDS_DAYS = List.of(30, 90, 180, 365);

    /** What a recommendation is about. */
    public enum Kind {
        DROP_SERVICE,
        REPRICE_SERVICE,
        ADD_SERVICE,
        POINTS_REDEMPTION_LOW,
        POINTS_REDEMPTION_HIGH,
        POINTS_EXPIRING,
        DORMANT_MEMBERS,
        AUDIENCE_ACTIVITY
    }

    /**
     * One figure of the quarter, the previous quarter's, and the relative change (0.1 is +10 %; null when the previous
     * value is zero or missing).
     */
    public record Kpi(String name, Object current, Object previous, Double change) {}

    /** One figure month by month: the quarter's three months (null for months not begun) and the previous quarter's. */
    public record Trend(
            String name,
            List<String> months,
            List<Object> current,
            List<String> previousMonths,
            List<Object> previous) {}

    /**
     * A recommendation: what it is about, the figures behind it, and a message key with its arguments.
     *
     * @param subjectId the offering or category id, or null when the subject is not a catalog entry
     */
    public record Recommendation(
            Kind kind,
            String subject,
            String subjectId,
            Map<String, Object> figures,
            String messageKey,
            List<Object> args) {}

    /**
     * Members registered by the report's end and those among them without activity for the dormancy period.
     *
     * @param share dormant / registered, null without registered members
     */
    public record Dormancy(long registered, long dormant, Double share) {}

    /**
     * The report.
     *
     * @param partial the quarter is not over: from its first day to today
     * @param pointsDue the operator's outstanding points by days to expiry, as of now (the ledger is per operator)
     */
    public record Report(
            ReportQuarter quarter,
            ReportQuarter previousQuarter,
            Long siteId,
            String currency,
            InsightFilter filter,
            InsightFilter previousFilter,
            boolean partial,
            InsightFigures current,
            InsightFigures previous,
            List<Kpi> kpis,
            List<Trend> trends,
            List<PointsReports.DueBand> pointsDue,
            Dormancy dormancy,
            List<Recommendation> recommendations) {}

    private final OperationsDashboard dashboard;
    private final Operators operators;
    private final PointsReports points;
    private final ReportAudiences audiences;
    private final ReportThresholds thresholds;
    private final JdbcClient jdbc;
    private final Clock clock;

    QuarterlyReport(
            OperationsDashboard dashboard,
            Operators operators,
            PointsReports points,
            ReportAudiences audiences,
            ReportThresholds thresholds,
            JdbcClient jdbc,
            Clock clock) {
        this.dashboard = dashboard;
        this.operators = operators;
        this.points = points;
        this.audiences = audiences;
        this.thresholds = thresholds;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The last quarter that has ended, in the operator's time zone. */
    public ReportQuarter lastQuarter(long operatorId) {
        return ReportQuarter.of(today(operators.get(operatorId))).previous();
    }

    /**
     * The report for a quarter ({@code 2026-Q3}; null: the last quarter that has ended) of the whole operator or one
     * site. A malformed quarter, or one that has not begun, is an invalid {@code quarter}; a site of another operator
     * is not found.
     */
    public Report report(long operatorId, Long siteId, String quarterText) {
        Operator operator = operators.get(operatorId);
        LocalDate today = today(operator);
        ReportQuarter quarter = quarterText == null || quarterText.isBlank()
                ? ReportQuarter.of(today).previous()
                : ReportQuarter.parse(quarterText);
        if (quarter.firstDay().isAfter(today)) {
            throw new InvalidInputException("quarter", "report.quarterFuture");
        }
        ReportQuarter previousQuarter = quarter.previous();
        boolean partial = quarter.lastDay().isAfter(today);
        InsightFilter filter =
                dashboard.filter(operatorId, siteId, null, quarter.firstDay(), partial ? today : quarter.lastDay());
        InsightFilter previousFilter =
                dashboard.filter(operatorId, siteId, null, previousQuarter.firstDay(), previousQuarter.lastDay());
        InsightFigures current = dashboard.figures(operatorId, filter);
        InsightFigures previous = dashboard.figures(operatorId, previousFilter);
        List<Kpi> kpis = new ArrayList<>();
        for (String name : KPIS.keySet()) {
            Object now = value(name, current);
            Object before = value(name, previous);
            kpis.add(new Kpi(name, now, before, change(now, before)));
        }
        List<Trend> trends = trends(operatorId, siteId, quarter, today);
        List<PointsReports.DueBand> due = points.dueBands(operatorId, clock.instant(), DUE_BANDS_DAYS);
        Dormancy dormancy = dormancy(operatorId, filter);
        List<Recommendation> recommendations = new ArrayList<>();
        recommendations.addAll(services(operator, filter));
        recommendations.addAll(categories(operator, filter));
        recommendations.addAll(pointsStrategy(current, due));
        if (dormancy.share() != null && dormancy.share() > thresholds.dormantShareAbove()) {
            recommendations.add(new Recommendation(
                    Kind.DORMANT_MEMBERS,
                    null,
                    null,
                    figures(
                            "registered",
                            dormancy.registered(),
                            "dormant",
                            dormancy.dormant(),
                            "share",
                            dormancy.share()),
                    "report.rec.dormant",
                    List.of(
                            dormancy.dormant(),
                            dormancy.registered(),
                            percent(dormancy.share()),
                            thresholds.dormantAfterDays())));
        }
        for (ReportAudiences.Audience audience : audiences.largest(operatorId, filter, thresholds.audiencesPerKind())) {
            if (audience.members() < thresholds.minAudienceMembers()) {
                continue;
            }
            boolean stage = ReportAudienceGroups.LIFECYCLE_STAGE.equals(audience.kind());
            recommendations.add(new Recommendation(
                    Kind.AUDIENCE_ACTIVITY,
                    audience.label(),
                    audience.key(),
                    figures("audienceKind", audience.kind(), "members", audience.members()),
                    stage
                            ? "report.rec.audience.stage." + audience.key()
                            : "report.rec.audience." + audience.kind().toLowerCase(Locale.ROOT),
                    List.of(audience.label(), audience.members())));
        }
        return new Report(
                quarter,
                previousQuarter,
                siteId,
                operator.currency(),
                filter,
                previousFilter,
                partial,
                current,
                previous,
                kpis,
                trends,
                due,
                dormancy,
                recommendations);
    }

    private List<Trend> trends(long operatorId, Long siteId, ReportQuarter quarter, LocalDate today) {
        List<InsightFigures> months = new ArrayList<>();
        for (YearMonth month : quarter.months()) {
            months.add(
                    month.atDay(1).isAfter(today)
                            ? null
                            : dashboard.figures(
                                    operatorId,
                                    new InsightFilter(
                                            siteId,
                                            null,
                                            month.atDay(1),
                                            month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth())));
        }
        List<InsightFigures> previousMonths = new ArrayList<>();
        for (YearMonth month : quarter.previous().months()) {
            previousMonths.add(dashboard.figures(
                    operatorId, new InsightFilter(siteId, null, month.atDay(1), month.atEndOfMonth())));
        }
        List<Trend> trends = new ArrayList<>();
        for (String name : KPIS.keySet()) {
            List<Object> current = new ArrayList<>();
            for (InsightFigures figures : months) {
                current.add(figures == null ? null : value(name, figures));
            }
            List<Object> previous = new ArrayList<>();
            for (InsightFigures figures : previousMonths) {
                previous.add(value(name, figures));
            }
            trends.add(new Trend(
                    name,
                    quarter.months().stream().map(YearMonth::toString).toList(),
                    current,
                    quarter.previous().months().stream()
                            .map(YearMonth::toString)
                            .toList(),
                    previous));
        }
        return trends;
    }

    /** One offering on sale long enough to judge: its orders, ratings and stars in the quarter. */
    record OfferingUse(long offeringId, String name, long orders, long ratings, long stars) {

        Double averageRating() {
            return InsightFigures.ratio(stars, ratings);
        }
    }

    /**
     * Offerings to drop or reprice: little used (orders below a share of the median of the offerings on sale) and/or
     * poorly rated. Little used and poorly rated, or not ordered at all while others are: drop; otherwise reprice.
     */
    List<Recommendation> services(Operator operator, InsightFilter filter) {
        Map<String, Object> params = params(operator, filter);
        params.put(
                "onSaleBy",
                Timestamp.from(filter.to()
                        .plusDays(1)
                        .minusDays(thresholds.minDaysOnSale())
                        .atStartOfDay(operator.timeZone())
                        .toInstant()));
        // An offering counts as on sale from its creation or its first order, whichever is earlier (imported
        // catalogs are newer than their history).
        params.put("onSaleSince", filter.to().plusDays(1).minusDays(thresholds.minDaysOnSale()));
        String siteOfferings = filter.siteId() == null ? "" : """
                 and (not exists (select 1 from offering_site s where s.operator_id = o.operator_id and s.offering_id = o.id)
                      or exists (select 1 from offering_site s where s.operator_id = o.operator_id and s.offering_id = o.id
                                 and s.site_id = :siteId))""";
        List<OfferingUse> offerings = jdbc.sql(
                        """
                        select o.id, o.name,
                               coalesce(sum(d.facts) filter (where d.kind = 'ORDER_PAID'), 0) as orders,
                               coalesce(sum(d.facts) filter (where d.kind = 'ORDER_RATED'), 0) as ratings,
                               coalesce(sum(d.stars) filter (where d.kind = 'ORDER_RATED'), 0) as stars
                        from offering o
                        left join insight_offering_daily d
                               on d.operator_id = o.operator_id and d.offering_id = o.id
                              and d.day between :from and :to and d.kind in ('ORDER_PAID', 'ORDER_RATED') %s
                        where o.operator_id = :operatorId and o.active and o.kind in ('SERVICE', 'PRODUCT')
                          and (o.created_at <= :onSaleBy
                               or exists (select 1 from insight_offering_daily x
                                          where x.operator_id = o.operator_id and x.offering_id = o.id
                                            and x.kind = 'ORDER_PAID' and x.day < :onSaleSince)) %s
                        group by o.id, o.name
                        """.formatted(filter.siteId() == null ? "" : " and d.site_id = :siteId", siteOfferings))
                .params(params)
                .query((rs, row) -> new OfferingUse(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getLong("orders"),
                        rs.getLong("ratings"),
                        rs.getLong("stars")))
                .list();
        if (offerings.isEmpty()) {
            return List.of();
        }
        long[] sorted =
                offerings.stream().mapToLong(OfferingUse::orders).sorted().toArray();
        double median = sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        List<Recommendation> drop = new ArrayList<>();
        List<Recommendation> reprice = new ArrayList<>();
        for (OfferingUse offering : offerings.stream()
                .sorted(Comparator.comparingLong(OfferingUse::orders).thenComparingLong(OfferingUse::offeringId))
                .toList()) {
            boolean lowUse = offering.orders() < median * thresholds.lowUseShareOfMedian();
            boolean lowRating = offering.ratings() >= thresholds.minRatings()
                    && offering.averageRating() < thresholds.lowRatingBelow();
            if (!lowUse && !lowRating) {
                continue;
            }
            Map<String, Object> figures = figures(
                    "orders", offering.orders(),
                    "medianOrders", median,
                    "ratings", offering.ratings(),
                    "averageRating", offering.averageRating());
            String average = offering.averageRating() == null
                    ? "–"
                    : String.format(Locale.ROOT, "%.1f", offering.averageRating());
            String subjectId = Long.toString(offering.offeringId());
            if (lowUse && (lowRating || offering.orders() == 0)) {
                drop.add(new Recommendation(
                        Kind.DROP_SERVICE,
                        offering.name(),
                        subjectId,
                        figures,
                        lowRating ? "report.rec.drop.lowUseLowRating" : "report.rec.drop.unused",
                        List.of(offering.name(), offering.orders(), decimal(median), average, offering.ratings())));
            } else {
                reprice.add(new Recommendation(
                        Kind.REPRICE_SERVICE,
                        offering.name(),
                        subjectId,
                        figures,
                        lowRating ? "report.rec.reprice.lowRating" : "report.rec.reprice.lowUse",
                        List.of(offering.name(), offering.orders(), decimal(median), average, offering.ratings())));
            }
        }
        List<Recommendation> found = new ArrayList<>();
        found.addAll(drop.stream().limit(thresholds.servicesPerKind()).toList());
        // The poorly rated first: they are the surer finding.
        found.addAll(reprice.stream()
                .sorted(Comparator.comparing(
                        recommendation -> !recommendation.messageKey().endsWith("lowRating")))
                .limit(thresholds.servicesPerKind())
                .toList());
        return found;
    }

    /** Categories to add services to: viewed a lot but rarely ordered, or with few offerings on sale. */
    List<Recommendation> categories(Operator operator, InsightFilter filter) {
        Map<String, Object> params = params(operator, filter);
        params.put("minViews", thresholds.minCategoryViews());
        String factSite = filter.siteId() == null ? "" : " and f.site_id = :siteId";
        String daySite = filter.siteId() == null ? "" : " and d.site_id = :siteId";
        record Demand(long categoryId, String name, long views, long orders, long offerings) {}
        List<Demand> demands = jdbc.sql("""
                        with viewed as (
                            select coalesce(f.category_id, o.category_id) as category_id, count(*) as views
                            from activity_fact f
                            left join offering o on o.operator_id = f.operator_id and o.id = f.offering_id
                            where f.operator_id = :operatorId and f.occurred_at >= :start and f.occurred_at < :end
                              and f.kind in ('CATEGORY_VIEW', 'OFFERING_VIEW') %s
                            group by 1
                        ), ordered as (
                            select o.category_id, sum(d.facts) as orders
                            from insight_offering_daily d
                            join offering o on o.operator_id = d.operator_id and o.id = d.offering_id
                            where d.operator_id = :operatorId and d.day between :from and :to
                              and d.kind = 'ORDER_PAID' %s
                            group by o.category_id
                        )
                        select c.id, c.name, v.views, coalesce(r.orders, 0) as orders,
                               (select count(*) from offering o
                                where o.operator_id = :operatorId and o.category_id = c.id and o.active) as offerings
                        from viewed v
                        join service_category c on c.operator_id = :operatorId and c.id = v.category_id
                        left join ordered r on r.category_id = c.id
                        where v.views >= :minViews
                        order by v.views desc, c.id
                        """.formatted(factSite, daySite))
                .params(params)
                .query((rs, row) -> new Demand(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getLong("views"),
                        rs.getLong("orders"),
                        rs.getLong("offerings")))
                .list();
        List<Recommendation> found = new ArrayList<>();
        for (Demand demand : demands) {
            boolean unconverted = demand.orders() < demand.views() * thresholds.minViewConversion();
            boolean few = demand.offerings() <= thresholds.fewOfferings();
            if (!unconverted && !few) {
                continue;
            }
            Double conversion = InsightFigures.ratio(demand.orders(), demand.views());
            found.add(new Recommendation(
                    Kind.ADD_SERVICE,
                    demand.name(),
                    Long.toString(demand.categoryId()),
                    figures(
                            "views", demand.views(),
                            "orders", demand.orders(),
                            "conversion", conversion,
                            "offerings", demand.offerings()),
                    unconverted ? "report.rec.add.lowConversion" : "report.rec.add.fewOfferings",
                    List.of(demand.name(), demand.views(), demand.orders(), percent(conversion), demand.offerings())));
            if (found.size() >= thresholds.servicesPerKind()) {
                break;
            }
        }
        return found;
    }

    /** The points strategy: redemption too low or too high, and too many points about to expire. */
    List<Recommendation> pointsStrategy(InsightFigures current, List<PointsReports.DueBand> due) {
        List<Recommendation> found = new ArrayList<>();
        Double rate = current.redemptionRate();
        if (rate != null && current.pointsIssued() >= thresholds.minPointsIssued()) {
            Map<String, Object> figures = figures(
                    "pointsIssued", current.pointsIssued(),
                    "pointsRedeemed", current.pointsRedeemed(),
                    "redemptionRate", rate);
            List<Object> args = List.of(percent(rate), current.pointsIssued(), current.pointsRedeemed());
            if (rate < thresholds.redemptionLowBelow()) {
                found.add(new Recommendation(
                        Kind.POINTS_REDEMPTION_LOW, null, null, figures, "report.rec.redemptionLow", args));
            } else if (rate > thresholds.redemptionHighAbove()) {
                found.add(new Recommendation(
                        Kind.POINTS_REDEMPTION_HIGH, null, null, figures, "report.rec.redemptionHigh", args));
            }
        }
        long outstanding = due.stream().mapToLong(PointsReports.DueBand::points).sum();
        long soon = due.stream()
                .filter(band -> band.withinDays() != null && band.withinDays() <= thresholds.expiringSoonDays())
                .mapToLong(PointsReports.DueBand::points)
                .sum();
        Double share = InsightFigures.ratio(soon, outstanding);
        if (share != null && share > thresholds.expiringShareAbove()) {
            found.add(new Recommendation(
                    Kind.POINTS_EXPIRING,
                    null,
                    null,
                    figures("outstanding", outstanding, "expiringSoon", soon, "share", share),
                    "report.rec.expiring",
                    List.of(percent(share), soon, outstanding, thresholds.expiringSoonDays())));
        }
        return found;
    }

    /** Registered members by the filter's end without activity in the dormancy period before it. */
    Dormancy dormancy(long operatorId, InsightFilter filter) {
        LocalDate cutoff = filter.to().minusDays(thresholds.dormantAfterDays());
        return jdbc.sql("""
                        select count(*) as registered,
                               count(*) filter (where m.registered_on <= :cutoff and not exists (
                                   select 1 from insight_member_day d
                                   where d.operator_id = m.operator_id and d.member_id = m.id
                                     and d.day > :cutoff and d.day <= :to)) as dormant
                        from member m
                        where m.operator_id = :operatorId and m.registered_on <= :to %s
                        """.formatted(filter.siteId() == null ? "" : " and m.site_id = :siteId"))
                .param("operatorId", operatorId)
                .param("cutoff", cutoff)
                .param("to", filter.to())
                .params(filter.siteId() == null ? Map.of() : Map.of("siteId", filter.siteId()))
                .query((rs, row) -> new Dormancy(
                        rs.getLong("registered"),
                        rs.getLong("dormant"),
                        InsightFigures.ratio(rs.getLong("dormant"), rs.getLong("registered"))))
                .single();
    }

    private static Map<String, Object> params(Operator operator, InsightFilter filter) {
        return filter.periodParams(operator.id(), operator.timeZone());
    }

    private LocalDate today(Operator operator) {
        return LocalDate.now(clock.withZone(operator.timeZone()));
    }

    private static Map<String, Object> figures(Object... namesAndValues) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            figures.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return figures;
    }

    static String percent(Double fraction) {
        return fraction == null ? "–" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static Object value(String name, InsightFigures figures) {
        for (RecordComponent component : InsightFigures.class.getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    return component.getAccessor().invoke(figures);
                } catch (ReflectiveOperationException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        throw new IllegalArgumentException("no figure " + name);
    }

    static Double change(Object current, Object previous) {
        if (!(current instanceof Number now) || !(previous instanceof Number before) || before.doubleValue() == 0) {
            return null;
        }
        return Math.round((now.doubleValue() - before.doubleValue()) / Math.abs(before.doubleValue()) * 10_000)
                / 10_000.0;
    }
}
