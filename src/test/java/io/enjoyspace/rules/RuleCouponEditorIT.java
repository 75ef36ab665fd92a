package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.GapMembers;
import io.enjoyspace.Journey;
import io.enjoyspace.PageSession;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rule editor page creates COUPON rules: the operator picks one of its own coupon templates. */
@EnjoySpaceTest
class RuleCouponEditorIT {

    @LocalServerPort
    int port;

    @Autowired
    GapMembers people;

    @Autowired
    JdbcClient jdbc;

    private static String template(Api admin, String name) {
        Api.Response created = admin.post(
                "/api/v1/coupon-templates",
                Api.map("name", name, "kind", "AMOUNT_OFF", "amountOffMinor", 800, "validDays", 30));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static Map<String, Object> couponRule(String name, String condition, String templateId) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("eventType", "review.submitted");
        form.put("condition", condition);
        form.put("action", "COUPON");
        form.put("couponTemplateId", templateId);
        form.put("amountAttribute", "amount");
        form.put("rounding", "DOWN");
        form.put("priority", "100");
        form.put("expiryKind", "NEVER");
        form.put("expiryCount", "0");
        form.put("pendingDays", "0");
        form.put("status", "ACTIVE");
        form.put("_stopAfter", "on");
        return form;
    }

    @Test
    void theEditorCreatesACouponRuleThatGrantsItsTemplate() {
        Api admin = Api.as(port, "admin");
        String marker = UUID.randomUUID().toString();
        String templateName = "Editor coupon " + marker.substring(0, 8);
        String templateId = template(admin, templateName);
        PageSession console = PageSession.signIn(port, "admin");
        HttpResponse<String> editor = console.get("/console/rules/new");
        assertThat(editor.body())
                .contains("value=\"COUPON\"")
                .contains("id=\"rule-coupon-template\"")
                .contains(templateName);

        HttpResponse<String> saved = console.post(
                "/console/rules/new",
                "/console/rules",
                couponRule(
                        "Editor coupon rule " + marker.substring(0, 8),
                        "attributes.marker == '" + marker + "'",
                        templateId));

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        String location = saved.headers().firstValue("Location").orElseThrow();
        String ruleId = location.replaceAll(".*/console/rules/(\\d+).*", "$1");
        Api.Response rule = admin.get("/api/v1/rules/" + ruleId);
        assertThat(rule.json().get("couponTemplateId").asString()).isEqualTo(templateId);
        assertThat(console.get("/console/rules/" + ruleId).body())
                .containsPattern("<option value=\"" + templateId + "\" selected=\"selected\"");

        long memberId = people.person("demo", "Editor rule reviewer", null).memberId();
        Api.Response event = admin.post(
                "/api/v1/events",
                Api.map(
                        "id",
                        "editor-review-" + marker,
                        "type",
                        "review.submitted",
                        "memberId",
                        Long.toString(memberId),
                        "attributes",
                        Map.of("marker", marker)));
        assertThat(event.status()).as(event.toString()).isEqualTo(201);
        Journey.awaitEventsDelivered(jdbc);
        assertThat(jdbc.sql("select template_id from coupon where member_id = :memberId and source = 'RULE'")
                        .param("memberId", memberId)
                        .query(Long.class)
                        .list())
                .containsExactly(Long.parseLong(templateId));
    }

    @Test
    void aCouponRuleWithoutATemplateOrWithAnotherOperatorsIsShownBesideTheField() {
        String harborTemplate = template(Api.as(port, "mall-admin"), "Harbor rule coupon " + UUID.randomUUID());
        PageSession console = PageSession.signIn(port, "admin");
        String name = "Refused coupon rule " + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> missing = console.post("/console/rules/new", "/console/rules", couponRule(name, "", ""));
        HttpResponse<String> foreign =
                console.post("/console/rules/new", "/console/rules", couponRule(name, "", harborTemplate));

        for (HttpResponse<String> refused : List.of(missing, foreign)) {
            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body()).contains("id=\"rule-coupon-template-error\"");
        }
        assertThat(foreign.body()).contains("Choose one of your coupon templates.");
        assertThat(jdbc.sql("select count(*) from rule where name = :name")
                        .param("name", name)
                        .query(Long.class)
                        .single())
                .isZero();
        // The API answers another operator's template as unknown.
        Api.Response api = Api.as(port, "admin")
                .post(
                        "/api/v1/rules",
                        Api.map(
                                "name",
                                name,
                                "eventType",
                                "review.submitted",
                                "action",
                                "COUPON",
                                "couponTemplateId",
                                harborTemplate));
        assertThat(api.status()).isEqualTo(404);
    }
}
