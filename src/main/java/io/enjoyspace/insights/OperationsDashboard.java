package io.enjoyspace.insights;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's operations dashboard: figures for a period and the one before it, a daily trend and the services
 * ranked, read from the rollups (plus the few facts still waiting in the rollup inbox), never by scanning history.
 */
@Service
@Transactional(readOnly = true)
public class OperationsDashboard {

    static final int DEFAULT_DAYS = 30;

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Sites sites;
    private final Enterprises enterprises;
    private final Clock clock;
    private final InsightTenancy tenancy;

    OperationsDashboard(
            JdbcClient jdbc,
            Operators operators,
            Sites sites,
            Enterprises enterprises,
            Clock clock,
            InsightTenancy tenancy) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.operators = operators;
        this.sites = sites;
        this.enterprises = enterprises;
        this.clock = clock;
    }

    /** The figures of a period and of the period before it. */
    public record Comparison(InsightFilter filter, String currency, InsightFigures current, InsightFigures previous) {}

    /** One day of the trend. */
    public record TrendDay(
            LocalDate day, long orders, long gmvMinor, long activeMembers, long pointsIssued, long pointsRedeemed) {}

    /** One offering's use and rating in a period. */
    public record ServiceFigure(
            long offeringId, String name, long uses, long revenueMinor, long ratings, Double averageRating) {}

    /** The services ranked by use and by rating (the rated ones only), five at each end. */
    public record ServiceRanking(
            List<ServiceFigure> topByUse,
            List<ServiceFigure> bottomByUse,
            List<ServiceFigure> topByRating,
            List<ServiceFigure> bottomByRating) {}

    /**
     * Checks a filter and fills in its defaults: the last 30 days up to today; a site or enterprise of another
     * operator is not found.
     */
    public InsightFilter filter(long operatorId, Long siteId, Long enterpriseId, LocalDate from, LocalDate to) {
        Operator operator = operators.get(operatorId);
        LocalDate today = LocalDate.now(clock.withZone(operator.timeZone()));
        LocalDate last = to == null ? today : to;
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS - 1L) : from;
        if (first.isAfter(last)) {
            throw new InvalidInputException("from", "insights.fromAfterTo");
        }
        if (new InsightFilter(null, null, first, last).days() > InsightFilter.MAX_DAYS) {
            throw new InvalidInputException("to", "insights.periodTooLong");
        }
        if (siteId != null) {
            sites.get(operatorId, siteId);
        }
        if (enterpriseId != null) {
            enterprises.find(operatorId, enterpriseId).orElseThrow(NotFoundException::new);
        }
        return new InsightFilter(siteId, enterpriseId, first, last);
    }

    public Comparison compare(long operatorId, InsightFilter filter) {
        Operator operator = operators.get(operatorId);
        return new Comparison(
                filter, operator.currency(), figures(operator, filter), figures(operator, filter.previous()));
    }

    public InsightFigures figures(long operatorId, InsightFilter filter) {
        return figures(operators.get(operatorId), filter);
    }

    private InsightFigures figures(Operator operator, InsightFilter filter) {
        Map<String, Counter> counters = counters(operator, filter, filter.from(), filter.to());
        Counter paid = counter(counters, FactKind.ORDER_PAID);
        Counter completed = counter(counters, FactKind.ORDER_COMPLETED);
        Counter refunded = counter(counters, FactKind.ORDER_REFUNDED);
        Counter rated = counter(counters, FactKind.ORDER_RATED);
        long issued = counter(counters, FactKind.POINTS_ISSUED).points();
        long redeemed = counter(counters, FactKind.POINTS_REDEEMED).points();
        long expired = counter(counters, FactKind.POINTS_EXPIRED).points();
        long outstandingAtStart = outstanding(operator, filter, filter.from().minusDays(1));
        long outstanding = outstandingAtStart + issued - redeemed - expired;
        long views = counter(counters, FactKind.OFFERING_VIEW).facts()
                + counter(counters, FactKind.CATEGORY_VIEW).facts()
                + counter(counters, FactKind.OFFER_OPEN).facts();
        long valueAdded = completed.amountMinor() - refunded.amountMinor();
        Counter couponsIssued = counter(counters, FactKind.COUPON_ISSUED);
        Counter couponsUsed = counter(counters, FactKind.COUPON_USED);
        InsightTenancy.Figures tenancy = tenancy(operator.id(), filter);
        Activity activity = activity(operator, filter);
        long monthly = monthlyActive(operator.id(), filter);
        return new InsightFigures(
                paid.facts(),
                paid.amountMinor(),
                valueAdded,
                tenancy.rentMinor(),
                InsightFigures.ratio(valueAdded, tenancy.rentMinor() + valueAdded),
                tenancy.registered(),
                tenancy.headcount(),
                InsightFigures.ratio(tenancy.registered(), tenancy.headcount()),
                activity.members(),
                Math.round(counter(counters, "ACTIVE_DAY").facts() * 100.0 / filter.days()) / 100.0,
                monthly,
                activity.ordering(),
                InsightFigures.ratio(activity.ordering(), tenancy.members()),
                issued,
                redeemed,
                expired,
                outstanding,
                InsightFigures.ratio(redeemed, issued),
                InsightFigures.ratio(redeemed, outstandingAtStart + issued),
                rated.facts(),
                InsightFigures.ratio(rated.stars(), rated.facts()),
                completed.facts(),
                InsightFigures.ratio(completed.onTime(), completed.timed()),
                tenancy.leasesEnded(),
                tenancy.leasesRenewed(),
                InsightFigures.ratio(tenancy.leasesRenewed(), tenancy.leasesEnded()),
                tenancy.capacitySqm() == 0 || filter.enterpriseId() != null
                        ? null
                        : InsightFigures.ratio(tenancy.capacitySqm() - tenancy.leasedAreaSqm(), tenancy.capacitySqm()),
                counter(counters, FactKind.RESERVATION_BOOKED).facts(),
                counter(counters, FactKind.RESERVATION_CHECKED_IN).facts(),
                views,
                couponsIssued.facts(),
                couponsUsed.facts(),
                couponsUsed.amountMinor(),
                InsightFigures.ratio(couponsUsed.facts(), couponsIssued.facts()),
                counter(counters, FactKind.TIER_UPGRADED).facts(),
                counter(counters, FactKind.TIER_DOWNGRADED).facts());
    }

    /** Counters of one kind summed over the filter's days. */
    record Counter(long facts, long amountMinor, long points, long stars, long onTime, long timed) {
        static final Counter NONE = new Counter(0, 0, 0, 0, 0, 0);
    }

    private static Counter counter(Map<String, Counter> counters, FactKind kind) {
        return counter(counters, kind.name());
    }

    private static Counter counter(Map<String, Counter> counters, String kind) {
        return counters.getOrDefault(kind, Counter.NONE);
    }

    /**
     * The rollup table and its filter for this filter: per enterprise when one is chosen, per site when one is, else
     * the operator's.
     */
    private static String rollup(InsightFilter filter, Map<String, Object> params) {
        if (filter.siteId() == null && filter.enterpriseId() == null) {
            return "insight_operator_daily where operator_id = :operatorId";
        }
        StringBuilder where = new StringBuilder();
        if (filter.siteId() != null) {
            where.append(" and site_id = :siteId");
            params.put("siteId", filter.siteId());
        }
        if (filter.enterpriseId() != null) {
            where.append(" and enterprise_id = :enterpriseId");
            params.put("enterpriseId", filter.enterpriseId());
            return "insight_enterprise_daily where operator_id = :operatorId" + where;
        }
        return "insight_site_daily where operator_id = :operatorId" + where;
    }

    /** The facts of the inbox that match the filter (null site or enterprise read as 0, as in the rollups). */
    private static String inbox(InsightFilter filter) {
        return "insight_fact_inbox i where i.operator_id = :operatorId"
                + (filter.siteId() == null ? "" : " and coalesce(i.site_id, 0) = :siteId")
                + (filter.enterpriseId() == null ? "" : " and coalesce(i.enterprise_id, 0) = :enterpriseId")
                + " and i.occurred_at >= :start and i.occurred_at < :end";
    }

    private Map<String, Object> params(Operator operator, LocalDate from, LocalDate to) {
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operator.id());
        params.put("from", from);
        params.put("to", to);
        params.put(
                "start", Timestamp.from(from.atStartOfDay(operator.timeZone()).toInstant()));
        params.put(
                "end",
                Timestamp.from(to.plusDays(1).atStartOfDay(operator.timeZone()).toInstant()));
        return params;
    }

    Map<String, Counter> counters(Operator operator, InsightFilter filter, LocalDate from, LocalDate to) {
        Map<String, Object> params = params(operator, from, to);
        String rollup = rollup(filter, params);
        Map<String, Counter> counters = new HashMap<>();
        jdbc.sql("""
                        select kind, sum(facts) as facts, sum(amount_minor) as amount_minor, sum(points) as points,
                               sum(stars) as stars, sum(on_time) as on_time, sum(timed) as timed
                        from (select kind, facts, amount_minor, points, stars, on_time, timed
                              from %s and day between :from and :to
                              union all
                              select i.kind, 1, i.amount_minor, i.points, coalesce(i.stars, 0),
                                     case when i.on_time then 1 else 0 end, case when i.on_time is null then 0 else 1 end
                              from %s) counted
                        group by kind
                        """.formatted(rollup, inbox(filter)))
                .params(params)
                .query((rs, row) -> counters.put(
                        rs.getString("kind"),
                        new Counter(
                                rs.getLong("facts"),
                                rs.getLong("amount_minor"),
                                rs.getLong("points"),
                                rs.getLong("stars"),
                                rs.getLong("on_time"),
                                rs.getLong("timed"))))
                .list();
        return counters;
    }

    /** Points issued and neither redeemed nor expired by the end of {@code day}. */
    private long outstanding(Operator operator, InsightFilter filter, LocalDate day) {
        Map<String, Object> params = params(operator, day, day);
        String rollup = rollup(filter, params);
        return jdbc.sql("""
                        select coalesce(sum(case kind when 'POINTS_ISSUED' then points else -points end), 0)
                        from (select kind, points from %s and day <= :to
                                and kind in ('POINTS_ISSUED', 'POINTS_REDEEMED', 'POINTS_EXPIRED')
                              union all
                              select i.kind, i.points from %s
                                and i.kind in ('POINTS_ISSUED', 'POINTS_REDEEMED', 'POINTS_EXPIRED')) flows
                        """.formatted(rollup, inbox(filter).replace("i.occurred_at >= :start and ", "")))
                .params(params)
                .query(Long.class)
                .single();
    }

    record Activity(long members, long ordering) {}

    /**
     * The members active in the period and those among them who paid an order, each counted once. Without an
     * enterprise these come from the gaps between a member's active days (see V41__insights_speed.sql): a member-day
     * whose previous day lies before the period is the member's first in it. An enterprise's few member-days are
     * counted directly. Members active only through facts still in the inbox are added.
     */
    Activity activity(Operator operator, InsightFilter filter) {
        Map<String, Object> params = params(operator, filter.from(), filter.to());
        String where = (filter.siteId() == null ? "" : " and site_id = :siteId")
                + (filter.enterpriseId() == null ? "" : " and enterprise_id = :enterpriseId");
        if (filter.siteId() != null) {
            params.put("siteId", filter.siteId());
        }
        if (filter.enterpriseId() != null) {
            params.put("enterpriseId", filter.enterpriseId());
            return jdbc.sql("""
                            select count(*) as members, count(*) filter (where ordered) as ordering
                            from (select member_id, bool_or(ordered) as ordered
                                  from (select member_id, ordered from insight_member_day
                                        where operator_id = :operatorId and day between :from and :to %s
                                        union all
                                        select i.member_id, i.kind = 'ORDER_PAID' from %s
                                          and i.member_id is not null
                                          and i.kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED', 'POINTS_EXPIRED')) a
                                  group by member_id) m
                            """.formatted(where, inbox(filter)))
                    .params(params)
                    .query((rs, row) -> new Activity(rs.getLong("members"), rs.getLong("ordering")))
                    .single();
        }
        String gaps = filter.siteId() == null
                ? "insight_active_gap where operator_id = :operatorId"
                : "insight_site_active_gap where operator_id = :operatorId and site_id = :siteId";
        return jdbc.sql("""
                        with counted as (
                            select coalesce(sum(members), 0) as members, coalesce(sum(orderers), 0) as ordering
                            from %1$s and day between :from and :to
                              and (gap = 0 or gap > day - cast(:from as date))
                        ), waiting as (
                            select i.member_id, bool_or(i.kind = 'ORDER_PAID') as ordered from %2$s
                              and i.member_id is not null
                              and i.kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED', 'POINTS_EXPIRED')
                            group by i.member_id
                        ), uncounted as (
                            select w.ordered,
                                   not exists (select 1 from insight_member_day d
                                               where d.operator_id = :operatorId and d.member_id = w.member_id
                                                 and d.day between :from and :to %3$s) as inactive,
                                   not exists (select 1 from insight_member_day d
                                               where d.operator_id = :operatorId and d.member_id = w.member_id
                                                 and d.day between :from and :to and d.ordered %3$s) as not_ordering
                            from waiting w
                        )
                        select c.members + (select count(*) from uncounted where inactive) as members,
                               c.ordering + (select count(*) from uncounted where ordered and not_ordering) as ordering
                        from counted c
                        """.formatted(gaps, inbox(filter), where.replace(" site_id", " d.site_id")))
                .params(params)
                .query((rs, row) -> new Activity(rs.getLong("members"), rs.getLong("ordering")))
                .single();
    }

    private long monthlyActive(long operatorId, InsightFilter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("month", filter.to().withDayOfMonth(1));
        String rollup = rollup(filter, params);
        return jdbc.sql("select coalesce(sum(facts), 0) from %s and day = :month and kind = 'ACTIVE_MONTH'"
                        .formatted(rollup))
                .params(params)
                .query(Long.class)
                .single();
    }

    private Map<String, Object> tenancyParams(long operatorId, InsightFilter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("from", filter.from());
        params.put("to", filter.to());
        params.put("siteId", filter.siteId());
        params.put("enterpriseId", filter.enterpriseId());
        return params;
    }

    private static String leaseWhere(InsightFilter filter, String alias) {
        return (filter.siteId() == null ? "" : " and " + alias + ".site_id = :siteId")
                + (filter.enterpriseId() == null ? "" : " and " + alias + ".enterprise_id = :enterpriseId");
    }

    /**
     * The tenancy figures of the period: from the per-day rows when they are current for it (see {@link
     * InsightTenancy}), else, and for one enterprise, counted from the leases, enterprises and members.
     */
    InsightTenancy.Figures tenancy(long operatorId, InsightFilter filter) {
        if (filter.enterpriseId() == null) {
            java.util.Optional<InsightTenancy.Figures> kept =
                    tenancy.period(operatorId, filter.siteId(), filter.from(), filter.to());
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        return counted(operatorId, filter);
    }

    /** The tenancy figures counted live from the leases, enterprises and members. */
    InsightTenancy.Figures counted(long operatorId, InsightFilter filter) {
        Tenants tenants =
                filter.enterpriseId() == null ? tenants(operatorId, filter) : enterpriseTenants(operatorId, filter);
        Leases leases = leases(operatorId, filter);
        return new InsightTenancy.Figures(
                rent(operatorId, filter),
                tenants.headcount(),
                tenants.registered(),
                tenants.allMembers(),
                leases.ended(),
                leases.renewed(),
                leases.capacity(),
                leases.leasedArea());
    }

    /** A period's rent: each running lease's yearly rent for each of its days in the period over 365, rounded down once. */
    private long rent(long operatorId, InsightFilter filter) {
        return jdbc.sql("""
                        select coalesce(sum(l.monthly_rent_minor * 12
                                            * (least(l.ends_on, cast(:to as date)) - greatest(l.starts_on, cast(:from as date)) + 1)), 0)
                               / 365
                        from lease_book l
                        where l.operator_id = :operatorId and l.starts_on <= :to and l.ends_on >= :from %s
                        """.formatted(leaseWhere(filter, "l")))
                .params(tenancyParams(operatorId, filter))
                .query(Long.class)
                .single();
    }

    record Tenants(long registered, long headcount, long allMembers) {}

    /**
     * Headcount of the enterprises leased at the end of the period (all or one site's) and the members registered by
     * then: the months before the last one from the registration counts (see V41__insights_speed.sql), the last
     * month's days from the member table.
     */
    private Tenants tenants(long operatorId, InsightFilter filter) {
        String enterpriseWhere = filter.siteId() == null ? "" : " and e.site_id = :siteId";
        String memberWhere = filter.siteId() == null ? "" : " and m.site_id = :siteId";
        Map<String, Object> params = tenancyParams(operatorId, filter);
        params.put("month", filter.to().withDayOfMonth(1));
        return jdbc.sql("""
                        with leased as (
                            select e.id, e.headcount from enterprise e
                            where e.operator_id = :operatorId %1$s
                              and exists (select 1 from lease_book l
                                          where l.operator_id = e.operator_id and l.enterprise_id = e.id
                                            and l.starts_on <= :to and l.ends_on >= :to)
                        )
                        select (select coalesce(sum(headcount), 0) from leased) as headcount,
                               (select coalesce(sum(m.members), 0) from insight_registered m
                                where m.operator_id = :operatorId and m.month < :month
                                  and m.enterprise_id in (select id from leased))
                               + (select count(*) from member m
                                  where m.operator_id = :operatorId and m.registered_on between :month and :to
                                    and m.enterprise_id in (select id from leased)) as registered,
                               (select coalesce(sum(m.members), 0) from insight_registered m
                                where m.operator_id = :operatorId and m.month < :month %2$s)
                               + (select count(*) from member m
                                  where m.operator_id = :operatorId and m.registered_on between :month and :to %2$s)
                                 as all_members
                        """.formatted(enterpriseWhere, memberWhere))
                .params(params)
                .query((rs, row) ->
                        new Tenants(rs.getLong("registered"), rs.getLong("headcount"), rs.getLong("all_members")))
                .single();
    }

    /** One enterprise's headcount and members when it is leased at the end of the period (and based at the site). */
    private Tenants enterpriseTenants(long operatorId, InsightFilter filter) {
        return jdbc.sql("""
                        select case when e.leased then e.headcount else 0 end as headcount,
                               case when e.leased then e.joined else 0 end as registered,
                               (select count(*) from member m
                                where m.operator_id = :operatorId and m.enterprise_id = e.id
                                  and m.registered_on <= :to %1$s) as all_members
                        from (select e.id, e.headcount,
                                     (select count(*) from member m
                                      where m.operator_id = :operatorId and m.enterprise_id = e.id
                                        and m.registered_on <= :to) as joined,
                                     exists (select 1 from lease_book l
                                             where l.operator_id = e.operator_id and l.enterprise_id = e.id
                                               and l.starts_on <= :to and l.ends_on >= :to) %2$s as leased
                              from enterprise e
                              where e.operator_id = :operatorId and e.id = :enterpriseId) e
                        """.formatted(
                                filter.siteId() == null ? "" : " and m.site_id = :siteId",
                                filter.siteId() == null ? "" : " and e.site_id = :siteId"))
                .params(tenancyParams(operatorId, filter))
                .query((rs, row) ->
                        new Tenants(rs.getLong("registered"), rs.getLong("headcount"), rs.getLong("all_members")))
                .optional()
                .orElse(new Tenants(0, 0, 0));
    }

    record Leases(long ended, long renewed, long capacity, long leasedArea) {}

    private Leases leases(long operatorId, InsightFilter filter) {
        return jdbc.sql("""
                        select (select count(*) from lease_book l
                                where l.operator_id = :operatorId and l.ends_on between :from and :to %1$s) as ended,
                               (select count(*) from lease_book l
                                where l.operator_id = :operatorId and l.ends_on between :from and :to %1$s
                                  and exists (select 1 from lease n where n.renewed_from = l.id)) as renewed,
                               (select coalesce(sum(s.capacity_area_sqm), 0) from site s
                                where s.operator_id = :operatorId and s.capacity_area_sqm is not null %2$s) as capacity,
                               (select coalesce(sum(l.area_sqm), 0) from lease_book l
                                join site s on s.operator_id = l.operator_id and s.id = l.site_id
                                where l.operator_id = :operatorId and s.capacity_area_sqm is not null
                                  and l.starts_on <= :to and l.ends_on >= :to %1$s) as leased
                        """.formatted(leaseWhere(filter, "l"), filter.siteId() == null ? "" : " and s.id = :siteId"))
                .params(tenancyParams(operatorId, filter))
                .query((rs, row) -> new Leases(
                        rs.getLong("ended"), rs.getLong("renewed"), rs.getLong("capacity"), rs.getLong("leased")))
                .single();
    }

    /** Each day of the period, with zeros for quiet days. */
    public List<TrendDay> trend(long operatorId, InsightFilter filter) {
        Operator operator = operators.get(operatorId);
        Map<String, Object> params = params(operator, filter.from(), filter.to());
        String rollup = rollup(filter, params);
        Map<LocalDate, long[]> days = new HashMap<>();
        jdbc.sql("""
                        select day, kind, sum(facts) as facts, sum(amount_minor) as amount_minor, sum(points) as points
                        from %s and day between :from and :to
                          and kind in ('ORDER_PAID', 'ACTIVE_DAY', 'POINTS_ISSUED', 'POINTS_REDEEMED')
                        group by day, kind
                        """.formatted(rollup))
                .params(params)
                .query((rs, row) -> {
                    long[] day = days.computeIfAbsent(rs.getDate("day").toLocalDate(), key -> new long[5]);
                    switch (rs.getString("kind")) {
                        case "ORDER_PAID" -> {
                            day[0] = rs.getLong("facts");
                            day[1] = rs.getLong("amount_minor");
                        }
                        case "ACTIVE_DAY" -> day[2] = rs.getLong("facts");
                        case "POINTS_ISSUED" -> day[3] = rs.getLong("points");
                        default -> day[4] = rs.getLong("points");
                    }
                    return day;
                })
                .list();
        List<TrendDay> trend = new ArrayList<>();
        for (LocalDate day = filter.from(); !day.isAfter(filter.to()); day = day.plusDays(1)) {
            long[] figures = days.getOrDefault(day, new long[5]);
            trend.add(new TrendDay(day, figures[0], figures[1], figures[2], figures[3], figures[4]));
        }
        return trend;
    }

    public ServiceRanking services(long operatorId, InsightFilter filter) {
        Operator operator = operators.get(operatorId);
        Map<String, Object> params = params(operator, filter.from(), filter.to());
        String source;
        if (filter.enterpriseId() == null) {
            source = """
                    select offering_id, kind, facts, amount_minor, stars from insight_offering_daily
                    where operator_id = :operatorId and day between :from and :to
                      and kind in ('ORDER_PAID', 'ORDER_RATED')%s
                    """.formatted(filter.siteId() == null ? "" : " and site_id = :siteId");
        } else {
            // The offering rollup is per site; an enterprise's services are few enough to count from its facts.
            source = """
                    select offering_id, kind, 1 as facts, amount_minor, coalesce(stars, 0) as stars
                    from activity_fact_current
                    where operator_id = :operatorId and occurred_at >= :start and occurred_at < :end
                      and enterprise_id = :enterpriseId and offering_id is not null
                      and kind in ('ORDER_PAID', 'ORDER_RATED')%s
                    """.formatted(filter.siteId() == null ? "" : " and site_id = :siteId");
            params.put("enterpriseId", filter.enterpriseId());
        }
        if (filter.siteId() != null) {
            params.put("siteId", filter.siteId());
        }
        List<ServiceFigure> all = jdbc.sql("""
                        select s.offering_id, o.name,
                               coalesce(sum(s.facts) filter (where s.kind = 'ORDER_PAID'), 0) as uses,
                               coalesce(sum(s.amount_minor) filter (where s.kind = 'ORDER_PAID'), 0) as revenue,
                               coalesce(sum(s.facts) filter (where s.kind = 'ORDER_RATED'), 0) as ratings,
                               coalesce(sum(s.stars) filter (where s.kind = 'ORDER_RATED'), 0) as stars
                        from (%s) s
                        join offering o on o.operator_id = :operatorId and o.id = s.offering_id
                        group by s.offering_id, o.name
                        """.formatted(source))
                .params(params)
                .query((rs, row) -> new ServiceFigure(
                        rs.getLong("offering_id"),
                        rs.getString("name"),
                        rs.getLong("uses"),
                        rs.getLong("revenue"),
                        rs.getLong("ratings"),
                        InsightFigures.ratio(rs.getLong("stars"), rs.getLong("ratings"))))
                .list();
        java.util.Comparator<ServiceFigure> byUse =
                java.util.Comparator.comparingLong(ServiceFigure::uses).thenComparing(ServiceFigure::offeringId);
        java.util.Comparator<ServiceFigure> byRating = java.util.Comparator.comparing(ServiceFigure::averageRating)
                .thenComparingLong(ServiceFigure::ratings)
                .thenComparing(ServiceFigure::offeringId);
        List<ServiceFigure> used =
                all.stream().filter(service -> service.uses() > 0).toList();
        List<ServiceFigure> rated =
                all.stream().filter(service -> service.ratings() > 0).toList();
        return new ServiceRanking(
                used.stream().sorted(byUse.reversed()).limit(5).toList(),
                used.stream().sorted(byUse).limit(5).toList(),
                rated.stream().sorted(byRating.reversed()).limit(5).toList(),
                rated.stream().sorted(byRating).limit(5).toList());
    }
}
