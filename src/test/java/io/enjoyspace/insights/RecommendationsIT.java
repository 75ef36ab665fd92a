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
import io.enjoyspace.identity.OperatorOnboarding;
import io.enjoyspace.identity.Users;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * Back-dated orders would change the demo operator's dashboard that other tests read, so these tests run in two
 * operators of their own.
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
    Sites sites;

    @Autowired
    Members members;

    @Autowired
    Inbox inbox;

    @Autowired
    OperatorOnboarding onboarding;

    @Autowired
    Users users;

    @Autowired
    Clock clock;

    /** An operator of this test class: its id, first site and admin (password {@link #PASSWORD}). */
    record World(long operatorId, Site site, String admin) {}

    static final String PASSWORD = "correct-horse";
    private static final Map<String, World> worlds = new java.util.concurrent.ConcurrentHashMap<>();

    /** Operator A ("a") or B ("b"), onboarded once per test run. */
    private World world(String name) {
        return worlds.computeIfAbsent(name, key -> {
            String code = "rec-" + key + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            long operatorId = onboarding
                    .onboard(new OperatorOnboarding.Onboard(
                            code,
                            "Recommend " + key,
                            ZoneId.of("Asia/Shanghai"),
                            "Rec tower " + key,
                            SiteKind.OFFICE_TOWER,
                            code + "-admin",
                            PASSWORD))
                    .id();
            return new World(operatorId, sites.list(operatorId).get(0), code + "-admin");
        });
    }

    /** A member who can sign in, at the world's first site. */
    record Newcomer(Api api, long memberId) {}

    private Newcomer newcomer(World world) {
        String mobile = "1825%07d".formatted(mobiles.incrementAndGet() + (System.nanoTime() % 500_000) * 10);
        long memberId = members.register(
                        world.operatorId(),
                        new Members.NewMember(world.site().id(), null, "Recommend tester", mobile, null))
                .id();
        users.create(new Users.NewUser(
                world.operatorId(), mobile, PASSWORD, "Recommend tester", Role.MEMBER, memberId, null));
        return new Newcomer(Api.as(port, mobile, PASSWORD), memberId);
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
        World world = world("a");
        long operatorId = world.operatorId();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Category snacks = catalog.createCategory(operatorId, "Rec snacks " + suffix, CategoryKind.LIFESTYLE);
        Category printing = catalog.createCategory(operatorId, "Rec printing " + suffix, CategoryKind.ENTERPRISE);
        Offering fruit = offering(operatorId, snacks, "Fruit box " + suffix);
        Offering posters = offering(operatorId, printing, "Poster print " + suffix);
        Instant lastWeek = clock.instant().minus(Duration.ofDays(7));
        // Three members buy both; the member under test bought only the fruit box, often.
        for (int i = 0; i < 3; i++) {
            long other = newcomer(world).memberId();
            paid(operatorId, other, fruit, lastWeek);
            paid(operatorId, other, posters, lastWeek.plusSeconds(60));
        }
        Newcomer member = newcomer(world);
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
        World world = world("a");
        long operatorId = world.operatorId();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Category category = catalog.createCategory(operatorId, "Rec off sale " + suffix, CategoryKind.LIFESTYLE);
        Offering kept = offering(operatorId, category, "Kept " + suffix);
        Offering withdrawn = offering(operatorId, category, "Withdrawn " + suffix);
        Newcomer member = newcomer(world);
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
        Newcomer member = newcomer(world("a"));
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
        World a = world("a");
        World b = world("b");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Offering inA = offering(
                a.operatorId(),
                catalog.createCategory(a.operatorId(), "Rec isolation " + suffix, CategoryKind.OFFICE),
                "Only in A " + suffix);
        Offering inB = offering(
                b.operatorId(),
                catalog.createCategory(b.operatorId(), "Rec isolation " + suffix, CategoryKind.OFFICE),
                "Only in B " + suffix);
        // Busy buyers in A; one order in B, at B's site.
        for (int i = 0; i < 3; i++) {
            long buyer = newcomer(a).memberId();
            paid(a.operatorId(), buyer, inA, clock.instant().minus(Duration.ofDays(40)));
        }
        Newcomer memberOfB = newcomer(b);
        paid(b.operatorId(), memberOfB.memberId(), inB, clock.instant().minus(Duration.ofDays(40)));
        Newcomer memberOfA = newcomer(a);
        rollups.catchUp();
        similarity.recompute(a.operatorId());
        similarity.recompute(b.operatorId());

        Set<Long> offeringsOfB = catalog.offerings(b.operatorId(), null, false).stream()
                .map(Offering::id)
                .collect(Collectors.toSet());
        Api.Response mine = memberOfB.api().get("/api/v1/me/recommendations?limit=20");
        assertThat(mine.status()).isEqualTo(200);
        List<Long> seen = ids(mine);
        assertThat(seen).isNotEmpty().allMatch(offeringsOfB::contains).doesNotContain(inA.id());
        assertThat(seen).contains(inB.id());
        assertThat(ids(memberOfA.api().get("/api/v1/me/recommendations?limit=20")))
                .contains(inA.id())
                .doesNotContain(inB.id());

        // Neither operator answers for the other's member; B's admin cannot message A's site.
        assertThatThrownBy(() -> recommendations.forMember(b.operatorId(), memberOfA.memberId(), 5))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> recommendations.forMember(a.operatorId(), memberOfB.memberId(), 5))
                .isInstanceOf(NotFoundException.class);
        Api.Response foreign = Api.as(port, b.admin(), PASSWORD)
                .post(
                        "/api/v1/insights/recommendation-campaigns",
                        Api.map(
                                "audienceKind",
                                "SITE",
                                "audienceId",
                                Long.toString(a.site().id())),
                        Map.of("Idempotency-Key", "rec-foreign-" + suffix));
        assertThat(foreign.status()).isEqualTo(404);
    }

    private static List<Long> ids(Api.Response response) {
        return list(response.json().get("recommendations")).stream()
                .map(one -> Long.parseLong(one.get("offeringId").asString()))
                .toList();
    }

    @Test
    void aTargetedMessageRunSendsEachMemberOfTheSiteTheirTopRecommendationOnce() {
        World world = world("a");
        long operatorId = world.operatorId();
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

        Api staff = Api.as(port, world.admin(), PASSWORD);
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
        Api.Response foreign = staff.post(
                "/api/v1/insights/recommendation-campaigns",
                Api.map(
                        "audienceKind",
                        "SITE",
                        "audienceId",
                        Long.toString(world("b").site().id())),
                Map.of("Idempotency-Key", "rec-foreign-" + suffix));
        assertThat(foreign.status()).isEqualTo(404);
        Api.Response unknownKind = staff.post(
                "/api/v1/insights/recommendation-campaigns",
                Api.map("audienceKind", "GALAXY", "audienceId", Long.toString(site.id())),
                Map.of("Idempotency-Key", "rec-kind-" + suffix));
        assertThat(unknownKind.status()).isEqualTo(400);
        assertThat(unknownKind.fieldErrors()).containsExactly("audienceKind");
        // A member cannot send campaigns.
        assertThat(newcomer(world)
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
        World world = world("a");
        long operatorId = world.operatorId();
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
        Api staff = Api.as(port, world.admin(), PASSWORD);
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
