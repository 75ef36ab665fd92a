package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class RuleApiIT {

    @LocalServerPort
    int port;

    @Test
    void theDemoOperatorAwardsOnePointPerYuan() {
        JsonNode rule = Api.as(port, "staff").get("/api/v1/points-rules").json().get(0);

        assertThat(rule.get("eventType").asString()).isEqualTo("ORDER_COMPLETED");
        assertThat(rule.get("pointsAwarded").asInt()).isEqualTo(1);
        assertThat(rule.get("perAmountMinor").asLong()).isEqualTo(100);
    }

    @Test
    void anAdminCreatesAndChangesARule() {
        Api admin = Api.as(port, "admin");
        String name = "Double points " + UUID.randomUUID();
        Api.Response created = admin.post(
                "/api/v1/points-rules",
                Api.map("name", name, "pointsAwarded", 2, "perAmountMinor", 100, "active", false));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();

        // Kept paused: other tests expect the demo's single active rule.
        Api.Response changed = admin.put(
                "/api/v1/points-rules/" + id,
                Api.map("name", name, "pointsAwarded", 3, "perAmountMinor", 1_000, "active", false));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("pointsAwarded").asInt()).isEqualTo(3);
        assertThat(changed.json().get("perAmountMinor").asLong()).isEqualTo(1_000);
        assertThat(changed.json().get("active").asBoolean()).isFalse();
    }

    @Test
    void staffAndMembersCannotChangeRules() {
        var body = Api.map("name", "Nope", "pointsAwarded", 1, "perAmountMinor", 100, "active", true);

        assertThat(Api.as(port, "staff").post("/api/v1/points-rules", body).status())
                .isEqualTo(403);
        assertThat(Api.as(port, "member").get("/api/v1/points-rules").status()).isEqualTo(403);
    }

    @Test
    void invalidRulesAreNamed() {
        Api.Response response = Api.as(port, "admin")
                .post(
                        "/api/v1/points-rules",
                        Api.map("name", "Zero", "pointsAwarded", 0, "perAmountMinor", 0, "active", true));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("pointsAwarded", "perAmountMinor");
    }

    @Test
    void anotherOperatorsRuleIsNotFound() {
        String demoRule = Api.as(port, "admin")
                .get("/api/v1/points-rules")
                .json()
                .get(0)
                .get("id")
                .asString();
        Api mallAdmin = Api.as(port, "mall-admin");

        assertThat(mallAdmin.get("/api/v1/points-rules/" + demoRule).status()).isEqualTo(404);
        assertThat(mallAdmin
                        .put(
                                "/api/v1/points-rules/" + demoRule,
                                Api.map("name", "Hijack", "pointsAwarded", 100, "perAmountMinor", 1, "active", true))
                        .status())
                .isEqualTo(404);
    }
}
