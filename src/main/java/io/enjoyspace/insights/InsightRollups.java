package io.enjoyspace.insights;

import io.enjoyspace.shared.TransactionLocks;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the rollups current: takes recorded facts from the inbox in batches and adds them to the daily counters per
 * site, per enterprise and per offering, and to the members active per day and per month. Recording a fact only
 * appends to the inbox, so the earning path never waits on a shared counter row; the batches here are taken with SKIP
 * LOCKED, so several nodes may run this at once (counter rows are written in key order, so two batches wait for
 * each other rather than deadlock). The dashboard adds what is still in the inbox, so its figures never lag.
 */
@Component
class InsightRollups {

    static final int BATCH = 20_000;

    /** The rollup tables, all rebuilt by {@link #recompute}. */
    static final List<String> TABLES = List.of(
            "insight_site_daily",
            "insight_operator_daily",
            "insight_enterprise_daily",
            "insight_offering_daily",
            "insight_member_activity",
            "insight_member_day",
            "insight_member_month",
            "insight_active_gap",
            "insight_site_active_gap");

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
        return rollUpBatch(BATCH);
    }

    /** Rolls up at most {@code batch} facts of the inbox; answers how many it took. */
    long rollUpBatch(int batch) {
        Long taken = transaction.execute(status -> {
            // One batch at a time, across nodes too: a caller of catchUp waits for a batch in flight to commit instead
            // of skipping its lines, so it returns with everything recorded before it rolled up and stored.
            TransactionLocks.lock(jdbc, "insight-rollup");
            jdbc.sql("set local synchronous_commit = off").update();
            long moved =
                    jdbc.sql(ROLL_UP).param("batch", batch).query(Long.class).single();
            countGaps();
            return moved;
        });
        return taken == null ? 0 : taken;
    }

    /**
     * Brings the active-member gaps up to date with the member-days this transaction inserted or marked ordered: for
     * each member concerned, its gaps before and after are computed from its days and the difference is added. The
     * operator's lock makes two nodes take turns here, so each sees the days the other committed.
     */
    private void countGaps() {
        List<Long> operatorIds = jdbc.sql(
                        "select distinct operator_id from insight_member_day_change order by operator_id")
                .query(Long.class)
                .list();
        if (operatorIds.isEmpty()) {
            return;
        }
        for (long operatorId : operatorIds) {
            TransactionLocks.lock(jdbc, "insight-active-gap|" + operatorId);
        }
        jdbc.sql(COUNT_GAPS).query(Long.class).single();
        jdbc.sql("delete from insight_active_gap where members = 0 and orderers = 0")
                .update();
        jdbc.sql("delete from insight_site_active_gap where members = 0 and orderers = 0")
                .update();
    }

    /**
     * Rebuilds one operator's rollups from its facts, in one transaction: after a bulk load (the history generator) or
     * to repair. Facts of the operator still in the inbox are stored first, since the rebuild counts them.
     */
    void recompute(long operatorId) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("set local work_mem = '256MB'").update();
            jdbc.sql(STORE_PENDING).param("operatorId", operatorId).update();
            for (String table : TABLES) {
                jdbc.sql("delete from " + table + " where operator_id = :operatorId")
                        .param("operatorId", operatorId)
                        .update();
            }
            for (String statement : concat(RECOMPUTE, RECOMPUTE_GAPS)) {
                // The id is a long, inlined: CREATE TABLE AS takes no bind parameters.
                jdbc.sql(statement.replace(":operatorId", Long.toString(operatorId)))
                        .update();
            }
        });
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static final String DATED_FACTS = """
            (select f.*, coalesce(f.site_id, 0) as site, coalesce(f.enterprise_id, 0) as enterprise,
                    cast(f.occurred_at at time zone o.time_zone as date) as day
             from activity_fact f join operator o on o.id = f.operator_id
             where f.operator_id = :operatorId) f
            """;

    private static final List<String> RECOMPUTE = List.of(
            """
            insert into insight_member_day (operator_id, day, member_id, site_id, enterprise_id, ordered)
            select operator_id, day, member_id,
                   (array_agg(site order by occurred_at, id))[1], (array_agg(enterprise order by occurred_at, id))[1],
                   bool_or(kind = 'ORDER_PAID')
            from %s
            where member_id is not null and kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED', 'POINTS_EXPIRED')
            group by operator_id, day, member_id
            """.formatted(DATED_FACTS),
            """
            insert into insight_member_month (operator_id, month, member_id, site_id, enterprise_id)
            select operator_id, cast(date_trunc('month', day) as date), member_id,
                   (array_agg(site_id order by day))[1], (array_agg(enterprise_id order by day))[1]
            from insight_member_day
            where operator_id = :operatorId
            group by operator_id, cast(date_trunc('month', day) as date), member_id
            """,
            """
            create temporary table insight_counted on commit drop as
            select operator_id, day, site as site_id, enterprise as enterprise_id, kind, count(*) as facts,
                   sum(amount_minor) as amount_minor, sum(points) as points, coalesce(sum(stars), 0) as stars,
                   count(*) filter (where on_time) as on_time, count(on_time) as timed
            from %s
            group by operator_id, day, site, enterprise, kind
            union all
            select operator_id, day, site_id, enterprise_id, 'ACTIVE_DAY', count(*), 0, 0, 0, 0, 0
            from insight_member_day where operator_id = :operatorId
            group by operator_id, day, site_id, enterprise_id
            union all
            select operator_id, month, site_id, enterprise_id, 'ACTIVE_MONTH', count(*), 0, 0, 0, 0, 0
            from insight_member_month where operator_id = :operatorId
            group by operator_id, month, site_id, enterprise_id
            """.formatted(DATED_FACTS),
            """
            insert into insight_site_daily (operator_id, day, site_id, kind, facts, amount_minor, points, stars,
                                            on_time, timed)
            select operator_id, day, site_id, kind, sum(facts), sum(amount_minor), sum(points), sum(stars),
                   sum(on_time), sum(timed)
            from insight_counted where operator_id = :operatorId
            group by operator_id, day, site_id, kind
            """,
            """
            insert into insight_operator_daily (operator_id, day, kind, facts, amount_minor, points, stars, on_time,
                                                timed)
            select operator_id, day, kind, sum(facts), sum(amount_minor), sum(points), sum(stars), sum(on_time),
                   sum(timed)
            from insight_counted where operator_id = :operatorId
            group by operator_id, day, kind
            """,
            """
            insert into insight_enterprise_daily (operator_id, enterprise_id, day, site_id, kind, facts, amount_minor,
                                                  points, stars, on_time, timed)
            select operator_id, enterprise_id, day, site_id, kind, facts, amount_minor, points, stars, on_time, timed
            from insight_counted where operator_id = :operatorId and enterprise_id <> 0
            """,
            """
            insert into insight_offering_daily (operator_id, offering_id, day, site_id, kind, facts, amount_minor,
                                                stars)
            select operator_id, offering_id, day, site, kind, count(*), sum(amount_minor), coalesce(sum(stars), 0)
            from %s
            where offering_id is not null
            group by operator_id, offering_id, day, site, kind
            """.formatted(DATED_FACTS),
            """
            insert into insight_member_activity (operator_id, member_id, month, kind, category_id, facts,
                                                 amount_minor, points, stars, last_at)
            select operator_id, member_id, cast(date_trunc('month', day) as date), kind, coalesce(category_id, 0),
                   count(*), sum(amount_minor), sum(points), coalesce(sum(stars), 0), max(occurred_at)
            from %s
            where member_id is not null
            group by operator_id, member_id, cast(date_trunc('month', day) as date), kind, coalesce(category_id, 0)
            """.formatted(DATED_FACTS));

    /** The gaps of a member's days (see V41__insights_speed.sql), for the recompute. */
    private static final String GAPS = """
            select operator_id, site_id, day, 1 as members, 0 as orderers,
                   coalesce(day - lag(day) over (partition by member_id order by day), 0) as gap,
                   coalesce(day - lag(day) over (partition by member_id, site_id order by day), 0) as site_gap
            from insight_member_day where operator_id = :operatorId
            union all
            select operator_id, site_id, day, 0, 1,
                   coalesce(day - lag(day) over (partition by member_id order by day), 0),
                   coalesce(day - lag(day) over (partition by member_id, site_id order by day), 0)
            from insight_member_day where operator_id = :operatorId and ordered
            """;

    private static final List<String> RECOMPUTE_GAPS = List.of("""
            insert into insight_active_gap (operator_id, day, gap, members, orderers)
            select operator_id, day, gap, sum(members), sum(orderers)
            from (%s) g
            group by operator_id, day, gap
            """.formatted(GAPS), """
            insert into insight_site_active_gap (operator_id, site_id, day, gap, members, orderers)
            select operator_id, site_id, day, site_gap, sum(members), sum(orderers)
            from (%s) g
            group by operator_id, site_id, day, site_gap
            """.formatted(GAPS));

    /**
     * The change of the gaps for the members whose days this transaction changed: their gaps now (+1) and before
     * (-1: without the days inserted, and the days just marked ordered not yet ordered), summed per day and gap.
     */
    private static final String COUNT_GAPS = """
            with touched as (
                delete from insight_member_day_change
                returning operator_id, member_id, day, inserted
            ), members as (
                select distinct operator_id, member_id from touched
            ), state as (
                select d.operator_id, d.member_id, d.site_id, d.day, d.ordered, 1 as sign
                from members m
                join insight_member_day d on d.operator_id = m.operator_id and d.member_id = m.member_id
                union all
                select d.operator_id, d.member_id, d.site_id, d.day, d.ordered and t.day is null, -1
                from members m
                join insight_member_day d on d.operator_id = m.operator_id and d.member_id = m.member_id
                left join touched t on t.operator_id = d.operator_id and t.member_id = d.member_id and t.day = d.day
                where t.inserted is not true
            ), gaps as (
                select operator_id, site_id, day, sign, 1 as members, 0 as orderers,
                       coalesce(day - lag(day) over (partition by sign, operator_id, member_id order by day), 0) as gap,
                       coalesce(day - lag(day) over (partition by sign, operator_id, member_id, site_id order by day),
                                0) as site_gap
                from state
                union all
                select operator_id, site_id, day, sign, 0, 1,
                       coalesce(day - lag(day) over (partition by sign, operator_id, member_id order by day), 0),
                       coalesce(day - lag(day) over (partition by sign, operator_id, member_id, site_id order by day), 0)
                from state where ordered
            ), by_day as (
                insert into insight_active_gap as r (operator_id, day, gap, members, orderers)
                select operator_id, day, gap, sum(sign * members), sum(sign * orderers)
                from gaps
                group by operator_id, day, gap
                having sum(sign * members) <> 0 or sum(sign * orderers) <> 0
                order by operator_id, day, gap
                on conflict (operator_id, day, gap) do update
                    set members = r.members + excluded.members, orderers = r.orderers + excluded.orderers
            ), by_site as (
                insert into insight_site_active_gap as r (operator_id, site_id, day, gap, members, orderers)
                select operator_id, site_id, day, site_gap, sum(sign * members), sum(sign * orderers)
                from gaps
                group by operator_id, site_id, day, site_gap
                having sum(sign * members) <> 0 or sum(sign * orderers) <> 0
                order by operator_id, site_id, day, site_gap
                on conflict (operator_id, site_id, day, gap) do update
                    set members = r.members + excluded.members, orderers = r.orderers + excluded.orderers
            )
            select count(*) from touched
            """;

    /** Writes the facts among the inbox lines {@code moved} (recorded, not yet stored) into the fact store. */
    private static final String STORE = """
            insert into activity_fact (operator_id, kind, subject_id, member_id, enterprise_id, site_id,
                                           offering_id, category_id, provider_id, amount_minor, points, stars,
                                           on_time, occurred_at)
                select operator_id, kind, subject_id, member_id, enterprise_id, site_id, offering_id, category_id,
                       provider_id, amount_minor, points, stars, on_time, occurred_at
                from moved
                where pending_fact
                order by id
            """;

    /** Empties an operator's inbox before a rebuild, storing the facts it still holds (the rebuild counts them). */
    private static final String STORE_PENDING = """
            with moved as (
                delete from insight_fact_inbox where operator_id = :operatorId returning *
            )
            """ + STORE;

    private static final String ROLL_UP = """
            with moved as (
                delete from insight_fact_inbox
                where id in (select id from insight_fact_inbox order by id limit :batch for update skip locked)
                returning *
            ), stored as (
                %s
            ), dated as (
                select m.operator_id, m.kind, m.member_id, coalesce(m.site_id, 0) as site_id,
                       coalesce(m.enterprise_id, 0) as enterprise_id, m.offering_id, m.category_id, m.amount_minor,
                       m.points, m.stars, m.on_time, m.occurred_at,
                       cast(m.occurred_at at time zone o.time_zone as date) as day
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
                returning operator_id, day, member_id, site_id, enterprise_id, (xmax = 0) as inserted
            ), changes as (
                insert into insight_member_day_change (operator_id, member_id, day, inserted)
                select operator_id, member_id, day, inserted from new_days
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
                order by operator_id, day, site_id, kind
                on conflict (operator_id, day, site_id, kind) do update
                    set facts = r.facts + excluded.facts, amount_minor = r.amount_minor + excluded.amount_minor,
                        points = r.points + excluded.points, stars = r.stars + excluded.stars,
                        on_time = r.on_time + excluded.on_time, timed = r.timed + excluded.timed
            ), by_operator as (
                insert into insight_operator_daily as r (operator_id, day, kind, facts, amount_minor, points, stars,
                                                         on_time, timed)
                select operator_id, day, kind, sum(facts), sum(amount_minor), sum(points), sum(stars), sum(on_time),
                       sum(timed)
                from counted
                group by operator_id, day, kind
                order by operator_id, day, kind
                on conflict (operator_id, day, kind) do update
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
                order by operator_id, enterprise_id, day, kind, site_id
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
                order by operator_id, day, site_id, offering_id, kind
                on conflict (operator_id, day, site_id, offering_id, kind) do update
                    set facts = r.facts + excluded.facts, amount_minor = r.amount_minor + excluded.amount_minor,
                        stars = r.stars + excluded.stars
            ), by_member as (
                insert into insight_member_activity as r (operator_id, member_id, month, kind, category_id, facts,
                                                          amount_minor, points, stars, last_at)
                select operator_id, member_id, cast(date_trunc('month', day) as date), kind,
                       coalesce(category_id, 0), count(*), sum(amount_minor), sum(points), coalesce(sum(stars), 0),
                       max(occurred_at)
                from dated
                where member_id is not null
                group by operator_id, member_id, cast(date_trunc('month', day) as date), kind, coalesce(category_id, 0)
                order by 1, 2, 3, 4, 5
                on conflict (operator_id, member_id, month, kind, category_id) do update
                    set facts = r.facts + excluded.facts, amount_minor = r.amount_minor + excluded.amount_minor,
                        points = r.points + excluded.points, stars = r.stars + excluded.stars,
                        last_at = greatest(r.last_at, excluded.last_at)
            )
            select count(*) from moved
            """.formatted(STORE);
}
