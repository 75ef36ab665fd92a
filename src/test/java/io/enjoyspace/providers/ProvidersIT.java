package io.enjoyspace.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** An operator onboards providers, certifies and suspends them, and gives their people accounts; nobody else sees them. */
@EnjoySpaceTest
class ProvidersIT {

    @LocalServerPort
    int port;

    @Autowired
    TestProviders testProviders;

    @Autowired
    Catalog catalog;

    @Autowired
    Sites sites;

    @Autowired
    MutableClock clock;

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    private Map<String, Object> body(String name, String certification, LocalDate until) {
        long operatorId = testProviders.operatorId("demo");
        return Api.map(
                "name",
                name,
                "legalName",
                name + " 有限公司",
                "creditCode",
                "91310000MA1FL8XQ2K",
                "contacts",
                List.of(Api.map("name", "王经理", "phone", TestProviders.mobile(), "email", "wang@example.com")),
                "categoryIds",
                List.of(Long.toString(catalog.categories(operatorId).get(0).id())),
                "siteIds",
                List.of(Long.toString(sites.list(operatorId).get(0).id())),
                "commissionBasisPoints",
                1250,
                "certification",
                certification,
                "certifiedUntil",
                until == null ? null : until.toString());
    }

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anAdminOnboardsACertifiedProviderThatJoinsThePool() {
        Api admin = Api.as(port, "admin");
        String name = unique("Spotless Cleaning");

        Api.Response created = admin.post("/api/v1/providers", body(name, "CERTIFIED", today().plusMonths(6)));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode provider = created.json();
        assertThat(provider.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(provider.get("certification").asString()).isEqualTo("CERTIFIED");
        assertThat(provider.get("commissionBasisPoints").asInt()).isEqualTo(1250);
        assertThat(provider.get("contacts").get(0).get("name").asString()).isEqualTo("王经理");
        assertThat(provider.get("certificationExpiringSoon").asBoolean()).isFalse();
        String id = provider.get("id").asString();
        assertThat(admin.get("/api/v1/providers/" + id).json().get("name").asString())
                .isEqualTo(name);
        assertThat(admin.get("/api/v1/providers/pool").json().findValuesAsString("id"))
                .contains(id);
        String categoryId = provider.get("categoryIds").get(0).asString();
        assertThat(admin.get("/api/v1/providers/pool?categoryId=" + categoryId)
                        .json()
                        .findValuesAsString("id"))
                .contains(id);
        assertThat(Api.as(port, "staff").get("/api/v1/providers").json().findValuesAsString("id"))
                .contains(id);
    }

    @Test
    void onlyCertifiedActiveProvidersAreInThePool() {
        Api admin = Api.as(port, "admin");
        String pending = admin.post("/api/v1/providers", body(unique("Pending IT"), "PENDING", null))
                .json()
                .get("id")
                .asString();
        String suspended = admin.post(
                        "/api/v1/providers", body(unique("Suspended IT"), "CERTIFIED", today().plusYears(1)))
                .json()
                .get("id")
                .asString();

        Api.Response refused = admin.post("/api/v1/providers/" + suspended + "/suspend", Map.of("reason", ""));
        assertThat(refused.fieldErrors()).contains("reason");
        Api.Response suspension =
                admin.post("/api/v1/providers/" + suspended + "/suspend", Map.of("reason", "Missed three SLAs"));
        assertThat(suspension.json().get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(suspension.json().get("suspendedReason").asString()).isEqualTo("Missed three SLAs");

        assertThat(admin.get("/api/v1/providers/pool").json().findValuesAsString("id"))
                .doesNotContain(pending, suspended);

        Api.Response reactivated = admin.post("/api/v1/providers/" + suspended + "/reactivate", Map.of());
        assertThat(reactivated.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(reactivated.json().get("suspendedReason").isNull()).isTrue();
        assertThat(admin.get("/api/v1/providers/pool").json().findValuesAsString("id"))
                .contains(suspended)
                .doesNotContain(pending);
    }

    @Test
    void aCertificateReadsAsExpiredOnceItsDateHasPassed() {
        Api admin = Api.as(port, "admin");
        String id = admin.post("/api/v1/providers", body(unique("Expiring IT"), "CERTIFIED", today().plusDays(10)))
                .json()
                .get("id")
                .asString();
        JsonNode soon = admin.get("/api/v1/providers/" + id).json();
        assertThat(soon.get("certification").asString()).isEqualTo("CERTIFIED");
        assertThat(soon.get("certificationDaysLeft").asLong()).isEqualTo(10);
        assertThat(soon.get("certificationExpiringSoon").asBoolean()).isTrue();

        try {
            clock.pin(clock.instant().plus(Duration.ofDays(10)));
            // Bearer tokens are dated by the same clock: sign in again in the future.
            admin = Api.as(port, "admin");
            assertThat(admin.get("/api/v1/providers/" + id)
                            .json()
                            .get("certification")
                            .asString())
                    .isEqualTo("CERTIFIED");
            clock.advance(Duration.ofDays(1));
            admin = Api.as(port, "admin");

            JsonNode expired = admin.get("/api/v1/providers/" + id).json();
            assertThat(expired.get("certification").asString()).isEqualTo("EXPIRED");
            assertThat(expired.get("certificationDaysLeft").isNull()).isTrue();
            assertThat(admin.get("/api/v1/providers/pool").json().findValuesAsString("id"))
                    .doesNotContain(id);
        } finally {
            clock.release();
        }
    }

    @Test
    void invalidDetailsAreRefusedFieldByField() {
        Api admin = Api.as(port, "admin");
        Map<String, Object> body = body(unique("Broken"), "CERTIFIED", null);
        body.put("commissionBasisPoints", 10001);
        body.put("creditCode", "123");

        assertThat(admin.post("/api/v1/providers", body).fieldErrors())
                .containsExactlyInAnyOrder("commissionBasisPoints", "creditCode");

        Map<String, Object> uncertain = body(unique("Uncertain"), "CERTIFIED", null);
        assertThat(admin.post("/api/v1/providers", uncertain).fieldErrors()).containsExactly("certifiedUntil");

        long harbor = testProviders.operatorId("harbor");
        Map<String, Object> foreign = body(unique("Foreign"), "NONE", null);
        foreign.put(
                "categoryIds",
                List.of(Long.toString(catalog.categories(harbor).get(0).id())));
        foreign.put("siteIds", List.of(Long.toString(sites.list(harbor).get(0).id())));
        assertThat(admin.post("/api/v1/providers", foreign).fieldErrors())
                .containsExactlyInAnyOrder("categoryIds", "siteIds");

        Map<String, Object> noContact = body(unique("Hermit"), "NONE", null);
        noContact.put("contacts", List.of(Api.map("name", "X", "phone", "12", "email", "nope")));
        assertThat(admin.post("/api/v1/providers", noContact).fieldErrors())
                .containsExactlyInAnyOrder("contacts[0].phone", "contacts[0].email");
    }

    @Test
    void aProviderNameIsUniquePerOperator() {
        Api admin = Api.as(port, "admin");
        String name = unique("Twin Catering");
        assertThat(admin.post("/api/v1/providers", body(name, "NONE", null)).status())
                .isEqualTo(201);

        assertThat(admin.post("/api/v1/providers", body(name, "NONE", null)).status())
                .isEqualTo(409);
    }

    @Test
    void anAdminEditsAProvider() {
        Api admin = Api.as(port, "admin");
        String id = admin.post("/api/v1/providers", body(unique("Editable"), "PENDING", null))
                .json()
                .get("id")
                .asString();
        Map<String, Object> changed = body(unique("Edited"), "CERTIFIED", today().plusYears(2));
        changed.put("commissionBasisPoints", 800);
        changed.put("siteIds", List.of());

        JsonNode updated = admin.put("/api/v1/providers/" + id, changed).json();

        assertThat(updated.get("name").asString()).isEqualTo(changed.get("name"));
        assertThat(updated.get("commissionBasisPoints").asInt()).isEqualTo(800);
        assertThat(updated.get("certification").asString()).isEqualTo("CERTIFIED");
        assertThat(updated.get("siteIds").size()).isZero();
    }

    @Test
    void anotherOperatorCannotSeeOrChangeAProvider() {
        Provider provider = testProviders.certified("Private Cleaning");
        String path = "/api/v1/providers/" + provider.id();
        Api mall = Api.as(port, "mall-admin");

        assertThat(mall.get(path).status()).isEqualTo(404);
        assertThat(mall.put(path, body(unique("Hijacked"), "NONE", null)).status())
                .isIn(400, 404);
        assertThat(mall.post(path + "/suspend", Map.of("reason", "Because I can"))
                        .status())
                .isEqualTo(404);
        assertThat(mall.post(path + "/api-keys", Map.of("label", "mine")).status())
                .isEqualTo(404);
        assertThat(mall.get(path + "/webhook-deliveries").status()).isEqualTo(404);
        assertThat(mall.post(
                                path + "/users",
                                Api.map(
                                        "username",
                                                "hijack-"
                                                        + UUID.randomUUID()
                                                                .toString()
                                                                .substring(0, 8),
                                        "displayName", "Hijacker",
                                        "password", "long-enough-1",
                                        "role", "PROVIDER_ADMIN"))
                        .status())
                .isEqualTo(404);
        assertThat(mall.get("/api/v1/providers").json().findValuesAsString("id"))
                .doesNotContain(Long.toString(provider.id()));
        assertThat(Api.as(port, "admin").get(path).json().get("status").asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void staffReadProvidersButOnlyAdminsChangeThem() {
        Api staff = Api.as(port, "staff");

        assertThat(staff.post("/api/v1/providers", body(unique("Staff Made"), "NONE", null))
                        .status())
                .isEqualTo(403);
        assertThat(Api.as(port, "member").get("/api/v1/providers").status()).isEqualTo(403);
    }

    @Test
    void anAdminCreatesAProviderAccountThatSignsInAsProviderAndNothingElse() {
        Provider provider = testProviders.certified("Staffed Repairs");
        Api admin = Api.as(port, "admin");
        String username = "prov-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(admin.post(
                                "/api/v1/providers/" + provider.id() + "/users",
                                Api.map(
                                        "username", username,
                                        "displayName", "Repair lead",
                                        "password", "initial-pass",
                                        "role", "OPERATOR_ADMIN"))
                        .fieldErrors())
                .containsExactly("role");
        Api.Response created = admin.post(
                "/api/v1/providers/" + provider.id() + "/users",
                Api.map(
                        "username",
                        username,
                        "displayName",
                        "Repair lead",
                        "password",
                        "initial-pass",
                        "role",
                        "PROVIDER_ADMIN"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(admin.get("/api/v1/providers/" + provider.id() + "/users")
                        .json()
                        .findValuesAsString("username"))
                .containsExactly(username);

        Api providerUser = Api.as(port, username, "initial-pass");
        assertThat(providerUser.get("/api/v1/me").json().get("roles").get(0).asString())
                .isEqualTo("PROVIDER_ADMIN");
        assertThat(providerUser.get("/api/v1/providers").status()).isEqualTo(403);
        // The order list answers every role but staff, companies and members with an empty 404.
        assertThat(providerUser.get("/api/v1/orders").status()).isIn(403, 404);
        assertThat(providerUser.get("/api/v1/staff").status()).isEqualTo(403);
    }

    @Test
    void apiKeysAreListedWithoutSecretsAndRevoked() {
        Provider provider = testProviders.certified("Keyed IT");
        Api admin = Api.as(port, "admin");
        String path = "/api/v1/providers/" + provider.id() + "/api-keys";

        Api.Response issued = admin.post(path, Map.of("label", "ERP integration"));

        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("secret").asString()).startsWith("sk_");
        assertThat(issued.json().get("keyId").asString()).startsWith("pk_");
        Api.Response listed = admin.get(path);
        assertThat(listed.body()).doesNotContain(issued.json().get("secret").asString());
        assertThat(listed.json().findValuesAsString("label")).containsExactly("ERP integration");
        Api.Response revoked = admin.post(path + "/" + issued.json().get("id").asString() + "/revoke", Map.of());
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        assertThat(admin.post(path, Map.of("label", "")).fieldErrors()).containsExactly("label");
    }
}
