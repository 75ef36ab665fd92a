package io.enjoyspace.insights;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records activity facts: the idempotency key and the fact's line in the rollup inbox, in one statement. A fact whose
 * key was recorded before changes nothing, so a redelivered event is harmless. Site, enterprise and category left out
 * are filled in from the member, the enterprise and the offering. The aggregator ({@link InsightRollups}) moves the
 * line into the fact store (its month's partition of {@code activity_fact}) and the rollups about a second later;
 * {@code activity_fact_current} shows both.
 */
@Component
class FactRecorder {

    /** Rows per statement; PostgreSQL takes at most 65535 parameters in one. */
    static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final FactPartitions partitions;
    private volatile boolean paused;

    FactRecorder(JdbcClient jdbc, FactPartitions partitions) {
        this.jdbc = jdbc;
        this.partitions = partitions;
    }

    /** Records one fact; false if its key was recorded before. */
    boolean record(Fact fact) {
        return recordAll(List.of(fact)) == 1;
    }

    /** Records the facts, the first of each key only; answers how many were new. */
    int recordAll(List<Fact> facts) {
        return recordAll(facts, true);
    }

    /**
     * Records facts that need no idempotency key: their subjects are unique (a points transaction's id) and they are
     * recorded in the very transaction that created the subject, so they cannot arrive twice. The earning path, whose
     * facts these are, is spared the key's insert.
     */
    int recordUnkeyed(List<Fact> facts) {
        return recordAll(facts, false);
    }

    /**
     * Pauses or resumes recording (facts arriving meanwhile are dropped). Only the benchmark's switch
     * ({@link FactRecordingBenchSwitch}) calls it, to compare earning with and without facts in one running app.
     */
    void pause(boolean paused) {
        this.paused = paused;
    }

    boolean paused() {
        return paused;
    }

    private int recordAll(List<Fact> facts, boolean keyed) {
        if (paused) {
            return 0;
        }
        // Keyed facts once per key; views (never keyed) and unkeyed facts as they come.
        Map<String, Fact> unique = new LinkedHashMap<>();
        List<Fact> unkeyed = new ArrayList<>();
        for (Fact fact : facts) {
            if (!keyed || fact.kind().isView()) {
                unkeyed.add(fact);
            } else {
                unique.putIfAbsent(fact.operatorId() + "/" + fact.kind() + "/" + fact.subjectId(), fact);
            }
        }
        List<Fact> all = new ArrayList<>(unique.values());
        all.addAll(unkeyed);
        all.stream()
                .map(fact -> YearMonth.from(fact.occurredAt().atZone(ZoneOffset.UTC)))
                .distinct()
                .forEach(partitions::ensure);
        int recorded = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            recorded += insert(all.subList(from, Math.min(all.size(), from + BATCH)), keyed);
        }
        return recorded;
    }

    /**
     * Records the facts in one statement. The rows travel as one array per column, so the statement's text is the same
     * for any number of facts: prepared once per connection, instead of parsed and planned for every batch size.
     */
    private int insert(List<Fact> facts, boolean keyedFacts) {
        int count = facts.size();
        Long[] operators = new Long[count];
        String[] kinds = new String[count];
        String[] subjects = new String[count];
        Long[] members = new Long[count];
        Long[] enterprises = new Long[count];
        Long[] sites = new Long[count];
        Long[] offerings = new Long[count];
        Long[] categories = new Long[count];
        Long[] providers = new Long[count];
        Long[] amounts = new Long[count];
        Long[] points = new Long[count];
        Integer[] stars = new Integer[count];
        Boolean[] onTime = new Boolean[count];
        String[] occurredAt = new String[count];
        Boolean[] keyed = new Boolean[count];
        for (int i = 0; i < count; i++) {
            Fact fact = facts.get(i);
            operators[i] = fact.operatorId();
            kinds[i] = fact.kind().name();
            subjects[i] = fact.subjectId();
            members[i] = fact.memberId();
            enterprises[i] = fact.enterpriseId();
            sites[i] = fact.siteId();
            offerings[i] = fact.offeringId();
            categories[i] = fact.categoryId();
            providers[i] = fact.providerId();
            amounts[i] = fact.amountMinor();
            points[i] = fact.points();
            stars[i] = fact.stars();
            onTime[i] = fact.onTime();
            occurredAt[i] = fact.occurredAt().toString();
            keyed[i] = keyedFacts && !fact.kind().isView();
        }
        Map<String, Object> values = new HashMap<>();
        values.put("o", operators);
        values.put("k", kinds);
        values.put("s", subjects);
        values.put("m", members);
        values.put("e", enterprises);
        values.put("si", sites);
        values.put("of", offerings);
        values.put("c", categories);
        values.put("p", providers);
        values.put("a", amounts);
        values.put("pt", points);
        values.put("st", stars);
        values.put("t", onTime);
        values.put("at", occurredAt);
        values.put("kd", keyed);
        return jdbc.sql("""
                        with input (operator_id, kind, subject_id, member_id, enterprise_id, site_id, offering_id,
                                    category_id, provider_id, amount_minor, points, stars, on_time, occurred_at, keyed) as (
                            select * from unnest(
                                cast(:o as bigint[]), cast(:k as text[]), cast(:s as text[]), cast(:m as bigint[]),
                                cast(:e as bigint[]), cast(:si as bigint[]), cast(:of as bigint[]), cast(:c as bigint[]),
                                cast(:p as bigint[]), cast(:a as bigint[]), cast(:pt as bigint[]), cast(:st as smallint[]),
                                cast(:t as boolean[]), cast(:at as timestamptz[]), cast(:kd as boolean[]))
                        ), fresh as (
                            insert into activity_fact_key (operator_id, kind, subject_id, occurred_at)
                            select operator_id, kind, subject_id, occurred_at from input where keyed
                            on conflict do nothing
                            returning operator_id, kind, subject_id
                        ), chosen as (
                            select i.* from input i
                            where not i.keyed
                               or exists (select 1 from fresh f
                                          where f.operator_id = i.operator_id and f.kind = i.kind
                                            and f.subject_id = i.subject_id)
                        )
                        insert into insight_fact_inbox (operator_id, kind, subject_id, member_id, enterprise_id, site_id,
                                                        offering_id, category_id, provider_id, amount_minor, points,
                                                        stars, on_time, occurred_at, pending_fact)
                        select c.operator_id, c.kind, c.subject_id, c.member_id,
                               coalesce(c.enterprise_id, m.enterprise_id),
                               coalesce(c.site_id, e.site_id, m.site_id),
                               c.offering_id, coalesce(c.category_id, o.category_id), c.provider_id,
                               c.amount_minor, c.points, c.stars, c.on_time, c.occurred_at, true
                        from chosen c
                        left join member m on m.operator_id = c.operator_id and m.id = c.member_id
                        left join enterprise e on e.operator_id = c.operator_id
                                              and e.id = coalesce(c.enterprise_id, m.enterprise_id)
                        left join offering o on o.operator_id = c.operator_id and o.id = c.offering_id
                        """).params(values).update();
    }
}
