package io.enjoyspace.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class AuthApiIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTokenIsIssuedForTheRightPassword() {
        Api.Response response =
                Api.anonymous(port).post("/api/v1/auth/token", Map.of("username", "member", "password", "demo"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode token = response.json();
        assertThat(token.get("accessToken").asString()).hasSizeGreaterThan(30);
        assertThat(token.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(token.get("expiresIn").asLong()).isEqualTo(43_200);
    }

    @Test
    void aWrongPasswordIsUnauthorizedWithoutDetail() {
        Api.Response response =
                Api.anonymous(port).post("/api/v1/auth/token", Map.of("username", "member2", "password", "wrong"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().has("detail")).isFalse();
    }

    @Test
    void aMissingUsernameIsNamed() {
        Api.Response response = Api.anonymous(port).post("/api/v1/auth/token", Map.of("password", "demo"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("username");
    }

    @Test
    void meDescribesAMemberAndTheirCompany() {
        JsonNode me = Api.as(port, "member").get("/api/v1/me").json();

        assertThat(me.get("name").asString()).isNotBlank();
        assertThat(me.get("roles").get(0).asString()).isEqualTo("MEMBER");
        assertThat(me.get("enterpriseId").isNull()).isFalse();
        assertThat(me.get("memberId").isNull()).isFalse();
    }

    @Test
    void meDescribesStaffWithoutAMember() {
        JsonNode me = Api.as(port, "staff").get("/api/v1/me").json();

        assertThat(me.get("roles").get(0).asString()).isEqualTo("OPERATOR_STAFF");
        assertThat(me.get("memberId").isNull()).isTrue();
    }

    @Test
    void anUnknownOrMalformedTokenIsUnauthorized() {
        Api.Response response = Api.anonymous(port).get("/api/v1/me");
        assertThat(response.status()).isEqualTo(401);
        assertThat(Api.as(port, "member").get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void passwordsAreStoredAsAdaptiveHashes() {
        String hash = jdbc.sql("select password_hash from app_user where username = 'member'")
                .query(String.class)
                .single();

        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("demo");
    }

    @Test
    void failedSignInsAreThrottled() {
        String mobile = register("LANTING1").get("username").asString();
        Api anonymous = Api.anonymous(port);
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous
                            .post("/api/v1/auth/token", Map.of("username", mobile, "password", "wrong-" + i))
                            .status())
                    .isEqualTo(401);
        }

        Api.Response locked =
                anonymous.post("/api/v1/auth/token", Map.of("username", mobile, "password", "correct-horse"));

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isEqualTo("900");
    }

    @Test
    void aPersonRegistersWithTheirCompanysCodeAndSignsInWithTheirMobile() {
        JsonNode registered = register("lanting1");

        Api member = Api.as(port, registered.get("username").asString(), "correct-horse");
        JsonNode me = member.get("/api/v1/me").json();

        assertThat(me.get("memberId").asString())
                .isEqualTo(registered.get("memberId").asString());
        String lanting = Api.as(port, "member")
                .get("/api/v1/me")
                .json()
                .get("enterpriseId")
                .asString();
        assertThat(me.get("enterpriseId").asString()).isEqualTo(lanting);
    }

    @Test
    void aSiteCodeRegistersAMemberWithoutACompany() {
        JsonNode registered = register("TOWER88");

        JsonNode me = Api.as(port, registered.get("username").asString(), "correct-horse")
                .get("/api/v1/me")
                .json();

        assertThat(me.get("enterpriseId").isNull()).isTrue();
    }

    @Test
    void registrationRefusesUnknownCodesAndTakenMobiles() {
        Api anonymous = Api.anonymous(port);
        Api.Response unknown = anonymous.post("/api/v1/registrations", registration("NOPE0000", "13700009999"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").findValuesAsString("field")).containsExactly("invitationCode");

        Api.Response taken = anonymous.post("/api/v1/registrations", registration("LANTING1", "13800000001"));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().get("errors").findValuesAsString("field")).containsExactly("mobile");

        Api.Response invalid = anonymous.post(
                "/api/v1/registrations",
                Map.of("invitationCode", "LANTING1", "name", "", "mobile", "abc", "password", "short"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "mobile", "password");
    }

    private JsonNode register(String code) {
        String mobile = "1395550%04d".formatted(mobiles.incrementAndGet());
        Api.Response response = Api.anonymous(port).post("/api/v1/registrations", registration(code, mobile));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static Map<String, Object> registration(String code, String mobile) {
        return Api.map(
                "invitationCode", code,
                "name", "测试 Tester",
                "mobile", mobile,
                "email", "tester@example.com",
                "password", "correct-horse");
    }
}
