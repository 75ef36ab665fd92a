package io.enjoyspace.insights;

import java.sql.Timestamp;
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
 * Writes activity facts: the idempotency key, the fact in its month's partition and a line in the rollup inbox, all in
 * one statement. A fact whose key was recorded before changes nothing, so a redelivered event is harmless. Site,
 * enterprise and category left out are filled in from the member, the enterprise and the offering.
 */
@Component
class FactRecorder {

    /** Rows per statement; PostgreSQL takes at most 65535 parameters in one. */
    static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final FactPartitions partitions;

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
        Map<String, Fact> unique = new LinkedHashMap<>();
        List<Fact> views = new ArrayList<>();
        for (Fact fact : facts) {
            if (fact.kind().isView()) {
                views.add(fact);
            } else {
                unique.putIfAbsent(fact.operatorId() + "/" + fact.kind() + "/" + fact.subjectId(), fact);
            }
        }
        List<Fact> all = new ArrayList<>(unique.values());
        all.addAll(views);
        all.stream()
                .map(fact -> YearMonth.from(fact.occurredAt().atZone(ZoneOffset.UTC)))
                .distinct()
                .forEach(partitions::ensure);
        int recorded = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            recorded += insert(all.subList(from, Math.min(all.size(), from + BATCH)));
        }
        return recorded;
    }

    private int insert(List<Fact> facts) {
        StringBuilder rows = new StringBuilder();
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < facts.size(); i++) {
            Fact fact = facts.get(i);
            rows.append(i == 0 ? "" : ",\n")
                    .append(
                            ("(cast(:o%1$d as bigint), cast(:k%1$d as text), cast(:s%1$d as text), cast(:m%1$d as bigint),"
                                            + " cast(:e%1$d as bigint), cast(:si%1$d as bigint), cast(:of%1$d as bigint),"
                                            + " cast(:c%1$d as bigint), cast(:p%1$d as bigint), cast(:a%1$d as bigint),"
                                            + " cast(:pt%1$d as bigint), cast(:st%1$d as smallint), cast(:t%1$d as boolean),"
                                            + " cast(:at%1$d as timestamptz), cast(:kd%1$d as boolean))")
                                    .formatted(i));
            values.put("o" + i, fact.operatorId());
            values.put("k" + i, fact.kind().name());
            values.put("s" + i, fact.subjectId());
            values.put("m" + i, fact.memberId());
            values.put("e" + i, fact.enterpriseId());
            values.put("si" + i, fact.siteId());
            values.put("of" + i, fact.offeringId());
            values.put("c" + i, fact.categoryId());
            values.put("p" + i, fact.providerId());
            values.put("a" + i, fact.amountMinor());
            values.put("pt" + i, fact.points());
            values.put("st" + i, fact.stars());
            values.put("t" + i, fact.onTime());
            values.put("at" + i, Timestamp.from(fact.occurredAt()));
            values.put("kd" + i, !fact.kind().isView());
        }
        return jdbc.sql("""
                        with input (operator_id, kind, subject_id, member_id, enterprise_id, site_id, offering_id,
                                    category_id, provider_id, amount_minor, points, stars, on_time, occurred_at, keyed) as (
                            values %s
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
                        ), fact as (
                            insert into activity_fact (operator_id, kind, subject_id, member_id, enterprise_id, site_id,
                                                       offering_id, category_id, provider_id, amount_minor, points,
                                                       stars, on_time, occurred_at)
                            select c.operator_id, c.kind, c.subject_id, c.member_id,
                                   coalesce(c.enterprise_id, m.enterprise_id),
                                   coalesce(c.site_id, e.site_id, m.site_id),
                                   c.offering_id, coalesce(c.category_id, o.category_id), c.provider_id,
                                   c.amount_minor, c.points, c.stars, c.on_time, c.occurred_at
                            from chosen c
                            left join member m on m.operator_id = c.operator_id and m.id = c.member_id
                            left join enterprise e on e.operator_id = c.operator_id
                                                  and e.id = coalesce(c.enterprise_id, m.enterprise_id)
                            left join offering o on o.operator_id = c.operator_id and o.id = c.offering_id
                            returning operator_id, kind, member_id, enterprise_id, site_id, offering_id, category_id,
                                      amount_minor, points, stars, on_time, occurred_at
                        )
                        insert into insight_fact_inbox (operator_id, kind, member_id, enterprise_id, site_id,
                                                        offering_id, category_id, amount_minor, points, stars, on_time,
                                                        occurred_at)
                        select operator_id, kind, member_id, enterprise_id, site_id, offering_id, category_id,
                               amount_minor, points, stars, on_time, occurred_at
                        from fact
                        """.formatted(rows)).params(values).update();
    }
}
