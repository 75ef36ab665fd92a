package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.TestMembers;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The rules engine through its API. Each test listens to an event type of its own, so its rules never touch what
 * other tests earn.
 */
@EnjoySpaceTest
class RulesIT {

    @LocalServerPort
    int port;

    @Autowired
    TestMembers testMembers;

    @Autowired
    JdbcClient jdbc;

    Api admin;
    String type;

    @BeforeEach
    void ownEventType() {
        admin = Api.as(port, "admin");
        type = "test.t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        assertThat(admin.post("/api/v1/event-types", Api.map("code", type, "name", "Test " + type))
                        .status())
                .isEqualTo(201);
    }

    private Map<String, Object> rule(String name, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>(Api.map("name", name + " " + type, "eventType", type));
        body.putAll(Api.map(more));
        return body;
    }

    private String create(Map<String, Object> body) {
        Api.Response created = admin.post("/api/v1/rules", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String member() {
        return Long.toString(testMembers.newMember("Rules tester"));
    }

    private Api.Response event(String key, String memberId, Map<String, Object> attributes) {
        return admin.post(
                "/api/v1/events",
                Api.map("type", type, "memberId", memberId, "attributes", attributes),
                Map.of("Idempotency-Key", key));
    }

    private long balance(String memberId) {
        return admin.get("/api/v1/members/" + memberId + "/points")
                .json()
                .get("balance")
                .asLong();
    }

    @Test
    void theDemoOrderRuleIsAnEngineRule() {
        JsonNode rules = Api.as(port, "staff").get("/api/v1/rules").json();
        JsonNode orderRule = null;
        for (JsonNode rule : rules) {
            if (rule.get("eventType").asString().equals("order.completed")) {
                orderRule = rule;
            }
        }
        assertThat(orderRule).isNotNull();
        assertThat(orderRule.get("action").asString()).isEqualTo("PER_YUAN");
        assertThat(orderRule.get("rate").decimalValue()).isEqualByComparingTo("1");
        assertThat(orderRule.get("expiryKind").asString()).isEqualTo("END_OF_YEAR");
    }

    @Test
    void anEventEarnsOnceUnderItsKeyAndSaysWhichRuleVersion() {
        String ruleId = create(rule("Ten points", "action", "FIXED", "points", 10));
        String member = member();
        String key = UUID.randomUUID().toString();

        Api.Response first = event(key, member, Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("points").asLong()).isEqualTo(10);
        JsonNode award = first.json().get("awards").get(0);
        assertThat(award.get("ruleId").asString()).isEqualTo(ruleId);
        assertThat(award.get("ruleVersion").asInt()).isEqualTo(1);

        Api.Response replay = event(key, member, Map.of());
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("replayed").asBoolean()).isTrue();
        assertThat(replay.json().get("eventId").asString())
                .isEqualTo(first.json().get("eventId").asString());
        assertThat(replay.json().get("awards")).isEqualTo(first.json().get("awards"));

        assertThat(event(key, member, Map.of("other", 1)).status()).isEqualTo(409);
        assertThat(balance(member)).isEqualTo(10);
    }

    @Test
    void anEditMakesANewVersionAndLaterAwardsNameIt() {
        Map<String, Object> body = rule("Versioned", "action", "FIXED", "points", 5);
        String ruleId = create(body);
        String member = member();
        assertThat(event(UUID.randomUUID().toString(), member, Map.of())
                        .json()
                        .get("awards")
                        .get(0)
                        .get("ruleVersion")
                        .asInt())
                .isEqualTo(1);

        body.put("points", 7);
        Api.Response changed = admin.put("/api/v1/rules/" + ruleId, body);
        assertThat(changed.json().get("version").asInt()).isEqualTo(2);
        // Saving the same definition again adds no version.
        assertThat(admin.put("/api/v1/rules/" + ruleId, body)
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(2);

        JsonNode award = event(UUID.randomUUID().toString(), member, Map.of())
                .json()
                .get("awards")
                .get(0);
        assertThat(award.get("ruleVersion").asInt()).isEqualTo(2);
        assertThat(award.get("points").asLong()).isEqualTo(7);
        JsonNode versions = admin.get("/api/v1/rules/" + ruleId + "/versions").json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1).get("rule").get("points").asInt()).isEqualTo(5);
        assertThat(balance(member)).isEqualTo(12);
    }

    @Test
    void aBadConditionIsRefusedWithItsPosition() {
        Api.Response refused = admin.post(
                "/api/v1/rules", rule("Broken", "action", "FIXED", "points", 1, "condition", "attributes.amount >"));
        assertThat(refused.fieldErrors()).containsExactly("condition");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .contains("column 20");

        JsonNode check = admin.post(
                        "/api/v1/rules/check-condition", Api.map("condition", "member.tier == 'GOLD' && nope > 1"))
                .json();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("problems").get(0).get("column").asInt()).isEqualTo(26);
        assertThat(admin.post("/api/v1/rules/check-condition", Api.map("condition", "1 + 2"))
                        .json()
                        .get("valid")
                        .asBoolean())
                .isFalse();
        assertThat(admin.post(
                                "/api/v1/rules/check-condition",
                                Api.map("condition", "attributes.amount >= 100 && enterprise.size == 'LARGE'"))
                        .json()
                        .get("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void invalidRulesNameEveryField() {
        Api.Response refused = admin.post(
                "/api/v1/rules",
                Api.map(
                        "name",
                        "Bad " + type,
                        "eventType",
                        "no.such_type",
                        "action",
                        "MULTIPLIER",
                        "rate",
                        1,
                        "priority",
                        5000,
                        "limits",
                        Api.map("enterpriseCap", 10)));
        assertThat(refused.fieldErrors())
                .containsExactlyInAnyOrder("eventType", "rate", "limits.enterprisePeriod", "priority");
    }

    @Test
    void conditionsSeeAttributesAndMemberFactsAndPerYuanRounds() {
        create(rule(
                "Big spenders",
                "action",
                "PER_YUAN",
                "rate",
                "1.5",
                "rounding",
                "HALF_UP",
                "condition",
                "attributes.amount >= 100 && site.kind == 'OFFICE_TOWER' && member.tenureDays >= 0"));
        String member = member();

        assertThat(event(UUID.randomUUID().toString(), member, Map.of("amount", 99.99))
                        .json()
                        .get("points")
                        .asLong())
                .isZero();
        assertThat(event(UUID.randomUUID().toString(), member, Map.of("amount", 100.30))
                        .json()
                        .get("points")
                        .asLong())
                .isEqualTo(150); // 150.45 rounds half up to 150
        assertThat(event(UUID.randomUUID().toString(), member, Map.of("amount", 101))
                        .json()
                        .get("points")
                        .asLong())
                .isEqualTo(152); // 151.5 rounds half up to 152
    }

    @Test
    void multipliersStackOnWhatOtherRulesAwardedAndStopHaltsLowerRules() {
        create(rule("Base", "action", "FIXED", "points", 10, "priority", 100));
        create(rule("Double", "action", "MULTIPLIER", "rate", 2, "priority", 50));
        create(rule(
                "VIP only",
                "action",
                "FIXED",
                "points",
                1000,
                "priority",
                200,
                "stopAfter",
                true,
                "condition",
                "attributes.vip == true"));
        String member = member();

        JsonNode plain = event(UUID.randomUUID().toString(), member, Map.of()).json();
        assertThat(plain.get("points").asLong()).isEqualTo(20);
        assertThat(plain.get("awards")).hasSize(2);

        JsonNode vip =
                event(UUID.randomUUID().toString(), member, Map.of("vip", true)).json();
        assertThat(vip.get("points").asLong()).isEqualTo(1000);

        JsonNode simulation = admin.post(
                        "/api/v1/rules/simulate",
                        Api.map("type", type, "memberId", member, "attributes", Map.of("vip", true)))
                .json();
        assertThat(simulation.get("points").asLong()).isEqualTo(1000);
        List<String> outcomes = new ArrayList<>();
        simulation
                .get("rules")
                .forEach(verdict -> outcomes.add(verdict.get("outcome").asString()));
        assertThat(outcomes).containsExactly("AWARDED", "STOPPED", "STOPPED");
        assertThat(balance(member)).isEqualTo(1020);
    }

    @Test
    void limitsCapAwardsAndSimulationSaysWhyNotMore() {
        create(rule("Capped", "action", "FIXED", "points", 10, "limits", Api.map("memberDaily", 15)));
        String member = member();

        assertThat(event(UUID.randomUUID().toString(), member, Map.of())
                        .json()
                        .get("points")
                        .asLong())
                .isEqualTo(10);
        assertThat(event(UUID.randomUUID().toString(), member, Map.of())
                        .json()
                        .get("points")
                        .asLong())
                .isEqualTo(5);
        JsonNode third = event(UUID.randomUUID().toString(), member, Map.of()).json();
        assertThat(third.get("points").asLong()).isZero();
        assertThat(third.get("awards")).isEmpty();

        JsonNode verdict = admin.post("/api/v1/rules/simulate", Api.map("type", type, "memberId", member))
                .json()
                .get("rules")
                .get(0);
        assertThat(verdict.get("outcome").asString()).isEqualTo("LIMIT_REACHED");
        assertThat(verdict.get("limit").asString()).isEqualTo("memberDaily");
        assertThat(verdict.get("computed").asLong()).isEqualTo(10);
        assertThat(balance(member)).isEqualTo(15);
    }

    @Test
    void concurrentEventsNeverOverspendABudgetNorAwardAKeyTwice() throws Exception {
        create(rule("Budgeted", "action", "FIXED", "points", 10, "limits", Api.map("budgetTotal", 50)));
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(member());
        }
        String sharedKey = UUID.randomUUID().toString();
        String keyMember = members.get(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (String member : members) {
                calls.add(() -> event(UUID.randomUUID().toString(), member, Map.of()));
                calls.add(() -> event(sharedKey, keyMember, Map.of()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Response> future : pool.invokeAll(calls)) {
                statuses.add(future.get().status());
            }
            assertThat(statuses).allMatch(status -> status == 200 || status == 201);
        } finally {
            pool.shutdown();
        }
        long total = 0;
        for (String member : members) {
            total += balance(member);
        }
        assertThat(total).isEqualTo(50);
        assertThat(jdbc.sql("select count(*) from rule_event where event_key = :key")
                        .param("key", "api:" + sharedKey)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void rulesAwardOnlyInsideTheirWindowAndTheirCampaign() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        create(rule(
                "Expired",
                "action",
                "FIXED",
                "points",
                100,
                "validUntil",
                now.minusDays(1).toString()));
        Api.Response campaign = admin.post(
                "/api/v1/campaigns",
                Api.map(
                        "name",
                        "Launch " + type,
                        "startsAt",
                        now.minusDays(1).toString(),
                        "endsAt",
                        now.plusDays(6).toString(),
                        "budgetPoints",
                        25));
        assertThat(campaign.status()).as(campaign.toString()).isEqualTo(201);
        String campaignId = campaign.json().get("id").asString();
        create(rule("Launch bonus", "action", "FIXED", "points", 20, "campaignId", campaignId));
        String member = member();

        JsonNode first = event(UUID.randomUUID().toString(), member, Map.of()).json();
        assertThat(first.get("points").asLong()).isEqualTo(20);
        assertThat(first.get("awards").get(0).get("campaignId").asString()).isEqualTo(campaignId);
        assertThat(event(UUID.randomUUID().toString(), member, Map.of())
                        .json()
                        .get("points")
                        .asLong())
                .isEqualTo(5);

        JsonNode meter = admin.get("/api/v1/campaigns/" + campaignId).json();
        assertThat(meter.get("awardedPoints").asLong()).isEqualTo(25);
        assertThat(meter.get("percentUsed").asInt()).isEqualTo(100);

        JsonNode verdicts = admin.post("/api/v1/rules/simulate", Api.map("type", type, "memberId", member))
                .json()
                .get("rules");
        List<String> outcomes = new ArrayList<>();
        verdicts.forEach(verdict -> outcomes.add(verdict.get("outcome").asString()));
        assertThat(outcomes).containsExactlyInAnyOrder("OUTSIDE_WINDOW", "LIMIT_REACHED");
    }

    @Test
    void aBatchAnswersPerEvent() {
        create(rule("Batch", "action", "FIXED", "points", 3));
        String member = member();
        String key = UUID.randomUUID().toString();
        List<Map<String, Object>> events = List.of(
                Api.map("id", key, "type", type, "memberId", member),
                Api.map("id", UUID.randomUUID().toString(), "type", type, "memberId", "999999999"),
                Api.map("id", UUID.randomUUID().toString(), "type", "no.such_type", "memberId", member),
                Api.map("type", type, "memberId", member),
                Api.map("id", key, "type", type, "memberId", member));

        JsonNode answer =
                admin.post("/api/v1/events/batch", Map.of("events", events)).json();

        List<Integer> statuses = new ArrayList<>();
        answer.get("results")
                .forEach(result -> statuses.add(result.get("status").asInt()));
        assertThat(statuses).containsExactly(201, 404, 400, 400, 200);
        assertThat(answer.get("results")
                        .get(2)
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("type");
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").asInt()).isEqualTo(3);
        assertThat(balance(member)).isEqualTo(3);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= EventApiController.MAX_BATCH; i++) {
            tooMany.add(Api.map("id", "k" + i, "type", type, "memberId", member));
        }
        assertThat(admin.post("/api/v1/events/batch", Map.of("events", tooMany)).fieldErrors())
                .containsExactly("events");
    }

    @Test
    void aLargeBatchIsOneAnswerPerEventWithLimitsCountedAcrossItAndRepeatsAnsweredAsReplays() {
        create(rule("Bulk", "action", "FIXED", "points", 10, "limits", Api.map("memberDaily", 25)));
        List<String> members = List.of(member(), member(), member());
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(Api.map("id", type + "-" + i, "type", type, "memberId", members.get(i % 3)));
        }
        events.add(Api.map("id", type + "-0", "type", type, "memberId", members.get(0)));
        events.add(Api.map("id", type + "-1", "type", type, "memberId", members.get(0)));

        JsonNode answer =
                admin.post("/api/v1/events/batch", Map.of("events", events)).json();

        JsonNode results = answer.get("results");
        assertThat(results).hasSize(302);
        assertThat(answer.get("accepted").asInt()).isEqualTo(300);
        assertThat(answer.get("points").asLong()).isEqualTo(75);
        assertThat(results.get(300).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(300).get("event").get("eventId").asString())
                .isEqualTo(results.get(0).get("event").get("eventId").asString());
        assertThat(results.get(301).get("status").asInt()).isEqualTo(409);
        for (String member : members) {
            assertThat(balance(member)).isEqualTo(25);
        }
        // 10, 10, then 5 of 10 under the daily cap, then nothing, for each member.
        assertThat(results.get(0).get("event").get("points").asLong()).isEqualTo(10);
        assertThat(results.get(6).get("event").get("points").asLong()).isEqualTo(5);
        assertThat(results.get(9).get("event").get("points").asLong()).isZero();

        JsonNode again = admin.post("/api/v1/events/batch", Map.of("events", events.subList(0, 300)))
                .json();
        assertThat(again.get("replayed").asInt()).isEqualTo(300);
        assertThat(again.get("results").get(6).get("event").get("points").asLong())
                .isEqualTo(5);
        assertThat(balance(members.get(0))).isEqualTo(25);
    }

    @Test
    void eventsNeedAnIdAKnownTypeAndAPlausibleTime() {
        String member = member();
        assertThat(admin.post("/api/v1/events", Api.map("type", type, "memberId", member))
                        .fieldErrors())
                .containsExactly("id");
        assertThat(admin.post(
                                "/api/v1/events",
                                Api.map(
                                        "id",
                                        "x-" + type,
                                        "type",
                                        type,
                                        "memberId",
                                        member,
                                        "occurredAt",
                                        OffsetDateTime.now().plusDays(1).toString()))
                        .fieldErrors())
                .containsExactly("occurredAt");
    }

    @Test
    void operatorsNeverSeeEachOthersRulesMembersOrEvents() {
        String ruleId = create(rule("Private", "action", "FIXED", "points", 1));
        String member = member();
        Api mallAdmin = Api.as(port, "mall-admin");

        assertThat(mallAdmin.get("/api/v1/rules/" + ruleId).status()).isEqualTo(404);
        assertThat(mallAdmin
                        .put("/api/v1/rules/" + ruleId, rule("Hijack", "action", "FIXED", "points", 9))
                        .status())
                .isIn(400, 404);
        assertThat(mallAdmin.delete("/api/v1/rules/" + ruleId).status()).isEqualTo(404);
        assertThat(mallAdmin.get("/api/v1/rules").body()).doesNotContain(ruleId.isEmpty() ? "-" : "Private " + type);
        assertThat(mallAdmin
                        .post("/api/v1/events", Api.map("id", "m-" + type, "type", "order.paid", "memberId", member))
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .post("/api/v1/rules/simulate", Api.map("type", "order.paid", "memberId", member))
                        .status())
                .isEqualTo(404);
        assertThat(Api.as(port, "staff")
                        .post("/api/v1/rules", rule("Staff", "action", "FIXED", "points", 1))
                        .status())
                .isEqualTo(403);
        assertThat(Api.as(port, "member")
                        .post("/api/v1/events", Api.map("id", "self", "type", type, "memberId", member))
                        .status())
                .isEqualTo(403);
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;

    @Test
    void aCompletedProfileEarnsTheDemoRewardOnceEvenIfTheEventComesTwice() {
        String member = member();
        long memberId = Long.parseLong(member);
        long operatorId = testMembers.demoOperatorId();
        for (int i = 0; i < 2; i++) {
            transaction.executeWithoutResult(status -> events.publishEvent(
                    new io.enjoyspace.tenancy.MemberProfileCompleted(operatorId, memberId, java.time.Instant.now())));
        }
        io.enjoyspace.Journey.awaitEventsDelivered(jdbc);

        assertThat(balance(member)).isEqualTo(50);
        assertThat(jdbc.sql("select count(*) from rule_event where event_key = :key")
                        .param("key", "profile-completed:" + member)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anArchivedRuleStopsAwarding() {
        String ruleId = create(rule("Short lived", "action", "FIXED", "points", 4));
        String member = member();
        assertThat(admin.delete("/api/v1/rules/" + ruleId).json().get("status").asString())
                .isEqualTo("ARCHIVED");

        assertThat(event(UUID.randomUUID().toString(), member, Map.of())
                        .json()
                        .get("points")
                        .asLong())
                .isZero();
        assertThat(admin.get("/api/v1/rules").body()).doesNotContain("Short lived " + type);
        assertThat(admin.get("/api/v1/rules?archived=true").body()).contains("Short lived " + type);
    }
}
