package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.catalog.Offering;
import io.enjoyspace.engagement.Inbox;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Recommendations end to end: facts in, the nightly similarity computed, the member's ranked offerings with reasons
 * through the API in English and Chinese, only the operator's own offerings, and targeted messages sent once per run.
 */
@EnjoySpaceTest
class RecommendationsIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FactRecorder recorder;

    @Autowired
    InsightRollups rollups;

    @Autowired
    RecommendSimilarity similarity;

    @Autowired
    Recommendations recommendations;

    @Autowired
    Catalog catalog;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Autowired
    Members members;

    @Autowired
    Inbox inbox;

    @Autowired
    Clock clock;

    /** A member registered through the API at the demo tower (Mofang), signed in; and their member id. */
    record Newcomer(Api api, long memberId) {}

    private Newcomer newcomer() {
        String mobile = "1825%07d".formatted(mobiles.incrementAndGet() + (System.nanoTime() % 100_000) * 10);
        Api.Response registration = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "MOFANG33",
                                "name",
                                "Recommend tester",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registration.status()).as(registration.toString()).isEqualTo(201);
        long memberId = jdbc.sql("select id from member where operator_id = :operatorId and mobile = :mobile")
                .param("operatorId", demo())
                .param("mobile", mobile)
                .query(Long.class)
                .single();
        return new Newcomer(Api.as(port, mobile, "correct-horse"), memberId);
    }

    private long demo() {
        return operators.findByCode("demo").orElseThrow().id();
    }

    private void paid(long operatorId, long memberId, Offering offering, Instant at) {
        recorder.record(Fact.of(operatorId, FactKind.ORDER_PAID, "rec-" + UUID.randomUUID(), at)
                .member(memberId)
                .offering(offering.id())
                .category(offering.categoryId())
                .amount(offering.price().amountMinor()));
    }

    private Offering offering(long operatorId, Category category, String name) {
        return catalog.createOffering(
                operatorId, new Catalog.NewOffering(category.id(), name, "For recommendation tests", 10_000));
    }

    private static List<JsonNode> list(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false).toList();
    }

    @Test
    void membersWhoBoughtTheSameThingAreRecommendedWhatTheOthersAlsoUseWithTheReasonInBothLanguages() {
        long operatorId = demo();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Category snacks = catalog.createCategory(operatorId, "Rec snacks " + suffix, CategoryKind.LIFESTYLE);
        Category printing = catalog.createCategory(operatorId, "Rec printing " + suffix, CategoryKind.ENTERPRISE);
        Offering fruit = offering(operatorId, snacks, "Fruit box " + suffix);
        Offering posters = offering(operatorId, printing, "Poster print " + suffix);
        Instant lastWeek = clock.instant().minus(Duration.ofDays(7));
        // Three members buy both; the member under test bought only the fruit box, often.
        for (int i = 0; i < 3; i++) {
            long other = newcomer().memberId();
            paid(operatorId, other, fruit, lastWeek);
            paid(operatorId, other, posters, lastWeek.plusSeconds(60));
        }
        Newcomer member = newcomer();
        for (int i = 0; i < 4; i++) {
            paid(operatorId, member.memberId(), fruit, lastWeek.minus(Duration.ofDays(i)));
        }
        rollups.catchUp();
        similarity.recompute(operatorId);

        Api.Response english = member.api().get("/api/v1/me/recommendations?limit=20");
        assertThat(english.status()).as(english.toString()).isEqualTo(200);
        List<JsonNode> ranked = list(english.json().get("recommendations"));
        assertThat(ranked).isNotEmpty().hasSizeLessThanOrEqualTo(20);
        for (JsonNode one : ranked) {
            assertThat(one.get("offeringId").isString()).isTrue();
            assertThat(one.get("categoryId").isString()).isTrue();
            assertThat(one.get("name").asString()).isNotBlank();
            assertThat(one.get("score").asDouble()).isBetween(0.0, 1.0);
            assertThat(one.get("reason").get("kind").asString())
                    .isIn("CATEGORY_AFFINITY", "SIMILAR_MEMBERS", "POPULAR_AT_SITE", "BOOKING_HABIT");
            assertThat(one.get("reason").get("text").asString()).isNotBlank();
        }
        List<Double> scores =
                ranked.stream().map(one -> one.get("score").asDouble()).toList();
        assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // The fruit box itself leads (the member's favourite category; bought repeatedly, so not excluded).
        assertThat(ranked.get(0).get("offeringId").asString()).isEqualTo(Long.toString(fruit.id()));
        assertThat(ranked.get(0).get("reason").get("text").asString())
                .isEqualTo("Because you often use " + snacks.name());
        JsonNode poster = ranked.stream()
                .filter(one -> one.get("offeringId").asString().equals(Long.toString(posters.id())))
                .findFirst()
                .orElseThrow();
        assertThat(poster.get("reason").get("kind").asString()).isEqualTo("SIMILAR_MEMBERS");
        assertThat(list(poster.get("reason").get("args")))
                .extracting(JsonNode::asString)
                .containsExactly(fruit.name());
        assertThat(poster.get("reason").get("text").asString())
                .isEqualTo("Members who use " + fruit.name() + " also use this");

        Api.Response chinese = member.api().get("/api/v1/me/recommendations?limit=20&lang=zh-CN");
        assertThat(chinese.status()).isEqualTo(200);
        List<JsonNode> zh = list(chinese.json().get("recommendations"));
        assertThat(zh.get(0).get("reason").get("text").asString()).isEqualTo("因为你经常使用" + snacks.name());
        assertThat(zh.stream()
                        .filter(one -> one.get("offeringId").asString().equals(Long.toString(posters.id())))
                        .map(one -> one.get("reason").get("text").asString()))
                .containsExactly("使用" + fruit.name() + "的会员也在用");

        Api.Response top = member.api().get("/api/v1/me/recommendations?limit=1");
        assertThat(list(top.json().get("recommendations"))).hasSize(1);
    }

    @Test
    void anOfferingTakenOffSaleIsNeverRecommended() {
        long operatorId = demo();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Category category = catalog.createCategory(operatorId, "Rec off sale " + suffix, CategoryKind.LIFESTYLE);
        Offering kept = offering(operatorId, category, "Kept " + suffix);
        Offering withdrawn = offering(operatorId, category, "Withdrawn " + suffix);
        Newcomer member = newcomer();
        Instant yesterday = clock.instant().minus(Duration.ofDays(1));
        paid(operatorId, member.memberId(), kept, yesterday);
        paid(operatorId, member.memberId(), withdrawn, yesterday);
        rollups.catchUp();
        catalog.publish(operatorId, withdrawn.id(), false);

        List<Long> ids = recommendations.forMember(operatorId, member.memberId(), 20).stream()
                .map(Recommender.Ranked::offeringId)
                .toList();
        assertThat(ids).doesNotContain(withdrawn.id());
        // Bought once and no buyer statistics yet: a one-off purchase within 30 days is not offered again either.
        assertThat(ids).doesNotContain(kept.id());
    }

    @Test
    void badLimitsAreRefusedNamingTheField() {
        Newcomer member = newcomer();
        for (String limit : List.of("0", "21", "abc", "-1")) {
            Api.Response refused = member.api().get("/api/v1/me/recommendations?limit=" + limit);
            assertThat(refused.status()).as(limit).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.fieldErrors()).containsExactly("limit");
        }
        assertThat(Api.anonymous(port).get("/api/v1/me/recommendations").status())
                .isEqualTo(401);
    }

    @Test
    void aMemberOfAnotherOperatorOnlyEverSeesThatOperatorsOfferings() {
        long harbor = operators.findByCode("harbor").orElseThrow().id();
        long demo = demo();
        long harborMember = jdbc.sql("select member_id from app_user where username = 'mall-member'")
                .query(Long.class)
                .single();
        Offering storefront = catalog.offerings(harbor, null, true).get(0);
        // Plenty of demo activity by demo members, and a harbor order at the harbor site.
        Newcomer demoMember = newcomer();
        Offering demoOffering = catalog.offerings(demo, null, true).get(0);
        for (int i = 0; i < 3; i++) {
            paid(demo, demoMember.memberId(), demoOffering, clock.instant().minus(Duration.ofDays(2)));
        }
        paid(harbor, harborMember, storefront, clock.instant().minus(Duration.ofDays(40)));
        rollups.catchUp();
        similarity.recompute(demo);
        similarity.recompute(harbor);

        Set<Long> harborOfferings = catalog.offerings(harbor, null, false).stream()
                .map(Offering::id)
                .collect(Collectors.toSet());
        Api.Response mine = Api.as(port, "mall-member").get("/api/v1/me/recommendations?limit=20");
        assertThat(mine.status()).isEqualTo(200);
        List<Long> seen = list(mine.json().get("recommendations")).stream()
                .map(one -> Long.parseLong(one.get("offeringId").asString()))
                .toList();
        assertThat(seen).isNotEmpty().allMatch(harborOfferings::contains);
        assertThat(seen).contains(storefront.id());

        // Neither operator answers for the other's member.
        assertThatThrownBy(() -> recommendations.forMember(harbor, demoMember.memberId(), 5))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> recommendations.forMember(demo, harborMember, 5))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aTargetedMessageRunSendsEachMemberOfTheSiteTheirTopRecommendationOnce() {
        long operatorId = demo();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Site site = sites.create(operatorId, "Rec site " + suffix, SiteKind.OFFICE_TOWER, null, null);
        Category category = catalog.createCategory(operatorId, "Rec campaign " + suffix, CategoryKind.LIFESTYLE);
        Offering massage = offering(operatorId, category, "Chair massage " + suffix);
        List<Long> audience = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            audience.add(members.register(
                            operatorId,
                            new Members.NewMember(
                                    site.id(),
                                    null,
                                    "Rec audience " + i,
                                    "1825%07d".formatted(5_000_000 + (System.nanoTime() % 1_000_000) + i),
                                    null))
                    .id());
        }
        // The first bought the massage three days ago (a one-off so far: not offered again), the second fifty days
        // ago; the third has no history, but the two orders make the massage popular at the new site.
        paid(operatorId, audience.get(0), massage, clock.instant().minus(Duration.ofDays(3)));
        paid(operatorId, audience.get(1), massage, clock.instant().minus(Duration.ofDays(50)));
        rollups.catchUp();
        similarity.recompute(operatorId);

        Api staff = Api.as(port, "staff");
        String key = "rec-run-" + suffix;
        Api.Response first = staff.post(
                "/api/v1/insights/recommendation-campaigns",
                Api.map("audienceKind", "SITE", "audienceId", Long.toString(site.id())),
                Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("audienceSize").asInt()).isEqualTo(3);
        assertThat(first.json().get("sent").asInt()).isEqualTo(2);
        assertThat(first.json().get("without").asInt()).isEqualTo(1);
        assertThat(recommendationNotices(operatorId, audience.get(0))).isEmpty();
        for (long memberId : audience.subList(1, 3)) {
            List<Inbox.Message> notices = recommendationNotices(operatorId, memberId);
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0).args()).first().isEqualTo(massage.name());
        }
        Inbox.Message bought =
                recommendationNotices(operatorId, audience.get(1)).get(0);
        assertThat(bought.code()).isEqualTo("recommend.notice.CATEGORY_AFFINITY");
        assertThat(bought.args()).containsExactly(massage.name(), category.name());
        Inbox.Message newcomer =
                recommendationNotices(operatorId, audience.get(2)).get(0);
        assertThat(newcomer.code()).isEqualTo("recommend.notice.POPULAR_AT_SITE");
        assertThat(newcomer.args()).containsExactly(massage.name(), site.name());

        // The same key again: the first run, nothing sent twice.
        Api.Response replay = staff.post(
                "/api/v1/insights/recommendation-campaigns",
                Api.map("audienceKind", "SITE", "audienceId", Long.toString(site.id())),
                Map.of("Idempotency-Key", key));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(recommendationNotices(operatorId, audience.get(0))).isEmpty();
        for (long memberId : audience.subList(1, 3)) {
            assertThat(recommendationNotices(operatorId, memberId)).hasSize(1);
        }
        // The same key for another audience is a conflict; an audience of another operator is not found.
        long otherSite = sites.list(operatorId).get(0).id();
        Api.Response conflict = staff.post(
                "/api/v1/insights/recommendation-campaigns",
                Api.map("audienceKind", "SITE", "audienceId", Long.toString(otherSite)),
                Map.of("Idempotency-Key", key));
        assertThat(conflict.status()).isEqualTo(409);
        long harborSite = sites.list(
                        operators.findByCode("harbor").orElseThrow().id())
                .get(0)
                .id();
        Api.Response foreign = staff.post(
                "/api/v1/insights/recommendation-campaigns",
                Api.map("audienceKind", "SITE", "audienceId", Long.toString(harborSite)),
                Map.of("Idempotency-Key", "rec-foreign-" + suffix));
        assertThat(foreign.status()).isEqualTo(404);
        Api.Response unknownKind = staff.post(
                "/api/v1/insights/recommendation-campaigns",
                Api.map("audienceKind", "GALAXY", "audienceId", Long.toString(site.id())),
                Map.of("Idempotency-Key", "rec-kind-" + suffix));
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.fieldErrors()).containsExactly("audienceKind");
        // A member cannot send campaigns.
        assertThat(newcomer()
                        .api()
                        .post(
                                "/api/v1/insights/recommendation-campaigns",
                                Api.map("audienceKind", "SITE", "audienceId", Long.toString(site.id())),
                                Map.of("Idempotency-Key", "rec-member-" + suffix))
                        .status())
                .isEqualTo(403);
        Api.Response runs = staff.get("/api/v1/insights/recommendation-campaigns");
        assertThat(list(runs.json()))
                .extracting(run -> run.get("id").asString())
                .contains(first.json().get("id").asString());
    }

    @Test
    void twoConcurrentSubmitsOfOneRunNotifyEachMemberOnce() throws Exception {
        long operatorId = demo();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Site site = sites.create(operatorId, "Rec race " + suffix, SiteKind.OFFICE_TOWER, null, null);
        Category category = catalog.createCategory(operatorId, "Rec race " + suffix, CategoryKind.LIFESTYLE);
        Offering tea = offering(operatorId, category, "Tea set " + suffix);
        List<Long> audience = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long memberId = members.register(
                            operatorId,
                            new Members.NewMember(
                                    site.id(),
                                    null,
                                    "Rec race " + i,
                                    "1825%07d".formatted(7_000_000 + (System.nanoTime() % 1_000_000) + i),
                                    null))
                    .id();
            audience.add(memberId);
            paid(operatorId, memberId, tea, clock.instant().minus(Duration.ofDays(45)));
        }
        rollups.catchUp();
        Api staff = Api.as(port, "staff");
        String key = "rec-race-" + suffix;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sent.add(pool.submit(() -> staff.post(
                        "/api/v1/insights/recommendation-campaigns",
                        Api.map("audienceKind", "SITE", "audienceId", Long.toString(site.id())),
                        Map.of("Idempotency-Key", key))));
            }
            List<Integer> statuses = new ArrayList<>();
            for (var future : sent) {
                statuses.add(future.get().status());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 200);
        } finally {
            pool.shutdown();
        }
        for (long memberId : audience) {
            assertThat(recommendationNotices(operatorId, memberId)).hasSize(1);
        }
    }

    private List<Inbox.Message> recommendationNotices(long operatorId, long memberId) {
        return inbox.messages(operatorId, memberId, 20).stream()
                .filter(message -> message.code().startsWith("recommend.notice."))
                .toList();
    }
}
