package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Segments through the API: previews equal member lists and CSVs, errors name the field, operators stay apart. */
@EnjoySpaceTest
class SegmentsIT {

    @LocalServerPort
    int port;

    @Autowired
    TagWorld worlds;

    @Autowired
    TagComputation computation;

    @Autowired
    JdbcClient jdbc;

    private Api admin(TagWorld.World world) {
        return Api.as(port, world.admin(), TagWorld.PASSWORD);
    }

    private static Map<String, Object> condition(String field, String operator, String value) {
        return Api.map("field", field, "operator", operator, "value", value);
    }

    private static Map<String, Object> segment(String name, String match, Object... conditions) {
        return Api.map("name", name, "match", match, "conditions", List.of(conditions));
    }

    private static Set<String> ids(JsonNode items) {
        Set<String> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.get("memberId").asString()));
        return ids;
    }

    @Test
    void aPreviewEqualsTheMemberListAndTheCsv() {
        TagWorld.World world = worlds.create();
        Set<String> expected = new HashSet<>();
        for (int orders = 1; orders <= 6; orders++) {
            long member = worlds.member(world, null);
            for (int i = 0; i < orders; i++) {
                worlds.paid(world, member, 3_000, 3);
            }
            if (orders >= 4) {
                expected.add(Long.toString(member));
            }
        }
        for (int i = 0; i < 3; i++) {
            expected.add(Long.toString(worlds.member(world, null)));
        }
        worlds.rollUp();
        computation.recomputeAll(world.operatorId());
        Api admin = admin(world);
        Map<String, Object> body = segment(
                "Busy or idle", "ANY", condition("orders12m", "gte", "4"), condition("tag", "has", "activity:none"));

        Api.Response preview = admin.post("/api/v1/segments/preview", body);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        Api.Response created = admin.post("/api/v1/segments", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        JsonNode members =
                admin.get("/api/v1/segments/" + id + "/members?size=200").json();
        Api.Response csv = admin.get("/api/v1/segments/" + id + "/members.csv");

        assertThat(preview.json().get("size").asLong()).isEqualTo(expected.size());
        assertThat(ids(preview.json().get("sample"))).isSubsetOf(expected);
        assertThat(created.json().get("memberCount").asLong()).isEqualTo(expected.size());
        assertThat(members.get("total").asLong()).isEqualTo(expected.size());
        assertThat(ids(members.get("items"))).isEqualTo(expected);
        List<String> lines = csv.body().lines().skip(1).toList();
        Set<String> csvIds = new HashSet<>();
        lines.forEach(line -> csvIds.add(line.split(",")[0].replace("\"", "")));
        assertThat(csvIds).isEqualTo(expected);
        assertThat(lines).hasSize(expected.size());
    }

    @Test
    void invalidConditionsAreRefusedNamingTheField() {
        TagWorld.World world = worlds.create();
        Api admin = admin(world);

        Api.Response refused = admin.post(
                "/api/v1/segments",
                segment(
                        "",
                        "ALL",
                        condition("orders12m", "gte", "2"),
                        condition("orders12m", "gte", "many"),
                        condition("shoeSize", "eq", "42"),
                        condition("tag", "gte", "rfm:loyal"),
                        condition("registered", "before", "yesterday"),
                        Api.map("match", "ANY", "conditions", List.of(condition("sizeBand", "eq", "huge")))));
        Api.Response empty = admin.post("/api/v1/segments/preview", segment("x", "ALL"));
        Api.Response badMatch =
                admin.post("/api/v1/segments/preview", segment("x", "SOME", condition("tag", "has", "a:b")));

        assertThat(refused.fieldErrors())
                .containsExactly(
                        "name",
                        "conditions[1].value",
                        "conditions[2].field",
                        "conditions[3].operator",
                        "conditions[4].value",
                        "conditions[5].conditions[0].value");
        assertThat(empty.fieldErrors()).containsExactly("conditions");
        assertThat(badMatch.fieldErrors()).containsExactly("match");
    }

    @Test
    void aMessageReachesEveryMemberOfTheSegmentOnce() {
        TagWorld.World world = worlds.create();
        List<Long> vips = new ArrayList<>();
        Api admin = admin(world);
        for (int i = 0; i < 3; i++) {
            long member = worlds.member(world, null);
            vips.add(member);
            admin.post("/api/v1/members/" + member + "/tags", Api.map("label", "VIP"));
        }
        long outsider = worlds.member(world, null);
        String id = admin.post("/api/v1/segments", segment("VIPs", "ALL", condition("tag", "has", "manual:VIP")))
                .json()
                .get("id")
                .asString();
        String key = UUID.randomUUID().toString();
        Map<String, Object> message = Api.map("title", "Rooftop party", "body", "Friday 6 pm, level 30.");

        Api.Response sent = admin.post("/api/v1/segments/" + id + "/messages", message, Map.of("Idempotency-Key", key));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("notified").asInt()).isEqualTo(3);
        assertThat(sent.json().get("members").asInt()).isEqualTo(3);
        assertThat(notices(world.operatorId(), vips)).isEqualTo(3);
        assertThat(notices(world.operatorId(), List.of(outsider))).isZero();

        Api.Response replayed =
                admin.post("/api/v1/segments/" + id + "/messages", message, Map.of("Idempotency-Key", key));
        assertThat(replayed.json().get("notified").asInt())
                .as("a retry notifies nobody twice")
                .isZero();
        assertThat(notices(world.operatorId(), vips)).isEqualTo(3);

        assertThat(admin.post(
                                "/api/v1/segments/" + id + "/messages",
                                Api.map("title", " ", "body", "x"),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                        .fieldErrors())
                .containsExactly("title");
        assertThat(Api.as(port, "mall-admin")
                        .post(
                                "/api/v1/segments/" + id + "/messages",
                                message,
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                        .status())
                .isEqualTo(404);
    }

    private long notices(long operatorId, List<Long> memberIds) {
        return jdbc.sql("""
                        select count(*) from inbox_message
                        where operator_id = :operatorId and member_id in (:members)
                          and code = 'segments.message.notice'
                        """)
                .param("operatorId", operatorId)
                .param("members", memberIds)
                .query(Long.class)
                .single();
    }

    @Test
    void anotherOperatorSeesNeitherSegmentsNorTags() {
        TagWorld.World world = worlds.create();
        long member = worlds.member(world, null);
        Api admin = admin(world);
        admin.post("/api/v1/members/" + member + "/tags", Api.map("label", "VIP"));
        String id = admin.post("/api/v1/segments", segment("VIPs", "ALL", condition("tag", "has", "manual:VIP")))
                .json()
                .get("id")
                .asString();
        Api harbor = Api.as(port, "mall-admin");

        assertThat(harbor.get("/api/v1/segments/" + id).status()).isEqualTo(404);
        assertThat(harbor.get("/api/v1/segments/" + id + "/members").status()).isEqualTo(404);
        assertThat(harbor.get("/api/v1/segments/" + id + "/members.csv").status())
                .isEqualTo(404);
        assertThat(harbor.put("/api/v1/segments/" + id, segment("Mine", "ALL", condition("tag", "has", "a:b")))
                        .status())
                .isEqualTo(404);
        assertThat(harbor.delete("/api/v1/segments/" + id).status()).isEqualTo(404);
        assertThat(harbor.get("/api/v1/segments").json().findValuesAsString("id"))
                .doesNotContain(id);
        assertThat(harbor.get("/api/v1/members/" + member + "/tags").status()).isEqualTo(404);
        assertThat(harbor.post("/api/v1/members/" + member + "/tags", Api.map("label", "Mine"))
                        .status())
                .isEqualTo(404);
        assertThat(harbor.delete("/api/v1/members/" + member + "/tags?tag=manual:VIP")
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/segments/" + id).json().get("memberCount").asLong())
                .isEqualTo(1);
        assertThat(admin.get("/api/v1/members/" + member + "/tags").json().findValuesAsString("tag"))
                .contains("manual:VIP");
    }

    @Test
    void aCouponPushedToASegmentReachesExactlyItsMembers() {
        TagWorld.World world = worlds.create();
        Api admin = admin(world);
        List<Long> vips = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long member = worlds.member(world, null);
            assertThat(admin.post("/api/v1/members/" + member + "/tags", Api.map("label", "Gold club"))
                            .status())
                    .isEqualTo(201);
            vips.add(member);
        }
        for (int i = 0; i < 2; i++) {
            worlds.member(world, null);
        }
        String segmentId = admin.post(
                        "/api/v1/segments", segment("Gold club", "ALL", condition("tag", "has", "manual:Gold club")))
                .json()
                .get("id")
                .asString();
        Api.Response template = admin.post(
                "/api/v1/coupon-templates",
                Api.map("name", "Club coupon", "kind", "AMOUNT_OFF", "amountOffMinor", 1_000, "validDays", 30));
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
        String templateId = template.json().get("id").asString();

        Api.Response pushed = admin.post(
                "/api/v1/coupon-templates/" + templateId + "/issues",
                Api.map("audience", "SEGMENT", "segmentId", segmentId),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        Api.Response foreign = Api.as(port, "mall-admin")
                .post(
                        "/api/v1/coupon-templates/" + templateId + "/issues",
                        Api.map("audience", "SEGMENT", "segmentId", segmentId),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        Api.Response missing = admin.post(
                "/api/v1/coupon-templates/" + templateId + "/issues",
                Api.map("audience", "SEGMENT"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));

        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        assertThat(pushed.json().get("issued").asInt()).isEqualTo(3);
        assertThat(jdbc.sql("select member_id from coupon where operator_id = ? and template_id = ?")
                        .params(world.operatorId(), Long.parseLong(templateId))
                        .query(Long.class)
                        .list())
                .containsExactlyInAnyOrderElementsOf(vips);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.fieldErrors()).containsExactly("segmentId");
    }

    @Test
    void tagRulesTagTheirMembersAndManualTagsComeAndGo() {
        TagWorld.World world = worlds.create();
        long bigSpender = worlds.member(world, null);
        worlds.paid(world, bigSpender, 25_000, 1);
        long smallSpender = worlds.member(world, null);
        worlds.paid(world, smallSpender, 5_000, 1);
        worlds.rollUp();
        computation.recomputeAll(world.operatorId());
        Api admin = admin(world);

        Api.Response rule = admin.post(
                "/api/v1/tag-rules",
                Api.map(
                        "code",
                        "big-spender",
                        "name",
                        "Big spender",
                        "match",
                        "ALL",
                        "conditions",
                        List.of(condition("spend12m", "gte", "200"))));
        Api.Response nested = admin.post(
                "/api/v1/tag-rules",
                Api.map(
                        "code",
                        "nested",
                        "name",
                        "Nested",
                        "conditions",
                        List.of(condition("tag", "has", "rule:big-spender"))));
        Api.Response added = admin.post("/api/v1/members/" + smallSpender + "/tags", Api.map("label", "Newsletter"));
        Api.Response badLabel = admin.post("/api/v1/members/" + smallSpender + "/tags", Api.map("label", "a:b"));

        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        assertThat(nested.fieldErrors()).containsExactly("conditions[0].value");
        assertThat(added.status()).isEqualTo(201);
        assertThat(badLabel.fieldErrors()).containsExactly("label");
        assertThat(admin.get("/api/v1/members/" + bigSpender + "/tags").json().findValuesAsString("tag"))
                .contains("rule:big-spender");
        assertThat(admin.get("/api/v1/members/" + smallSpender + "/tags").json().findValuesAsString("tag"))
                .contains("manual:Newsletter")
                .doesNotContain("rule:big-spender");

        computation.recomputeAll(world.operatorId());
        assertThat(admin.get("/api/v1/members/" + bigSpender + "/tags").json().findValuesAsString("tag"))
                .contains("rule:big-spender");
        assertThat(admin.get("/api/v1/members/" + smallSpender + "/tags").json().findValuesAsString("tag"))
                .contains("manual:Newsletter");
        assertThat(admin.delete("/api/v1/members/" + smallSpender + "/tags?tag=manual:Newsletter")
                        .status())
                .isEqualTo(204);
        assertThat(admin.get("/api/v1/members/" + smallSpender + "/tags").json().findValuesAsString("tag"))
                .doesNotContain("manual:Newsletter");
        assertThat(admin.get("/api/v1/members/" + bigSpender + "/scores")
                        .json()
                        .get("spend12MonthsMinor")
                        .asLong())
                .isEqualTo(25_000);
    }

    @Test
    void rulesScopedToATagOrASegmentAwardOnlyItsMembers() {
        TagWorld.World world = worlds.create();
        Api admin = admin(world);
        long vip = worlds.member(world, null);
        long other = worlds.member(world, null);
        admin.post("/api/v1/members/" + vip + "/tags", Api.map("label", "VIP"));
        String segmentId = admin.post("/api/v1/segments", segment("VIP", "ALL", condition("tag", "has", "manual:VIP")))
                .json()
                .get("id")
                .asString();
        String byTag = eventType(admin, "tagged");
        String bySegment = eventType(admin, "segmented");
        Api.Response tagRule = admin.post(
                "/api/v1/rules",
                Api.map(
                        "name",
                        "VIP tag bonus",
                        "eventType",
                        byTag,
                        "action",
                        "FIXED",
                        "points",
                        10,
                        "condition",
                        "'manual:VIP' in member.tags"));
        Api.Response segmentRule = admin.post(
                "/api/v1/rules",
                Api.map(
                        "name",
                        "VIP segment bonus",
                        "eventType",
                        bySegment,
                        "action",
                        "FIXED",
                        "points",
                        7,
                        "condition",
                        "'" + segmentId + "' in member.segments"));
        assertThat(tagRule.status()).as(tagRule.toString()).isEqualTo(201);
        assertThat(segmentRule.status()).as(segmentRule.toString()).isEqualTo(201);

        for (String type : List.of(byTag, bySegment)) {
            for (long member : List.of(vip, other)) {
                Api.Response event = admin.post(
                        "/api/v1/events",
                        Api.map("type", type, "memberId", Long.toString(member), "attributes", Map.of()),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                assertThat(event.status()).as(event.toString()).isEqualTo(201);
            }
        }

        assertThat(admin.get("/api/v1/members/" + vip + "/points")
                        .json()
                        .get("balance")
                        .asLong())
                .isEqualTo(17);
        assertThat(admin.get("/api/v1/members/" + other + "/points")
                        .json()
                        .get("balance")
                        .asLong())
                .isZero();
    }

    private static String eventType(Api admin, String name) {
        String code = "seg.t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Api.Response created = admin.post("/api/v1/event-types", Api.map("code", code, "name", name + " " + code));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return code;
    }
}
