package io.enjoyspace.insights;

import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes member scores and tags with set-based SQL, one operator at a time, in one transaction (readers see the old
 * tags until it commits). Scores: orders and spend of the last twelve months (the current month and the eleven before
 * it) from the member activity rollup, days since the last paid order, active days in the last 30 days. R, F and M
 * are 1 to 5: one plus the number of the operator's quintile cut points (the 20th, 40th, 60th and 80th percentile of
 * its buyers) the value passes, so ties score alike; recency counts the other way. The full run refreshes the cut
 * points nightly; the incremental run, every minute, scores the members whose activity, lifecycle stage or
 * registration changed since its last run against the stored cut points with the same SQL restricted to them.
 *
 * <p>RFM segment (R, F): CHAMPIONS R and F at least 4; LOYAL R and F at least 3; NEW R at least 4, F 1; POTENTIAL R
 * at least 3; AT_RISK F at least 3; HIBERNATING otherwise; LOST a buyer before but not in twelve months; none for a
 * member who never paid. Activity level: HIGH at least 8 active days in 30, MEDIUM 3 to 7, LOW 1 to 2, NONE 0
 * (enjoyspace.insights.tags.activity-high-days, activity-medium-days). Spending power from M: TOP 5, HIGH 4, MEDIUM
 * 3, LOW 1 and 2, NONE no spend.
 */
@Component
public class TagComputation {

    private static final Logger log = LoggerFactory.getLogger(TagComputation.class);

    /** Above this many changed members the incremental run computes everything instead. */
    static final int INCREMENTAL_LIMIT = 50_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Operators operators;
    private final TagRules rules;
    private final Segments segments;
    private final Clock clock;
    private final int highDays;
    private final int mediumDays;
    private final Duration overlap;

    TagComputation(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Operators operators,
            TagRules rules,
            Segments segments,
            Clock clock,
            @Value("${enjoyspace.insights.tags.activity-high-days:8}") int highDays,
            @Value("${enjoyspace.insights.tags.activity-medium-days:3}") int mediumDays,
            @Value("${enjoyspace.insights.tags.incremental-overlap:PT5M}") Duration overlap) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.operators = operators;
        this.rules = rules;
        this.segments = segments;
        this.clock = clock;
        this.highDays = highDays;
        this.mediumDays = mediumDays;
        this.overlap = overlap;
    }

    /** What a run did: how many members it computed, and in how many milliseconds. */
    public record Run(long operatorId, boolean full, long members, long millis) {}

    @Scheduled(cron = "${enjoyspace.insights.tags.nightly-cron:0 40 2 * * *}")
    void nightly() {
        for (Operator operator : operators.all()) {
            Run run = recomputeAll(operator.id());
            log.info("Tags of operator {}: {} members in {} ms", operator.code(), run.members(), run.millis());
        }
    }

    @Scheduled(
            initialDelayString = "${enjoyspace.insights.tags.incremental-initial-delay:PT1M}",
            fixedDelayString = "${enjoyspace.insights.tags.incremental-interval:PT1M}")
    void frequently() {
        for (Operator operator : operators.all()) {
            recomputeChanged(operator.id());
        }
    }

    /** Recomputes every member's scores and tags, the cut points and every segment's size. */
    public Run recomputeAll(long operatorId) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Long members = transaction.execute(status -> {
            TransactionLocks.lock(jdbc, "insight-tags|" + operatorId);
            Context context = context(operatorId, now);
            long count = fillBase(context, null);
            computeCutoffs(context);
            compute(context, true);
            markRun(operatorId, now, true);
            return count;
        });
        segments.recount(operatorId);
        return new Run(operatorId, true, members == null ? 0 : members, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Recomputes the members whose activity, lifecycle stage or registration changed since the last run (less an
     * overlap, for facts rolled up late); the first run of an operator computes everything.
     */
    public Run recomputeChanged(long operatorId) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Instant since = jdbc.sql("select coalesce(incremental_at, full_at) from insight_tag_run where operator_id = ?")
                .param(operatorId)
                .query(java.sql.Timestamp.class)
                .optional()
                .map(java.sql.Timestamp::toInstant)
                .orElse(null);
        boolean hasCutoffs = jdbc.sql("select count(*) from insight_rfm_cutoff where operator_id = ?")
                        .param(operatorId)
                        .query(Long.class)
                        .single()
                > 0;
        if (since == null || !hasCutoffs) {
            return recomputeAll(operatorId);
        }
        Instant from = since.minus(overlap);
        ZoneId zone = operators.get(operatorId).timeZone();
        LocalDate fromMonth = from.atZone(zone).toLocalDate().withDayOfMonth(1);
        List<Long> changed = jdbc.sql("""
                        select member_id from insight_member_activity
                        where operator_id = :operatorId and month >= :fromMonth and last_at >= :from
                        union
                        select member_id from lifecycle_member
                        where operator_id = :operatorId and stage_entered_at >= :from
                        union
                        select id from member where operator_id = :operatorId and created_at >= :from
                        """)
                .param("operatorId", operatorId)
                .param("fromMonth", fromMonth)
                .param("from", java.sql.Timestamp.from(from))
                .query(Long.class)
                .list();
        if (changed.size() > INCREMENTAL_LIMIT) {
            return recomputeAll(operatorId);
        }
        if (!changed.isEmpty()) {
            recomputeMembers(operatorId, changed);
        }
        markRun(operatorId, now, false);
        return new Run(operatorId, false, changed.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Recomputes the given members' scores and tags against the stored cut points (the incremental run's work). */
    void recomputeMembers(long operatorId, List<Long> memberIds) {
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            TransactionLocks.lock(jdbc, "insight-tags|" + operatorId);
            Context context = context(operatorId, now);
            fillBase(context, memberIds);
            compute(context, false);
        });
    }

    /** Gives a new or changed rule's tag to its members now, without waiting for the next run. */
    public void applyRule(long operatorId, TagRules.TagRule rule) {
        SegmentQuery.Compiled compiled = SegmentQuery.compileRule(rule.definition(), "");
        transaction.executeWithoutResult(status -> {
            TransactionLocks.lock(jdbc, "insight-tags|" + operatorId);
            Context context = context(operatorId, clock.instant());
            sql(
                            "delete from member_tag where operator_id = :operatorId and tag = :ruleTag and source = 'RULE'",
                            context)
                    .param("ruleTag", rule.tag())
                    .update();
            sql("""
                            insert into member_tag (operator_id, member_id, tag, source, label, tagged_at)
                            select :operatorId, m.id, :ruleTag, 'RULE', :ruleName, :now
                            from member m
                            left join insight_member_score s on s.operator_id = m.operator_id and s.member_id = m.id
                            where m.operator_id = :operatorId and %s
                            """.formatted(compiled.where()), context)
                    .param("ruleTag", rule.tag())
                    .param("ruleName", rule.name())
                    .params(compiled.params())
                    .update();
        });
    }

    private record Context(long operatorId, Instant now, LocalDate today, LocalDate currentMonth, String zone) {}

    private Context context(long operatorId, Instant now) {
        ZoneId zone = operators.get(operatorId).timeZone();
        LocalDate today = now.atZone(zone).toLocalDate();
        return new Context(operatorId, now, today, today.withDayOfMonth(1), zone.getId());
    }

    private JdbcClient.StatementSpec sql(String sql, Context context) {
        return jdbc.sql(sql)
                .param("operatorId", context.operatorId())
                .param("today", context.today())
                .param("currentMonth", context.currentMonth())
                .param("zone", context.zone())
                .param("now", java.sql.Timestamp.from(context.now()))
                .param("highDays", highDays)
                .param("mediumDays", mediumDays);
    }

    private long fillBase(Context context, List<Long> memberIds) {
        jdbc.sql("set local work_mem = '256MB'").update();
        jdbc.sql("""
                        create temporary table if not exists tag_base (
                            member_id bigint primary key, registered_on date not null, enterprise_id bigint,
                            orders_12m bigint not null, spend_12m_minor bigint not null, last_paid_at timestamptz,
                            last_activity_at timestamptz, active_days_30 integer not null
                        ) on commit drop""").update();
        jdbc.sql("create temporary table if not exists tag_new (member_id bigint not null, tag text not null,"
                        + " source text not null, label text) on commit drop")
                .update();
        String only = memberIds == null ? "" : " and member_id = any(cast(:memberIds as bigint[]))";
        JdbcClient.StatementSpec insert = sql(
                """
                insert into tag_base
                select m.id, m.registered_on, m.enterprise_id, coalesce(a.orders, 0), coalesce(a.spend, 0),
                       a.last_paid_at, a.last_activity_at, coalesce(d.days, 0)
                from member m
                left join (select member_id,
                                  sum(facts) filter (where kind = 'ORDER_PAID' and %2$s) as orders,
                                  sum(amount_minor) filter (where kind = 'ORDER_PAID' and %2$s) as spend,
                                  max(last_at) filter (where kind = 'ORDER_PAID') as last_paid_at,
                                  max(last_at) filter (where kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED',
                                                                          'POINTS_EXPIRED')) as last_activity_at
                           from insight_member_activity
                           where operator_id = :operatorId %1$s
                           group by member_id) a on a.member_id = m.id
                left join (select member_id, count(*) as days from insight_member_day
                           where operator_id = :operatorId and day > cast(:today as date) - 30
                             and day <= cast(:today as date) %1$s
                           group by member_id) d on d.member_id = m.id
                where m.operator_id = :operatorId %3$s
                """.formatted(
                                only,
                                "month > cast(:currentMonth as date) - interval '12 months'",
                                memberIds == null ? "" : " and m.id = any(cast(:memberIds as bigint[]))"),
                context);
        if (memberIds != null) {
            // Ids are longs, so the array literal is plain digits and commas.
            insert = insert.param(
                    "memberIds",
                    "{" + memberIds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                            + "}");
        }
        long count = insert.update();
        jdbc.sql("analyze tag_base").update();
        return count;
    }

    private void computeCutoffs(Context context) {
        int updated = sql("""
                        insert into insight_rfm_cutoff (operator_id, recency_days, orders, spend_minor, computed_at)
                        select :operatorId,
                               percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (
                                   order by cast(:today as date) - cast(last_paid_at at time zone :zone as date)),
                               percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by orders_12m),
                               percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by spend_12m_minor),
                               :now
                        from tag_base where orders_12m > 0
                        having count(*) > 0
                        on conflict (operator_id) do update
                            set recency_days = excluded.recency_days, orders = excluded.orders,
                                spend_minor = excluded.spend_minor, computed_at = excluded.computed_at
                        """, context).update();
        if (updated == 0) {
            // No buyers: scores stay empty, and the cut points of the first buyers come with the next full run.
            sql("delete from insight_rfm_cutoff where operator_id = :operatorId", context)
                    .update();
            sql("""
                            insert into insight_rfm_cutoff (operator_id, recency_days, orders, spend_minor, computed_at)
                            values (:operatorId, '{0,0,0,0}', '{0,0,0,0}', '{0,0,0,0}', :now)
                            """, context).update();
        }
    }

    private static final String SCORES = """
            select b.member_id, b.orders_12m, b.spend_12m_minor, b.last_paid_at, b.last_activity_at, b.active_days_30,
                   b.recency_days, r, f, mo,
                   case when b.orders_12m > 0 then
                            case when r >= 4 and f >= 4 then 'CHAMPIONS'
                                 when r >= 3 and f >= 3 then 'LOYAL'
                                 when r >= 4 and f = 1 then 'NEW'
                                 when r >= 3 then 'POTENTIAL'
                                 when f >= 3 then 'AT_RISK'
                                 else 'HIBERNATING' end
                        when b.last_paid_at is not null then 'LOST' end as rfm_segment,
                   case when b.active_days_30 >= :highDays then 'HIGH' when b.active_days_30 >= :mediumDays then 'MEDIUM'
                        when b.active_days_30 >= 1 then 'LOW' else 'NONE' end as activity_level,
                   case when b.spend_12m_minor <= 0 or mo is null then 'NONE' when mo = 5 then 'TOP'
                        when mo = 4 then 'HIGH' when mo = 3 then 'MEDIUM' else 'LOW' end as spending_power
            from (select b.*, d.recency_days,
                         case when b.orders_12m > 0 then
                             5 - (d.recency_days > c.recency_days[1])::int - (d.recency_days > c.recency_days[2])::int
                               - (d.recency_days > c.recency_days[3])::int - (d.recency_days > c.recency_days[4])::int
                         end as r,
                         case when b.orders_12m > 0 then
                             1 + (b.orders_12m > c.orders[1])::int + (b.orders_12m > c.orders[2])::int
                               + (b.orders_12m > c.orders[3])::int + (b.orders_12m > c.orders[4])::int
                         end as f,
                         case when b.orders_12m > 0 then
                             1 + (b.spend_12m_minor > c.spend_minor[1])::int + (b.spend_12m_minor > c.spend_minor[2])::int
                               + (b.spend_12m_minor > c.spend_minor[3])::int + (b.spend_12m_minor > c.spend_minor[4])::int
                         end as mo
                  from tag_base b
                  cross join lateral (select case when b.orders_12m > 0 then cast(:today as date)
                                          - cast(b.last_paid_at at time zone :zone as date) end as recency_days) d
                  join insight_rfm_cutoff c on c.operator_id = :operatorId) b
            """;

    private void compute(Context context, boolean full) {
        jdbc.sql("""
                        create temporary table if not exists tag_scored (
                            member_id bigint primary key, orders_12m bigint not null, spend_12m_minor bigint not null,
                            last_paid_at timestamptz, last_activity_at timestamptz, recency_days integer,
                            active_days_30 integer not null, r integer, f integer, mo integer, rfm_segment text,
                            activity_level text not null, spending_power text not null
                        ) on commit drop""").update();
        jdbc.sql("truncate tag_scored").update();
        sql("""
                        insert into tag_scored
                        select member_id, orders_12m, spend_12m_minor, last_paid_at, last_activity_at, recency_days,
                               active_days_30, r, f, mo, rfm_segment, activity_level, spending_power
                        from (%s) scored
                        """.formatted(SCORES), context).update();
        jdbc.sql("analyze tag_scored").update();
        // Only rows that changed are rewritten (ON CONFLICT, not an anti-join: see the tags below).
        sql("""
                        insert into insight_member_score as s (operator_id, member_id, orders_12m, spend_12m_minor,
                            last_paid_at, last_activity_at, recency_days, active_days_30, recency_score,
                            frequency_score, monetary_score, rfm_segment, activity_level, spending_power, computed_at)
                        select :operatorId, c.member_id, c.orders_12m, c.spend_12m_minor, c.last_paid_at,
                               c.last_activity_at, c.recency_days, c.active_days_30, c.r, c.f, c.mo, c.rfm_segment,
                               c.activity_level, c.spending_power, :now
                        from tag_scored c
                        on conflict (operator_id, member_id) do update
                            set orders_12m = excluded.orders_12m, spend_12m_minor = excluded.spend_12m_minor,
                                last_paid_at = excluded.last_paid_at, last_activity_at = excluded.last_activity_at,
                                recency_days = excluded.recency_days, active_days_30 = excluded.active_days_30,
                                recency_score = excluded.recency_score, frequency_score = excluded.frequency_score,
                                monetary_score = excluded.monetary_score, rfm_segment = excluded.rfm_segment,
                                activity_level = excluded.activity_level, spending_power = excluded.spending_power,
                                computed_at = excluded.computed_at
                            where (s.orders_12m, s.spend_12m_minor, s.last_paid_at, s.last_activity_at,
                                   s.recency_days, s.active_days_30, s.recency_score, s.frequency_score,
                                   s.monetary_score, s.rfm_segment, s.activity_level, s.spending_power)
                                  is distinct from
                                  (excluded.orders_12m, excluded.spend_12m_minor, excluded.last_paid_at,
                                   excluded.last_activity_at, excluded.recency_days, excluded.active_days_30,
                                   excluded.recency_score, excluded.frequency_score, excluded.monetary_score,
                                   excluded.rfm_segment, excluded.activity_level, excluded.spending_power)
                        """, context).update();
        jdbc.sql("truncate tag_new").update();
        sql("""
                        insert into tag_new (member_id, tag, source, label)
                        select c.member_id, v.tag, 'SYSTEM', null
                        from tag_scored c
                        cross join lateral (values ('activity:' || lower(c.activity_level)),
                                                   ('spending:' || lower(c.spending_power)),
                                                   ('rfm:' || lower(c.rfm_segment))) v (tag)
                        where v.tag is not null
                        union all
                        select l.member_id, 'lifecycle:' || lower(l.stage), 'SYSTEM', null
                        from lifecycle_member l join tag_base b on b.member_id = l.member_id
                        where l.operator_id = :operatorId and l.stage is not null
                        union all
                        select b.member_id, 'size:' || %s, 'SYSTEM', null
                        from tag_base b join enterprise e on e.operator_id = :operatorId and e.id = b.enterprise_id
                        union all
                        select b.member_id, 'industry:' || e.industry, 'SYSTEM', e.industry
                        from tag_base b join enterprise e on e.operator_id = :operatorId and e.id = b.enterprise_id
                        union all
                        select i.member_id, 'category:' || i.category_id, 'SYSTEM', c.name
                        from (select i.member_id, i.category_id,
                                     row_number() over (partition by i.member_id
                                                        order by i.score desc, i.category_id) as place
                              from (%s and a.member_id in (select member_id from tag_base)
                                    group by a.operator_id, a.member_id, a.category_id) i
                              where i.score > 0) i
                        join service_category c on c.operator_id = :operatorId and c.id = i.category_id
                        where i.place <= 3
                        """.formatted(SegmentQuery.SIZE_BAND, MemberInterests.SCORES), context)
                .update();
        for (TagRules.TagRule rule : rules.list(context.operatorId())) {
            SegmentQuery.Compiled compiled = SegmentQuery.compileRule(rule.definition(), "");
            sql("""
                            insert into tag_new (member_id, tag, source, label)
                            select m.id, :ruleTag, 'RULE', :ruleName
                            from member m join tag_base b on b.member_id = m.id
                            left join insight_member_score s on s.operator_id = m.operator_id and s.member_id = m.id
                            where m.operator_id = :operatorId and %s
                            """.formatted(compiled.where()), context)
                    .param("ruleTag", rule.tag())
                    .param("ruleName", rule.name())
                    .params(compiled.params())
                    .update();
        }
        jdbc.sql("analyze tag_new").update();
        if (full) {
            // Fresh statistics, so that the swap below joins by hash even right after a bulk change.
            jdbc.sql("analyze member_tag").update();
        }
        // Swap in: drop what no longer holds, add what is new, relabel what was renamed; unchanged tags stay put.
        sql("""
                        delete from member_tag t
                        where t.operator_id = :operatorId and t.source in ('SYSTEM', 'RULE')
                          and t.member_id in (select member_id from tag_base)
                          and not exists (select 1 from tag_new n where n.member_id = t.member_id and n.tag = t.tag)
                        """, context).update();
        // ON CONFLICT rather than an anti-join against member_tag: when the table was (believed) empty, the planner
        // nests a scan of it per row while this very statement fills it, which grows quadratically.
        sql("""
                        insert into member_tag as t (operator_id, member_id, tag, source, label, tagged_at)
                        select :operatorId, n.member_id, n.tag, n.source, n.label, :now
                        from tag_new n
                        on conflict (operator_id, member_id, tag) do update set label = excluded.label
                            where t.source <> 'MANUAL' and t.label is distinct from excluded.label
                        """, context).update();
    }

    private void markRun(long operatorId, Instant now, boolean full) {
        jdbc.sql("""
                        insert into insight_tag_run (operator_id, full_at, incremental_at)
                        values (:operatorId, case when :full then cast(:now as timestamptz) end, :now)
                        on conflict (operator_id) do update
                            set full_at = case when :full then excluded.incremental_at else insight_tag_run.full_at end,
                                incremental_at = excluded.incremental_at
                        """)
                .param("operatorId", operatorId)
                .param("now", java.sql.Timestamp.from(now))
                .param("full", full)
                .update();
    }
}
