package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.tenancy.Sites;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollups that make the dashboard fast on large histories (active-member gaps, registration counts) stay exact
 * however the facts and members arrive.
 */
@EnjoySpaceTest
class InsightsSpeedIT {

    static final LocalDate LAST_DAY = InsightsIT.LAST_DAY;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HistoryGenerator generator;

    @Autowired
    OperationsDashboard dashboard;

    @Autowired
    InsightRollups rollups;

    @Autowired
    FactRecorder recorder;

    @Autowired
    Sites sites;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void gapsKeptFromFactsArrivingInSmallBatchesInAnyOrderEqualARecompute() {
        long operatorId = GeneratedHistory.generate(generator, LAST_DAY).operatorId();
        Map<String, List<Map<String, Object>>> recomputed = gapTables(operatorId);
        for (String table : InsightRollups.TABLES) {
            jdbc.sql("delete from " + table + " where operator_id = ?")
                    .param(operatorId)
                    .update();
        }
        List<Long> factIds = new ArrayList<>(jdbc.sql("select id from activity_fact where operator_id = ?")
                .param(operatorId)
                .query(Long.class)
                .list());
        Collections.shuffle(factIds, new Random(41));
        // A member's days arrive out of order and a day often becomes an ordering day only in a later batch.
        for (int from = 0; from < factIds.size(); from += 150) {
            List<Long> chunk = factIds.subList(from, Math.min(factIds.size(), from + 150));
            jdbc.sql("""
                            insert into insight_fact_inbox (operator_id, kind, member_id, enterprise_id, site_id,
                                                            offering_id, category_id, amount_minor, points, stars,
                                                            on_time, occurred_at)
                            select operator_id, kind, member_id, enterprise_id, site_id, offering_id, category_id,
                                   amount_minor, points, stars, on_time, occurred_at
                            from activity_fact where operator_id = :operatorId and id in (:ids)
                            """).param("operatorId", operatorId).param("ids", chunk).update();
            rollups.rollUpBatch(97);
        }
        rollups.catchUp();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from insight_fact_inbox where operator_id = ?")
                                .param(operatorId)
                                .query(Long.class)
                                .single()
                        == 0);

        assertThat(gapTables(operatorId)).isEqualTo(recomputed);
        assertThat(recomputed.get("insight_site_active_gap")).hasSizeGreaterThan(50);
        assertThat(jdbc.sql("select count(*) from insight_member_day_change")
                        .query(Long.class)
                        .single())
                .as("the change list is emptied by each batch")
                .isZero();
    }

    private Map<String, List<Map<String, Object>>> gapTables(long operatorId) {
        return Map.of(
                "insight_active_gap",
                jdbc.sql("select * from insight_active_gap where operator_id = ? order by day, gap")
                        .param(operatorId)
                        .query()
                        .listOfRows(),
                "insight_site_active_gap",
                jdbc.sql("select * from insight_site_active_gap where operator_id = ? order by site_id, day, gap")
                        .param(operatorId)
                        .query()
                        .listOfRows(),
                "insight_member_day",
                jdbc.sql("select * from insight_member_day where operator_id = ? order by day, member_id")
                        .param(operatorId)
                        .query()
                        .listOfRows());
    }

    @Test
    void membersActiveOnlyThroughFactsStillInTheInboxAreCountedOnce() {
        long operatorId = GeneratedHistory.generate(generator, LAST_DAY).operatorId();
        LocalDate from = LAST_DAY.minusDays(29);
        ZoneId zone = ZoneId.of(jdbc.sql("select time_zone from operator where id = ?")
                .param(operatorId)
                .query(String.class)
                .single());
        long siteId = sites.list(operatorId).get(1).id();
        List<InsightFilter> filters = List.of(
                new InsightFilter(null, null, from, LAST_DAY),
                new InsightFilter(siteId, null, from, LAST_DAY),
                new InsightFilter(null, null, from.minusDays(60), LAST_DAY));

        transaction.executeWithoutResult(status -> {
            // Uncommitted, the facts stay in the inbox: the aggregator cannot take them.
            long idle = jdbc.sql("""
                            select min(m.id) from member m
                            where m.operator_id = :operatorId and m.site_id = :siteId
                              and not exists (select 1 from insight_member_day d
                                              where d.operator_id = m.operator_id and d.member_id = m.id
                                                and d.day between :from and :to)
                            """)
                    .param("operatorId", operatorId)
                    .param("siteId", siteId)
                    .param("from", from)
                    .param("to", LAST_DAY)
                    .query(Long.class)
                    .single();
            long browsing = jdbc.sql("""
                            select min(member_id) from (
                                select member_id from insight_member_day
                                where operator_id = :operatorId and day between :from and :to
                                group by member_id having not bool_or(ordered)) m
                            """)
                    .param("operatorId", operatorId)
                    .param("from", from)
                    .param("to", LAST_DAY)
                    .query(Long.class)
                    .single();
            InsightFigures before = dashboard.figures(operatorId, filters.get(0));
            java.time.Instant at =
                    LAST_DAY.minusDays(3).atTime(11, 0).atZone(zone).toInstant();
            recorder.recordAll(List.of(
                    Fact.of(operatorId, FactKind.RESERVATION_BOOKED, "speed-idle-1", at)
                            .member(idle),
                    Fact.of(operatorId, FactKind.ORDER_PAID, "speed-idle-2", at.plusSeconds(60))
                            .member(idle)
                            .amount(1_800),
                    Fact.of(operatorId, FactKind.ORDER_PAID, "speed-browsing", at)
                            .member(browsing)
                            .amount(2_500)));

            InsightFigures after = dashboard.figures(operatorId, filters.get(0));
            assertThat(after.activeMembers()).isEqualTo(before.activeMembers() + 1);
            assertThat(after.orderingMembers()).isEqualTo(before.orderingMembers() + 2);
            IndependentFigures independent = new IndependentFigures(jdbc, operatorId);
            for (InsightFilter filter : filters) {
                InsightFigures figures = dashboard.figures(operatorId, filter);
                InsightFigures expected = independent.figures(filter);
                assertThat(figures.activeMembers()).as(filter.toString()).isEqualTo(expected.activeMembers());
                assertThat(figures.orderingMembers()).as(filter.toString()).isEqualTo(expected.orderingMembers());
                assertThat(figures.orders()).as(filter.toString()).isEqualTo(expected.orders());
            }
            status.setRollbackOnly();
        });
    }

    @Test
    void registrationCountsFollowEveryInsertUpdateAndDeleteOfMembers() {
        long operatorId = GeneratedHistory.generate(generator, LAST_DAY).operatorId();
        List<Long> siteIds =
                sites.list(operatorId).stream().map(site -> site.id()).toList();
        List<Long> enterpriseIds = jdbc.sql("select id from enterprise where operator_id = ? order by id")
                .param(operatorId)
                .query(Long.class)
                .list();

        transaction.executeWithoutResult(status -> {
            assertThat(registrationCounts(operatorId)).isEqualTo(memberCounts(operatorId));
            List<Long> added = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                added.add(jdbc.sql("""
                                insert into member (operator_id, site_id, enterprise_id, name, mobile, registered_on)
                                values (?, ?, ?, ?, ?, ?) returning id
                                """)
                        .params(
                                operatorId,
                                siteIds.get(i % 2),
                                i == 2 ? null : enterpriseIds.get(i),
                                "Speed " + i,
                                "1820" + System.nanoTime() % 10_000_000L + i,
                                Date.valueOf(LAST_DAY.minusMonths(i * 2L)))
                        .query(Long.class)
                        .single());
            }
            jdbc.sql("update member set enterprise_id = ?, site_id = ?, registered_on = ? where id = ?")
                    .params(enterpriseIds.get(2), siteIds.get(1), Date.valueOf(LAST_DAY.minusDays(40)), added.get(0))
                    .update();
            jdbc.sql("update member set name = 'Renamed' where operator_id = ?")
                    .param(operatorId)
                    .update();
            jdbc.sql("update member set enterprise_id = null where id = ?")
                    .param(added.get(1))
                    .update();
            jdbc.sql("delete from member where id = ?").param(added.get(2)).update();

            assertThat(registrationCounts(operatorId)).isEqualTo(memberCounts(operatorId));
            IndependentFigures independent = new IndependentFigures(jdbc, operatorId);
            for (InsightFilter filter : List.of(
                    new InsightFilter(null, null, LAST_DAY.minusDays(29), LAST_DAY),
                    new InsightFilter(siteIds.get(1), null, LAST_DAY.minusDays(29), LAST_DAY),
                    new InsightFilter(null, enterpriseIds.get(2), LAST_DAY.minusDays(89), LAST_DAY.minusDays(20)))) {
                InsightFigures figures = dashboard.figures(operatorId, filter);
                InsightFigures expected = independent.figures(filter);
                assertThat(figures.registeredMembers()).as(filter.toString()).isEqualTo(expected.registeredMembers());
                assertThat(figures.registrationRate()).as(filter.toString()).isEqualTo(expected.registrationRate());
                assertThat(figures.serviceUsageRate()).as(filter.toString()).isEqualTo(expected.serviceUsageRate());
            }
            status.setRollbackOnly();
        });
    }

    private List<Map<String, Object>> registrationCounts(long operatorId) {
        return jdbc.sql("""
                        select month, site_id, enterprise_id, cast(sum(members) as bigint) as members from insight_registered
                        where operator_id = ? group by month, site_id, enterprise_id having sum(members) <> 0
                        order by month, site_id, enterprise_id
                        """).param(operatorId).query().listOfRows();
    }

    private List<Map<String, Object>> memberCounts(long operatorId) {
        return jdbc.sql("""
                        select cast(date_trunc('month', registered_on) as date) as month, site_id,
                               coalesce(enterprise_id, 0) as enterprise_id, count(*) as members
                        from member where operator_id = ? group by 1, 2, 3 order by 1, 2, 3
                        """).param(operatorId).query().listOfRows();
    }
}
