package io.enjoyspace.insights;

import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenancy figures of the dashboard per site and day (see V49__insights_tenancy_daily.sql): headcount and registered
 * members of the leased enterprises, members, leased area, rent, leases ended and renewed. Changes to members,
 * enterprises and leases are noted by triggers with the first day they alter; this job recomputes from that day on, and
 * adds each new day. A period is read from the rows only when they cover it and no change still waits for a day in it;
 * otherwise the dashboard counts it live, so its figures never lag.
 */
@Component
class InsightTenancy {

    private static final Logger log = LoggerFactory.getLogger(InsightTenancy.class);

    /** How far back the rows go at most; older periods are counted live. */
    static final int MAX_YEARS = 10;

    private final JdbcClient jdbc;
    private final Operators operators;
    private final TransactionTemplate transaction;
    private final Clock clock;

    InsightTenancy(JdbcClient jdbc, Operators operators, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A period's tenancy figures for all sites or one. */
    record Figures(
            long rentMinor,
            long headcount,
            long registered,
            long members,
            long leasesEnded,
            long leasesRenewed,
            long capacitySqm,
            long leasedAreaSqm) {}

    @Scheduled(initialDelayString = "PT4S", fixedDelayString = "${enjoyspace.insights.tenancy-interval:PT10S}")
    void scheduled() {
        for (Operator operator : operators.all()) {
            try {
                if (stale(operator)) {
                    refresh(operator.id());
                }
            } catch (RuntimeException e) {
                log.warn("tenancy figures of operator {} not refreshed", operator.id(), e);
            }
        }
    }

    private boolean stale(Operator operator) {
        LocalDate today = LocalDate.now(clock.withZone(operator.timeZone()));
        return jdbc.sql("""
                        select exists (select 1 from insight_tenancy_change where operator_id = :operatorId)
                            or not exists (select 1 from insight_tenancy_state
                                           where operator_id = :operatorId and last_day >= :today)
                        """)
                .param("operatorId", operator.id())
                .param("today", today)
                .query(Boolean.class)
                .single();
    }

    /**
     * Folds in the changes noted so far and brings the rows up to today. The changes are taken by deleting the ones
     * this transaction sees, so a change committed meanwhile stays for the next run.
     */
    void refresh(long operatorId) {
        Operator operator = operators.get(operatorId);
        LocalDate today = LocalDate.now(clock.withZone(operator.timeZone()));
        transaction.executeWithoutResult(status -> {
            TransactionLocks.lock(jdbc, "insight-tenancy:" + operatorId);
            LocalDate changedFrom = jdbc.sql("""
                            with taken as (delete from insight_tenancy_change where operator_id = :operatorId
                                           returning from_day)
                            select min(from_day) from taken
                            """)
                    .param("operatorId", operatorId)
                    .query(LocalDate.class)
                    .optional()
                    .orElse(null);
            LocalDate earliest = jdbc.sql("""
                            select least((select min(registered_on) from member where operator_id = :operatorId),
                                         (select min(starts_on) from lease_book where operator_id = :operatorId))
                            """)
                    .param("operatorId", operatorId)
                    .query(LocalDate.class)
                    .optional()
                    .orElse(today);
            LocalDate first = earliest.isBefore(today.minusYears(MAX_YEARS))
                    ? today.minusYears(MAX_YEARS)
                    : earliest.isAfter(today) ? today : earliest;
            Optional<LocalDate[]> state = jdbc.sql(
                            "select first_day, last_day from insight_tenancy_state where operator_id = :operatorId")
                    .param("operatorId", operatorId)
                    .query((rs, row) -> new LocalDate[] {
                        rs.getDate("first_day").toLocalDate(),
                        rs.getDate("last_day").toLocalDate()
                    })
                    .optional();
            LocalDate from;
            if (state.isEmpty() || !state.get()[0].equals(first)) {
                from = first;
            } else {
                from = state.get()[1].plusDays(1);
                if (changedFrom != null && changedFrom.isBefore(from)) {
                    from = changedFrom.isBefore(first) ? first : changedFrom;
                }
            }
            jdbc.sql(
                            "delete from insight_tenancy_daily where operator_id = :operatorId and (day >= :from or day < :first)")
                    .param("operatorId", operatorId)
                    .param("from", from)
                    .param("first", first)
                    .update();
            if (!from.isAfter(today)) {
                // One pass over the operator's members and leases (about 1.5 s for 500,000 members). Bounded, so a
                // bad plan can never hold the operator's lock for long: the days are then counted live until the
                // next run.
                jdbc.sql("set local work_mem = '128MB'").update();
                jdbc.sql("set local statement_timeout = '120s'").update();
                jdbc.sql(COMPUTE)
                        .param("operatorId", operatorId)
                        .param("from", from)
                        .param("to", today)
                        .update();
            }
            jdbc.sql("""
                            insert into insight_tenancy_state (operator_id, first_day, last_day)
                            values (:operatorId, :first, :today)
                            on conflict (operator_id) do update set first_day = excluded.first_day,
                                                                    last_day = excluded.last_day
                            """)
                    .param("operatorId", operatorId)
                    .param("first", first)
                    .param("today", today)
                    .update();
        });
    }

    /**
     * The figures of a period from the rows, for all sites or one; empty when the rows do not cover it yet (or a
     * change still waits for one of its days).
     */
    Optional<Figures> period(long operatorId, Long siteId, LocalDate from, LocalDate to) {
        boolean fresh = jdbc.sql("""
                        select exists (select 1 from insight_tenancy_state
                                       where operator_id = :operatorId and first_day <= :from and last_day >= :to)
                           and not exists (select 1 from insight_tenancy_change
                                           where operator_id = :operatorId and from_day <= :to)
                        """)
                .param("operatorId", operatorId)
                .param("from", from)
                .param("to", to)
                .query(Boolean.class)
                .single();
        if (!fresh) {
            return Optional.empty();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("from", from);
        params.put("to", to);
        params.put("siteId", siteId);
        String site = siteId == null ? "" : " and site_id = :siteId";
        return Optional.of(jdbc.sql("""
                        with measured as (
                            select id from site
                            where operator_id = :operatorId and capacity_area_sqm is not null %2$s
                        )
                        select coalesce(sum(rent_yearly_minor), 0) / 365 as rent,
                               coalesce(sum(headcount) filter (where day = :to), 0) as headcount,
                               coalesce(sum(registered) filter (where day = :to), 0) as registered,
                               coalesce(sum(members) filter (where day = :to), 0) as members,
                               coalesce(sum(leases_ended), 0) as ended,
                               coalesce(sum(leases_renewed), 0) as renewed,
                               (select coalesce(sum(capacity_area_sqm), 0) from site
                                where operator_id = :operatorId and id in (select id from measured)) as capacity,
                               coalesce(sum(leased_area_sqm) filter (
                                   where day = :to and site_id in (select id from measured)), 0) as leased
                        from insight_tenancy_daily
                        where operator_id = :operatorId and day between :from and :to %1$s
                        """.formatted(site, siteId == null ? "" : " and id = :siteId"))
                .params(params)
                .query((rs, row) -> new Figures(
                        rs.getLong("rent"),
                        rs.getLong("headcount"),
                        rs.getLong("registered"),
                        rs.getLong("members"),
                        rs.getLong("ended"),
                        rs.getLong("renewed"),
                        rs.getLong("capacity"),
                        rs.getLong("leased")))
                .single());
    }

    /**
     * The rows of the days :from to :to. Each quantity is kept as changes on the days it moves (a lease's start adds
     * its area, the day after its end takes it away, a member adds one from the day it registered); changes before
     * :from are gathered on :from, so the running sum per site over the days is each day's value. An enterprise's
     * leases are merged into the spans it was leased without a break, so overlapping leases count it once.
     */
    private static final String COMPUTE = """
            insert into insight_tenancy_daily (operator_id, day, site_id, headcount, registered, members,
                                               leased_area_sqm, rent_yearly_minor, leases_ended, leases_renewed)
            with spans as (
                select e.id as enterprise_id, e.site_id, e.headcount, l.starts_on, l.ends_on
                from lease_book l join enterprise e on e.operator_id = l.operator_id and e.id = l.enterprise_id
                where l.operator_id = :operatorId
            ), reaches as (
                select *, max(ends_on) over (partition by enterprise_id order by starts_on, ends_on
                                             rows between unbounded preceding and 1 preceding) as reach
                from spans
            ), islands as (
                select *, count(*) filter (where reach is null or starts_on > reach + 1)
                              over (partition by enterprise_id order by starts_on, ends_on rows unbounded preceding)
                              as island
                from reaches
            ), leased as (
                select enterprise_id, site_id, headcount, min(starts_on) as starts_on, max(ends_on) as ends_on
                from islands
                group by enterprise_id, site_id, headcount, island
            ), joined as (
                select enterprise_id, registered_on, count(*) as members from member
                where operator_id = :operatorId and enterprise_id is not null
                group by enterprise_id, registered_on
            ), renewals as (
                select distinct renewed_from as id from lease
                where operator_id = :operatorId and renewed_from is not null
            ), books as (
                select l.site_id, l.starts_on, l.ends_on, l.area_sqm, l.monthly_rent_minor * 12 as rent,
                       case when r.id is null then 0 else 1 end as renewed
                from lease_book l
                left join renewals r on r.id = l.id
                where l.operator_id = :operatorId
            ), changes (site_id, day, headcount, registered, members, area, rent, ended, renewed) as (
                select site_id, starts_on, headcount::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0, 0
                from leased
                union all
                select site_id, ends_on + 1, -headcount, 0, 0, 0, 0, 0, 0 from leased
                union all
                select l.site_id, greatest(l.starts_on, j.registered_on), 0, j.members, 0, 0, 0, 0, 0
                from leased l join joined j on j.enterprise_id = l.enterprise_id and j.registered_on <= l.ends_on
                union all
                select l.site_id, l.ends_on + 1, 0, -j.members, 0, 0, 0, 0, 0
                from leased l join joined j on j.enterprise_id = l.enterprise_id and j.registered_on <= l.ends_on
                union all
                select site_id, registered_on, 0, 0, count(*), 0, 0, 0, 0 from member
                where operator_id = :operatorId and registered_on <= :to
                group by site_id, registered_on
                union all
                select site_id, starts_on, 0, 0, 0, area_sqm, rent, 0, 0 from books
                union all
                select site_id, ends_on + 1, 0, 0, 0, -area_sqm, -rent, 0, 0 from books
                union all
                select site_id, ends_on, 0, 0, 0, 0, 0, 1, renewed from books
                union all
                select site_id, ends_on + 1, 0, 0, 0, 0, 0, -1, -renewed from books
            ), days as (
                select site_id, greatest(day, cast(:from as date)) as day, sum(headcount) as headcount,
                       sum(registered) as registered, sum(members) as members, sum(area) as area, sum(rent) as rent,
                       sum(ended) as ended, sum(renewed) as renewed
                from changes
                where day <= :to
                group by 1, 2
            ), grid as (
                select s.id as site_id, cast(d as date) as day
                from site s cross join generate_series(cast(:from as date), cast(:to as date), interval '1 day') d
                where s.operator_id = :operatorId
            )
            select :operatorId, g.day, g.site_id,
                   sum(coalesce(d.headcount, 0)) over w, sum(coalesce(d.registered, 0)) over w,
                   sum(coalesce(d.members, 0)) over w, sum(coalesce(d.area, 0)) over w, sum(coalesce(d.rent, 0)) over w,
                   sum(coalesce(d.ended, 0)) over w, sum(coalesce(d.renewed, 0)) over w
            from grid g left join days d on d.site_id = g.site_id and d.day = g.day
            window w as (partition by g.site_id order by g.day rows unbounded preceding)
            """;
}
