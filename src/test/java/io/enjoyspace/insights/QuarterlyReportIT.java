package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.PageSession;
import io.enjoyspace.tenancy.Sites;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class QuarterlyReportIT {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HistoryGenerator generator;

    @Autowired
    FactRecorder recorder;

    @Autowired
    InsightRollups rollups;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Sites sites;

    /** The last quarter that has ended (the report's default). */
    private static ReportQuarter lastQuarter() {
        return ReportQuarter.of(LocalDate.now(SHANGHAI)).previous();
    }

    @Test
    void theReportsKpisEqualTheDashboardsForTheQuarterAndThePreviousQuarter() {
        ReportQuarter quarter = lastQuarter();
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, quarter.lastDay());
        Api admin = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD);
        long siteId = sites.list(generated.operatorId()).get(1).id();
        for (String site : new String[] {"", "&siteId=" + siteId}) {
            JsonNode report = admin.get("/api/v1/insights/reports/quarterly?quarter=" + quarter + site)
                    .json();
            JsonNode current = admin.get(
                            "/api/v1/insights/dashboard?from=" + quarter.firstDay() + "&to=" + quarter.lastDay() + site)
                    .json();
            JsonNode previous = admin.get("/api/v1/insights/dashboard?from="
                            + quarter.previous().firstDay() + "&to="
                            + quarter.previous().lastDay() + site)
                    .json();
            assertThat(report.get("quarter").asString()).isEqualTo(quarter.toString());
            assertThat(report.get("previousQuarter").asString())
                    .isEqualTo(quarter.previous().toString());
            assertThat(report.get("kpis").size()).isEqualTo(QuarterlyReport.KPIS.size());
            for (JsonNode kpi : report.get("kpis")) {
                String name = kpi.get("name").asString();
                assertThat(kpi.get("current"))
                        .as(name)
                        .isEqualTo(current.get(name).get("value"));
                assertThat(kpi.get("previous"))
                        .as(name)
                        .isEqualTo(previous.get(name).get("value"));
            }
            assertThat(kpi(report, "orders").get("current").asLong()).isPositive();
            // The quarter's three months add up to the quarter.
            JsonNode orders = trend(report, "orders");
            long sum = 0;
            for (JsonNode month : orders.get("current")) {
                sum += month.asLong();
            }
            assertThat(orders.get("current").size()).isEqualTo(3);
            assertThat(sum).isEqualTo(kpi(report, "orders").get("current").asLong());
        }
    }

    @Test
    void recommendationsFireOnPlantedDataAndOnlyWhereTheDataWarrantsThem() {
        ReportQuarter quarter = lastQuarter();
        HistoryGenerator.Generated generated =
                GeneratedHistory.generate(generator, quarter.previous().lastDay());
        long operatorId = generated.operatorId();
        Api admin = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD);
        List<Long> siteIds =
                sites.list(operatorId).stream().map(site -> site.id()).toList();
        long siteA = siteIds.get(0);
        long siteB = siteIds.get(1);
        long memberA = memberAt(operatorId, siteA);
        long memberB = memberAt(operatorId, siteB);
        List<Long> categories = jdbc.sql("select id from service_category where operator_id = ? order by id")
                .param(operatorId)
                .query(Long.class)
                .list();
        long poor = offeringOf(operatorId, categories.get(0));
        long fine = offeringOf(operatorId, categories.get(1));
        long wanted = categories.get(2);
        Instant at = quarter.firstDay().plusDays(20).atStartOfDay(SHANGHAI).toInstant();

        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            facts.add(order(operatorId, memberA, siteA, poor, at));
            facts.add(Fact.of(operatorId, FactKind.ORDER_RATED, UUID.randomUUID(), at)
                    .member(memberA)
                    .site(siteA)
                    .offering(poor)
                    .stars(i % 2 + 1));
        }
        for (int i = 0; i < 10; i++) {
            facts.add(order(operatorId, memberA, siteA, fine, at));
            facts.add(Fact.of(operatorId, FactKind.ORDER_RATED, UUID.randomUUID(), at)
                    .member(memberA)
                    .site(siteA)
                    .offering(fine)
                    .stars(5));
        }
        for (int i = 0; i < 30; i++) {
            facts.add(Fact.of(operatorId, FactKind.CATEGORY_VIEW, Long.toString(wanted), at)
                    .member(memberA)
                    .site(siteA)
                    .category(wanted));
            facts.add(Fact.of(operatorId, FactKind.OFFERING_VIEW, Long.toString(fine), at)
                    .member(memberA)
                    .site(siteA)
                    .offering(fine));
        }
        facts.add(points(operatorId, FactKind.POINTS_ISSUED, memberA, siteA, 10_000, at));
        facts.add(points(operatorId, FactKind.POINTS_REDEEMED, memberA, siteA, 500, at));
        facts.add(points(operatorId, FactKind.POINTS_ISSUED, memberB, siteB, 1_000, at));
        facts.add(points(operatorId, FactKind.POINTS_REDEEMED, memberB, siteB, 500, at));
        transaction.executeWithoutResult(status -> recorder.recordAll(facts));
        rollups.catchUp();
        // The scheduled aggregator may hold some of them in its own batch: wait until every one is rolled up.
        await().until(() -> jdbc.sql("select count(*) from insight_fact_inbox where operator_id = ?")
                        .param(operatorId)
                        .query(Long.class)
                        .single()
                == 0);

        JsonNode atA = admin.get("/api/v1/insights/reports/quarterly?quarter=" + quarter + "&siteId=" + siteA)
                .json();
        JsonNode repriced = recommendation(atA, "REPRICE_SERVICE", Long.toString(poor));
        assertThat(repriced).as(atA.get("recommendations").toString()).isNotNull();
        assertThat(repriced.get("figures").get("ratings").asLong()).isEqualTo(4);
        assertThat(repriced.get("figures").get("averageRating").asDouble()).isEqualTo(1.5);
        assertThat(repriced.get("message").get("key").asString()).isEqualTo("report.rec.reprice.lowRating");
        assertThat(repriced.get("message").get("text").asString()).contains("1.5");
        assertThat(recommendation(atA, "REPRICE_SERVICE", Long.toString(fine))).isNull();
        assertThat(recommendation(atA, "DROP_SERVICE", Long.toString(fine))).isNull();

        JsonNode add = recommendation(atA, "ADD_SERVICE", Long.toString(wanted));
        assertThat(add).as(atA.get("recommendations").toString()).isNotNull();
        assertThat(add.get("figures").get("views").asLong()).isEqualTo(30);
        assertThat(add.get("figures").get("orders").asLong()).isZero();
        long fineCategory = categories.get(1);
        assertThat(recommendation(atA, "ADD_SERVICE", Long.toString(fineCategory)))
                .isNull();

        JsonNode low = recommendation(atA, "POINTS_REDEMPTION_LOW", null);
        assertThat(low).isNotNull();
        assertThat(low.get("figures").get("redemptionRate").asDouble()).isEqualTo(0.05);
        assertThat(low.get("message").get("text").asString()).contains("5.0%");

        JsonNode atB = admin.get("/api/v1/insights/reports/quarterly?quarter=" + quarter + "&siteId=" + siteB)
                .json();
        assertThat(recommendation(atB, "POINTS_REDEMPTION_LOW", null)).isNull();
        assertThat(recommendation(atB, "POINTS_REDEMPTION_HIGH", null)).isNull();
        assertThat(recommendation(atB, "ADD_SERVICE", Long.toString(wanted))).isNull();
        assertThat(recommendation(atB, "REPRICE_SERVICE", Long.toString(poor))).isNull();
        assertThat(kpi(atB, "redemptionRate").get("current").asDouble()).isEqualTo(0.5);

        JsonNode chinese = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD)
                .get("/api/v1/insights/reports/quarterly?lang=zh-CN&quarter=" + quarter + "&siteId=" + siteA)
                .json();
        assertThat(recommendation(chinese, "POINTS_REDEMPTION_LOW", null)
                        .get("message")
                        .get("key")
                        .asString())
                .isEqualTo("report.rec.redemptionLow");
    }

    @Test
    void thePdfCarriesTheKpisAndRendersChinese() throws Exception {
        ReportQuarter quarter = lastQuarter();
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, quarter.lastDay());
        Api admin = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD);
        JsonNode report = admin.get("/api/v1/insights/reports/quarterly?quarter=" + quarter)
                .json();
        long orders = kpi(report, "orders").get("current").asLong();
        PageSession session = PageSession.signIn(port, generated.adminUsername(), GeneratedHistory.PASSWORD);

        HttpResponse<byte[]> english = session.download("/console/insights/report.pdf?quarter=" + quarter + "&lang=en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
        String text = text(english.body());
        assertThat(text).contains("Quarterly operations report " + quarter);
        assertThat(text).contains(String.format(java.util.Locale.ROOT, "%,d", orders));

        HttpResponse<byte[]> chinese =
                session.download("/console/insights/report.pdf?quarter=" + quarter + "&lang=zh-CN");
        String chineseText = text(chinese.body());
        assertThat(chineseText).contains("季度运营报告 " + quarter).contains("关键指标");
        assertThat(chineseText).contains(String.format(java.util.Locale.ROOT, "%,d", orders));
    }

    @Test
    void anotherOperatorsSiteIsNotFoundAndABadQuarterNamesTheField() {
        ReportQuarter quarter = lastQuarter();
        long harborSite = jdbc.sql("""
                        select s.id from site s join operator o on o.id = s.operator_id
                        where o.code = 'harbor' order by s.id limit 1
                        """).query(Long.class).single();
        Api demoAdmin = Api.as(port, "admin");
        assertThat(demoAdmin
                        .get("/api/v1/insights/reports/quarterly?quarter=" + quarter + "&siteId=" + harborSite)
                        .status())
                .isEqualTo(404);
        assertThat(Api.as(port, "mall-admin")
                        .get("/api/v1/insights/reports/quarterly?quarter=" + quarter + "&siteId=" + harborSite)
                        .status())
                .isEqualTo(200);
        for (String bad : new String[] {"2026-Q5", "2026Q1", "last"}) {
            Api.Response response = demoAdmin.get("/api/v1/insights/reports/quarterly?quarter=" + bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.fieldErrors()).containsExactly("quarter");
        }
        Api.Response future = demoAdmin.get("/api/v1/insights/reports/quarterly?quarter="
                + ReportQuarter.of(LocalDate.now(SHANGHAI)).next());
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.fieldErrors()).containsExactly("quarter");
        assertThat(Api.as(port, "member")
                        .get("/api/v1/insights/reports/quarterly")
                        .status())
                .isEqualTo(403);
    }

    private static Fact order(long operatorId, long memberId, long siteId, long offeringId, Instant at) {
        return Fact.of(operatorId, FactKind.ORDER_PAID, UUID.randomUUID(), at)
                .member(memberId)
                .site(siteId)
                .offering(offeringId)
                .amount(10_00);
    }

    private static Fact points(long operatorId, FactKind kind, long memberId, long siteId, long points, Instant at) {
        return Fact.of(operatorId, kind, UUID.randomUUID(), at)
                .member(memberId)
                .site(siteId)
                .points(points);
    }

    private long memberAt(long operatorId, long siteId) {
        return jdbc.sql("select min(id) from member where operator_id = ? and site_id = ?")
                .params(operatorId, siteId)
                .query(Long.class)
                .single();
    }

    private long offeringOf(long operatorId, long categoryId) {
        return jdbc.sql("select min(id) from offering where operator_id = ? and category_id = ?")
                .params(operatorId, categoryId)
                .query(Long.class)
                .single();
    }

    private static JsonNode kpi(JsonNode report, String name) {
        for (JsonNode kpi : report.get("kpis")) {
            if (kpi.get("name").asString().equals(name)) {
                return kpi;
            }
        }
        throw new AssertionError("no KPI " + name);
    }

    private static JsonNode trend(JsonNode report, String name) {
        for (JsonNode trend : report.get("trends")) {
            if (trend.get("name").asString().equals(name)) {
                return trend;
            }
        }
        throw new AssertionError("no trend " + name);
    }

    /** The recommendation of this kind about this subject id (any subject when null), or null. */
    private static JsonNode recommendation(JsonNode report, String kind, String subjectId) {
        for (JsonNode recommendation : report.get("recommendations")) {
            if (recommendation.get("kind").asString().equals(kind)
                    && (subjectId == null
                            || subjectId.equals(recommendation.get("subjectId").asString()))) {
                return recommendation;
            }
        }
        return null;
    }

    private static String text(byte[] pdf) throws Exception {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
