package io.enjoyspace.insights;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the rollups current: takes recorded facts from the inbox in batches and adds them to the daily counters per
 * site, per enterprise and per offering, and to the members active per day and per month. Recording a fact only
 * appends to the inbox, so the earning path never waits on a shared counter row; the batches here are taken with SKIP
 * LOCKED, so several nodes may run this at once. The dashboard adds what is still in the inbox, so its figures never
 * lag.
 */
@Component
class InsightRollups {

    static final int BATCH = 20_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    InsightRollups(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Scheduled(initialDelayString = "PT3S", fixedDelayString = "${enjoyspace.insights.rollup-interval:PT1S}")
    void scheduled() {
        catchUp();
    }

    /** Rolls up everything in the inbox; answers how many facts it took. */
    long catchUp() {
        long total = 0;
        long taken;
        do {
            taken = rollUpBatch();
            total += taken;
        } while (taken == BATCH);
        return total;
    }

    long rollUpBatch() {
        Long taken = transaction.execute(status -> {
            jdbc.sql("set local synchronous_commit = off").update();
            return jdbc.sql(ROLL_UP).param("batch", BATCH).query(Long.class).single();
        });
        return taken == null ? 0 : taken;
    }

    private static final String ROLL_UP = """
            with moved as (
                delete from insight_fact_inbox
                where id in (select id from insight_fact_inbox order by id limit :batch for update skip locked)
                returning operator_id, kind, member_id, coalesce(site_id, 0) as site_id,
                          coalesce(enterprise_id, 0) as enterprise_id, offering_id, amount_minor, points, stars,
                          on_time, occurred_at
            ), dated as (
                select m.*, cast(m.occurred_at at time zone o.time_zone as date) as day
                from moved m join operator o on o.id = m.operator_id
            ), active as (
                select distinct on (operator_id, day, member_id)
                       operator_id, day, member_id, site_id, enterprise_id,
                       bool_or(kind = 'ORDER_PAID') over (partition by operator_id, day, member_id) as ordered
                from dated
                where member_id is not null
                  and kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED', 'POINTS_EXPIRED')
                order by operator_id, day, member_id, occurred_at
            ), new_days as (
                insert into insight_member_day as d (operator_id, day, member_id, site_id, enterprise_id, ordered)
                select operator_id, day, member_id, site_id, enterprise_id, ordered from active
                on conflict (operator_id, day, member_id) do update set ordered = true
                    where excluded.ordered and not d.ordered
                returning operator_id, day, site_id, enterprise_id, (xmax = 0) as inserted
            ), new_months as (
                insert into insight_member_month (operator_id, month, member_id, site_id, enterprise_id)
                select distinct on (operator_id, month, member_id)
                       operator_id, cast(date_trunc('month', day) as date) as month, member_id, site_id, enterprise_id
                from active
                order by operator_id, month, member_id, day
                on conflict do nothing
                returning operator_id, month, site_id, enterprise_id
            ), counted as (
                select operator_id, day, site_id, enterprise_id, kind, count(*) as facts,
                       sum(amount_minor) as amount_minor, sum(points) as points, coalesce(sum(stars), 0) as stars,
                       count(*) filter (where on_time) as on_time, count(on_time) as timed
                from dated
                group by operator_id, day, site_id, enterprise_id, kind
                union all
                select operator_id, day, site_id, enterprise_id, 'ACTIVE_DAY', count(*), 0, 0, 0, 0, 0
                from new_days where inserted
                group by operator_id, day, site_id, enterprise_id
                union all
                select operator_id, month, site_id, enterprise_id, 'ACTIVE_MONTH', count(*), 0, 0, 0, 0, 0
                from new_months
                group by operator_id, month, site_id, enterprise_id
            ), by_site as (
                insert into insight_site_daily as r (operator_id, day, site_id, kind, facts, amount_minor, points,
                                                     stars, on_time, timed)
                select operator_id, day, site_id, kind, sum(facts), sum(amount_minor), sum(points), sum(stars),
                       sum(on_time), sum(timed)
                from counted
                group by operator_id, day, site_id, kind
                on conflict (operator_id, day, site_id, kind) do update
                    set facts = r.facts + excluded.facts, amount_minor = r.amount_minor + excluded.amount_minor,
                        points = r.points + excluded.points, stars = r.stars + excluded.stars,
                        on_time = r.on_time + excluded.on_time, timed = r.timed + excluded.timed
            ), by_enterprise as (
                insert into insight_enterprise_daily as r (operator_id, enterprise_id, day, site_id, kind, facts,
                                                           amount_minor, points, stars, on_time, timed)
                select operator_id, enterprise_id, day, site_id, kind, facts, amount_minor, points, stars, on_time,
                       timed
                from counted
                where enterprise_id <> 0
                on conflict (operator_id, enterprise_id, day, kind, site_id) do update
                    set facts = r.facts + excluded.facts, amount_minor = r.amount_minor + excluded.amount_minor,
                        points = r.points + excluded.points, stars = r.stars + excluded.stars,
                        on_time = r.on_time + excluded.on_time, timed = r.timed + excluded.timed
            ), by_offering as (
                insert into insight_offering_daily as r (operator_id, offering_id, day, site_id, kind, facts,
                                                         amount_minor, stars)
                select operator_id, offering_id, day, site_id, kind, count(*), sum(amount_minor),
                       coalesce(sum(stars), 0)
                from dated
                where offering_id is not null
                group by operator_id, offering_id, day, site_id, kind
                on conflict (operator_id, day, site_id, offering_id, kind) do update
                    set facts = r.facts + excluded.facts, amount_minor = r.amount_minor + excluded.amount_minor,
                        stars = r.stars + excluded.stars
            )
            select count(*) from moved
            """;
}
