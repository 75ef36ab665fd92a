package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class InsightsIT {

    /** The generated histories end here, fixed so that no test depends on today's date. */
    static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);

    @LocalServerPort
    int port;

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
    Touchpoints touchpoints;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Test
    void everyFigureAgreesWithAnIndependentComputationOverTheRawRows() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        IndependentFigures independent = new IndependentFigures(jdbc, operatorId);
        assertThat(independent.factCount()).isEqualTo(generated.facts()).isGreaterThan(1000);
        List<Long> siteIds =
                sites.list(operatorId).stream().map(site -> site.id()).toList();
        long enterpriseId = jdbc.sql("select min(id) from enterprise where operator_id = ?")
                .param(operatorId)
                .query(Long.class)
                .single();

        List<InsightFilter> filters = new ArrayList<>();
        for (LocalDate[] period : new LocalDate[][] {
            {LAST_DAY.minusDays(29), LAST_DAY},
            {LAST_DAY.minusDays(364), LAST_DAY},
            {LAST_DAY.withDayOfMonth(1).minusMonths(2), LAST_DAY},
            {LAST_DAY.minusDays(6), LAST_DAY},
            {LAST_DAY.minusMonths(1).withDayOfMonth(1), LAST_DAY.minusMonths(1).withDayOfMonth(15)}
        }) {
            filters.add(new InsightFilter(null, null, period[0], period[1]));
            filters.add(new InsightFilter(siteIds.get(1), null, period[0], period[1]));
            filters.add(new InsightFilter(null, enterpriseId, period[0], period[1]));
            filters.add(new InsightFilter(siteIds.get(0), enterpriseId, period[0], period[1]));
        }
        for (InsightFilter filter : filters) {
            InsightFigures figures = dashboard.figures(operatorId, filter);
            assertThat(figures).as(filter.toString()).isEqualTo(independent.figures(filter));
            assertThat(dashboard.figures(operatorId, filter.previous()))
                    .as(filter.previous().toString())
                    .isEqualTo(independent.figures(filter.previous()));
        }
        InsightFigures month = dashboard.figures(operatorId, filters.get(0));
        assertThat(month.orders()).isPositive();
        assertThat(month.averageRating()).isBetween(1.0, 5.0);
        InsightFigures year = dashboard.figures(operatorId, filters.get(4));
        assertThat(year.leasesEnded()).isPositive();
        assertThat(year.renewalRate()).isNotNull();
        assertThat(year.vacancyRate()).isBetween(0.0, 1.0);
    }

    @Test
    void theApiAnswersEachFigureWithThePreviousPeriodsValueUnderStableNames() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        IndependentFigures independent = new IndependentFigures(jdbc, generated.operatorId());
        Api admin = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD);
        LocalDate from = LAST_DAY.minusDays(29);

        JsonNode body = admin.get("/api/v1/insights/dashboard?from=" + from + "&to=" + LAST_DAY)
                .json();

        InsightFigures current = independent.figures(new InsightFilter(null, null, from, LAST_DAY));
        InsightFigures previous =
                independent.figures(new InsightFilter(null, null, from.minusDays(30), from.minusDays(1)));
        assertThat(body.get("previousTo").asString())
                .isEqualTo(from.minusDays(1).toString());
        assertThat(body.get("orders").get("value").asLong()).isEqualTo(current.orders());
        assertThat(body.get("orders").get("previous").asLong()).isEqualTo(previous.orders());
        assertThat(body.get("gmvMinor").get("value").asLong()).isEqualTo(current.gmvMinor());
        assertThat(body.get("valueAddedRevenueShare").get("value").asDouble())
                .isEqualTo(current.valueAddedRevenueShare());
        assertThat(body.get("registrationRate").get("previous").asDouble()).isEqualTo(previous.registrationRate());
        assertThat(body.get("activeMembers").get("value").asLong()).isEqualTo(current.activeMembers());
        assertThat(body.get("pointsIssued").get("value").asLong()).isEqualTo(current.pointsIssued());
        assertThat(body.get("pointsRedeemed").get("previous").asLong()).isEqualTo(previous.pointsRedeemed());
        assertThat(body.get("pointsExpired").get("value").asLong()).isEqualTo(current.pointsExpired());
        assertThat(body.get("pointsOutstanding").get("value").asLong()).isEqualTo(current.pointsOutstanding());
        assertThat(body.get("redemptionRate").get("value").asDouble()).isEqualTo(current.redemptionRate());
        assertThat(body.get("averageRating").get("value").asDouble()).isEqualTo(current.averageRating());
        assertThat(body.get("renewalRate").has("previous")).isTrue();

        JsonNode trend = admin.get("/api/v1/insights/trend?from=" + from + "&to=" + LAST_DAY)
                .json();
        assertThat(trend.size()).isEqualTo(30);
        long trendOrders = 0;
        for (JsonNode day : trend) {
            trendOrders += day.get("orders").asLong();
        }
        assertThat(trendOrders).isEqualTo(current.orders());
        JsonNode services = admin.get("/api/v1/insights/services?from=" + from + "&to=" + LAST_DAY)
                .json();
        JsonNode top = services.get("topByUse");
        assertThat(top.size()).isEqualTo(5);
        assertThat(top.get(0).get("uses").asLong())
                .isGreaterThanOrEqualTo(top.get(4).get("uses").asLong());
        assertThat(services.get("bottomByRating").get(0).get("averageRating").asDouble())
                .isLessThanOrEqualTo(
                        services.get("topByRating").get(0).get("averageRating").asDouble());
    }

    @Test
    void eachFigureDrillsDownToTheRowsBehindIt() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        IndependentFigures independent = new IndependentFigures(jdbc, generated.operatorId());
        Api admin = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD);
        long siteId = sites.list(generated.operatorId()).get(1).id();
        LocalDate from = LAST_DAY.minusDays(29);
        InsightFigures figures = independent.figures(new InsightFilter(siteId, null, from, LAST_DAY));
        String filter = "&siteId=" + siteId + "&from=" + from + "&to=" + LAST_DAY;

        JsonNode orders = admin.get("/api/v1/insights/drill-down?metric=orders&size=7" + filter)
                .json();
        assertThat(orders.get("total").asLong()).isEqualTo(figures.orders());
        assertThat(orders.get("rows").size()).isEqualTo(7);
        assertThat(orders.get("columns").get(1).asString()).isEqualTo("kind");
        long gmv = 0;
        for (int page = 0; page * 500L < figures.orders(); page++) {
            for (JsonNode row : admin.get("/api/v1/insights/drill-down?metric=gmvMinor&size=500&page=" + page + filter)
                    .json()
                    .get("rows")) {
                assertThat(row.get(1).asString()).isEqualTo("ORDER_PAID");
                gmv += row.get(8).asLong();
            }
        }
        assertThat(gmv).isEqualTo(figures.gmvMinor());
        assertThat(admin.get("/api/v1/insights/drill-down?metric=activeMembers" + filter)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(figures.activeMembers());
        assertThat(admin.get("/api/v1/insights/drill-down?metric=registrationRate" + filter)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(figures.registeredMembers());
        assertThat(admin.get("/api/v1/insights/drill-down?metric=renewalRate" + filter)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(figures.leasesEnded());

        Api.Response csv = admin.get("/api/v1/insights/drill-down.csv?metric=pointsRedeemed" + filter);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().count()).isEqualTo(1 + countKind(generated.operatorId(), siteId, from));
    }

    private long countKind(long operatorId, long siteId, LocalDate from) {
        return jdbc.sql("""
                        select count(*) from activity_fact
                        where operator_id = ? and site_id = ? and kind = 'POINTS_REDEEMED'
                          and cast(occurred_at at time zone 'Asia/Shanghai' as date) between ? and ?
                        """)
                .params(operatorId, siteId, from, LAST_DAY)
                .query(Long.class)
                .single();
    }

    @Test
    void rollupsKeptByTheAggregatorEqualAFullRecompute() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        Map<String, List<Map<String, Object>>> recomputed = rollupTables(operatorId);

        // The same facts again, as if each had just been recorded: the aggregator takes them from the inbox.
        for (String table : InsightRollups.TABLES) {
            jdbc.sql("delete from " + table + " where operator_id = ?")
                    .param(operatorId)
                    .update();
        }
        jdbc.sql("""
                        insert into insight_fact_inbox (operator_id, kind, member_id, enterprise_id, site_id,
                                                        offering_id, category_id, amount_minor, points, stars, on_time,
                                                        occurred_at)
                        select operator_id, kind, member_id, enterprise_id, site_id, offering_id, category_id,
                               amount_minor, points, stars, on_time, occurred_at
                        from activity_fact where operator_id = ? order by occurred_at desc
                        """).param(operatorId).update();
        rollups.catchUp();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from insight_fact_inbox where operator_id = ?")
                                .param(operatorId)
                                .query(Long.class)
                                .single()
                        == 0);

        assertThat(rollupTables(operatorId)).isEqualTo(recomputed);
        assertThat(recomputed.get("insight_site_daily")).hasSizeGreaterThan(100);
        assertThat(recomputed.get("insight_operator_daily")).hasSizeGreaterThan(100);
    }

    private Map<String, List<Map<String, Object>>> rollupTables(long operatorId) {
        return Map.of(
                "insight_site_daily",
                        rows(
                                "select * from insight_site_daily where operator_id = ? order by day, site_id, kind",
                                operatorId),
                "insight_operator_daily",
                        rows(
                                "select * from insight_operator_daily where operator_id = ? order by day, kind",
                                operatorId),
                "insight_enterprise_daily",
                        rows(
                                "select * from insight_enterprise_daily where operator_id = ?"
                                        + " order by enterprise_id, day, site_id, kind",
                                operatorId),
                "insight_offering_daily",
                        rows(
                                "select * from insight_offering_daily where operator_id = ?"
                                        + " order by offering_id, day, site_id, kind",
                                operatorId),
                "insight_member_activity",
                        rows(
                                "select * from insight_member_activity where operator_id = ?"
                                        + " order by member_id, month, kind, category_id",
                                operatorId),
                "insight_member_day",
                        rows(
                                "select * from insight_member_day where operator_id = ? order by day, member_id",
                                operatorId),
                "insight_member_month",
                        rows(
                                "select * from insight_member_month where operator_id = ? order by month, member_id",
                                operatorId),
                "insight_active_gap",
                        rows("select * from insight_active_gap where operator_id = ? order by day, gap", operatorId),
                "insight_site_active_gap",
                        rows(
                                "select * from insight_site_active_gap where operator_id = ? order by site_id, day, gap",
                                operatorId));
    }

    private List<Map<String, Object>> rows(String sql, long operatorId) {
        return jdbc.sql(sql).param(operatorId).query().listOfRows();
    }

    @Test
    void aRedeliveredEventRecordsNoSecondFact() {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        String orderId = Long.toString(9_000_000_000L + System.nanoTime() % 1_000_000_000L);
        Instant paidAt = Instant.parse("2026-05-04T03:00:00Z");
        Fact paid = Fact.of(operatorId, FactKind.ORDER_PAID, orderId, paidAt)
                .member(demoMemberId(operatorId))
                .amount(4_200);

        assertThat(recorder.record(paid)).isTrue();
        assertThat(recorder.record(paid)).isFalse();
        // Redelivered a day later, stamped with another instant: still the same fact.
        assertThat(recorder.record(Fact.of(operatorId, FactKind.ORDER_PAID, orderId, paidAt.plusSeconds(90_000))
                        .member(paid.memberId())
                        .amount(4_200)))
                .isFalse();

        assertThat(factsOf(operatorId, "ORDER_PAID", orderId)).isEqualTo(1);
        // The aggregator moves the recorded fact from the inbox into the fact store, once.
        rollups.catchUp();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from insight_fact_inbox where operator_id = ?"
                                        + " and subject_id = ?")
                                .params(operatorId, orderId)
                                .query(Long.class)
                                .single()
                        == 0);
        assertThat(factsOf(operatorId, "ORDER_PAID", orderId)).isEqualTo(1);
        assertThat(jdbc.sql("select site_id from activity_fact where operator_id = ? and kind = 'ORDER_PAID'"
                                + " and subject_id = ?")
                        .params(operatorId, orderId)
                        .query(Long.class)
                        .single())
                .as("the member's site, filled in")
                .isNotNull();
    }

    @Test
    void pausedRecordingDropsFactsUntilResumed() {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        String subject = "paused-" + System.nanoTime();
        Fact fact = Fact.of(operatorId, FactKind.RESERVATION_BOOKED, subject, Instant.parse("2026-05-06T03:00:00Z"))
                .member(demoMemberId(operatorId));
        recorder.pause(true);
        try {
            assertThat(recorder.record(fact)).isFalse();
            assertThat(recorder.recordUnkeyed(List.of(fact))).isZero();
        } finally {
            recorder.pause(false);
        }
        assertThat(factsOf(operatorId, "RESERVATION_BOOKED", subject)).isZero();

        assertThat(recorder.record(fact)).isTrue();
        assertThat(factsOf(operatorId, "RESERVATION_BOOKED", subject)).isEqualTo(1);
    }

    @Test
    void pointsTransactionsBecomeIssuedRedeemedAndExpiredFacts() {
        io.enjoyspace.points.Account member = io.enjoyspace.points.Account.member(77);
        io.enjoyspace.points.Account redeemed =
                io.enjoyspace.points.Account.system(io.enjoyspace.points.AccountType.REDEEMED);
        io.enjoyspace.points.Account issuance =
                io.enjoyspace.points.Account.system(io.enjoyspace.points.AccountType.ISSUANCE);
        io.enjoyspace.points.Account expired =
                io.enjoyspace.points.Account.system(io.enjoyspace.points.AccountType.EXPIRED);
        Instant at = Instant.parse("2026-05-04T03:00:00Z");

        List<Fact> earn = FactListeners.pointsFacts(new io.enjoyspace.points.PointsPosted(
                1,
                11,
                "ORDER",
                null,
                null,
                120,
                List.of(
                        new io.enjoyspace.points.Posting(issuance, -120),
                        new io.enjoyspace.points.Posting(member, 120)),
                at));
        List<Fact> spend = FactListeners.pointsFacts(new io.enjoyspace.points.PointsPosted(
                1,
                12,
                "REDEEM",
                null,
                null,
                0,
                List.of(new io.enjoyspace.points.Posting(member, -30), new io.enjoyspace.points.Posting(redeemed, 30)),
                at));
        List<Fact> expiry = FactListeners.pointsFacts(new io.enjoyspace.points.PointsPosted(
                1,
                13,
                "EXPIRED",
                null,
                null,
                0,
                List.of(new io.enjoyspace.points.Posting(member, -9), new io.enjoyspace.points.Posting(expired, 9)),
                at));

        assertThat(earn)
                .extracting(Fact::kind, Fact::points, Fact::memberId, Fact::subjectId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FactKind.POINTS_ISSUED, 120L, 77L, "11"));
        assertThat(spend)
                .extracting(Fact::kind, Fact::points, Fact::memberId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FactKind.POINTS_REDEEMED, 30L, 77L));
        assertThat(expiry)
                .extracting(Fact::kind, Fact::points)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FactKind.POINTS_EXPIRED, 9L));
    }

    @Test
    void concurrentDeliveriesOfOneEventRecordOneFact() throws Exception {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        String subject = "race-" + System.nanoTime();
        Fact fact = Fact.of(operatorId, FactKind.RESERVATION_BOOKED, subject, Instant.parse("2026-05-05T03:00:00Z"))
                .member(demoMemberId(operatorId))
                .amount(5_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> recorder.record(fact));
            }
            long recorded = 0;
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                recorded += attempt.get() ? 1 : 0;
            }
            assertThat(recorded).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(factsOf(operatorId, "RESERVATION_BOOKED", subject)).isEqualTo(1);
    }

    @Test
    void factsOfEveryKindFlowFromARealOrderIntoTheDashboard() {
        Api staff = Api.as(port, "staff");
        Api member = Api.as(port, "member");
        Journey.awaitEventsDelivered(jdbc);
        JsonNode before = staff.get("/api/v1/insights/dashboard").json();

        String orderId = Journey.order(member, Journey.offeringId(member, "Courier pickup"), 1)
                .json()
                .get("id")
                .asString();
        Journey.awaitEventsDelivered(jdbc);
        JsonNode after = staff.get("/api/v1/insights/dashboard").json();

        assertThat(factsOf(operators.findByCode("demo").orElseThrow().id(), "ORDER_PAID", orderId))
                .isEqualTo(1);
        assertThat(after.get("orders").get("value").asLong()
                        - before.get("orders").get("value").asLong())
                .isEqualTo(1);
        assertThat(after.get("activeMembers").get("value").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void touchpointsAreRecordedInBatchesAndRefuseWhatIsNotAView() {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        Api member = Api.as(port, "member");
        String offeringId = Journey.offeringId(member, "Courier pickup");
        long before = factsOf(operatorId, "OFFERING_VIEW", offeringId);

        Api.Response viewed =
                member.post("/api/v1/me/touchpoints", Map.of("kind", "OFFERING_VIEW", "subjectId", offeringId));
        assertThat(viewed.status()).as(viewed.toString()).isEqualTo(202);
        assertThat(member.post("/api/v1/me/touchpoints", Map.of("kind", "OFFER_OPEN", "subjectId", "notice-7"))
                        .status())
                .isEqualTo(202);
        touchpoints.flush();

        assertThat(factsOf(operatorId, "OFFERING_VIEW", offeringId)).isEqualTo(before + 1);
        assertThat(jdbc.sql("""
                        select count(*) from activity_fact_current f join offering o on o.id = f.offering_id
                        where f.operator_id = ? and f.kind = 'OFFERING_VIEW' and f.subject_id = ?
                          and f.category_id = o.category_id and f.member_id is not null
                        """)
                        .params(operatorId, offeringId)
                        .query(Long.class)
                        .single())
                .isEqualTo(before + 1);
        assertThat(member.post("/api/v1/me/touchpoints", Map.of("kind", "ORDER_PAID", "subjectId", "1"))
                        .fieldErrors())
                .containsExactly("kind");
        assertThat(member.post("/api/v1/me/touchpoints", Map.of("kind", "OFFERING_VIEW"))
                        .fieldErrors())
                .containsExactly("subjectId");
        long mallOffering = jdbc.sql("""
                        select min(o.id) from offering o join operator p on p.id = o.operator_id where p.code <> 'demo'
                        """).query(Long.class).single();
        assertThat(member.post(
                                "/api/v1/me/touchpoints",
                                Map.of("kind", "OFFERING_VIEW", "subjectId", Long.toString(mallOffering)))
                        .status())
                .isEqualTo(404);
        assertThat(Api.as(port, "staff")
                        .post("/api/v1/me/touchpoints", Map.of("kind", "OFFER_OPEN", "subjectId", "1"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anotherOperatorsSitesEnterprisesAndFiguresAreNotFound() {
        Api mall = Api.as(port, "mall-admin");
        long demo = operators.findByCode("demo").orElseThrow().id();
        long demoSite = sites.list(demo).get(0).id();
        long demoEnterprise = jdbc.sql("select min(id) from enterprise where operator_id = ?")
                .param(demo)
                .query(Long.class)
                .single();

        assertThat(mall.get("/api/v1/insights/dashboard?siteId=" + demoSite).status())
                .isEqualTo(404);
        assertThat(mall.get("/api/v1/insights/dashboard?enterpriseId=" + demoEnterprise)
                        .status())
                .isEqualTo(404);
        assertThat(mall.get("/api/v1/insights/drill-down?metric=orders&siteId=" + demoSite)
                        .status())
                .isEqualTo(404);
        assertThat(mall.get("/api/v1/insights/trend?siteId=" + demoSite).status())
                .isEqualTo(404);

        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        String period = "from=" + LAST_DAY.minusDays(29) + "&to=" + LAST_DAY;
        JsonNode theirs = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD)
                .get("/api/v1/insights/dashboard?" + period)
                .json();
        JsonNode mine = mall.get("/api/v1/insights/dashboard?" + period).json();
        assertThat(theirs.get("orders").get("value").asLong()).isPositive();
        assertThat(mine.get("orders").get("value").asLong()).isZero();
        assertThat(mall.get("/api/v1/insights/drill-down?metric=orders&" + period)
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    void badFiltersAreNamedAndTheDashboardIsForOperatorStaffOnly() {
        Api staff = Api.as(port, "staff");
        assertThat(staff.get("/api/v1/insights/dashboard?from=2026-05-02&to=2026-05-01")
                        .fieldErrors())
                .containsExactly("from");
        assertThat(staff.get("/api/v1/insights/dashboard?to=May").fieldErrors()).containsExactly("to");
        assertThat(staff.get("/api/v1/insights/dashboard?from=2024-01-01&to=2026-01-01")
                        .fieldErrors())
                .containsExactly("to");
        assertThat(staff.get("/api/v1/insights/drill-down?metric=luck").fieldErrors())
                .containsExactly("metric");
        assertThat(staff.get("/api/v1/insights/dashboard?siteId=abc").status()).isEqualTo(404);
        assertThat(Api.as(port, "member").get("/api/v1/insights/dashboard").status())
                .isEqualTo(403);
        assertThat(Api.as(port, "ent-admin").get("/api/v1/insights/dashboard").status())
                .isEqualTo(403);
    }

    private long demoMemberId(long operatorId) {
        return jdbc.sql("select min(id) from member where operator_id = ?")
                .param(operatorId)
                .query(Long.class)
                .single();
    }

    private long factsOf(long operatorId, String kind, String subject) {
        return jdbc.sql("select count(*) from activity_fact_current where operator_id = ? and kind = ?"
                        + " and subject_id = ?")
                .params(operatorId, kind, subject)
                .query(Long.class)
                .single();
    }
}
