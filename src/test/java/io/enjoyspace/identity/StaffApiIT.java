package io.enjoyspace.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class StaffApiIT {

    @LocalServerPort
    int port;

    private static Map<String, Object> account(String username, String role, String enterpriseId) {
        return Api.map(
                "username", username,
                "displayName", "New " + role,
                "password", "correct-horse",
                "role", role,
                "enterpriseId", enterpriseId);
    }

    @Test
    void anAdminAddsFrontDeskStaffWhoCanThenCompleteOrders() {
        Api admin = Api.as(port, "admin");

        Api.Response created = admin.post("/api/v1/staff", account("desk-2", "OPERATOR_STAFF", null));

        assertThat(created.status()).isEqualTo(201);
        Api desk = Api.as(port, "desk-2", "correct-horse");
        assertThat(desk.get("/api/v1/me").json().get("roles").get(0).asString()).isEqualTo("OPERATOR_STAFF");
        assertThat(desk.get("/api/v1/orders").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/staff").json().findValuesAsString("username"))
                .contains("admin", "staff", "desk-2");
    }

    @Test
    void anEnterpriseAdminBelongsToOneOfTheOperatorsCompanies() {
        Api admin = Api.as(port, "admin");
        String huaxia = Api.as(port, "member2")
                .get("/api/v1/me")
                .json()
                .get("enterpriseId")
                .asString();
        String seaside = Api.as(port, "mall-member")
                .get("/api/v1/me")
                .json()
                .get("enterpriseId")
                .asString();

        assertThat(admin.post("/api/v1/staff", account("hx-admin", "ENTERPRISE_ADMIN", null))
                        .fieldErrors())
                .containsExactly("enterpriseId");
        assertThat(admin.post("/api/v1/staff", account("hx-admin", "ENTERPRISE_ADMIN", seaside))
                        .fieldErrors())
                .containsExactly("enterpriseId");
        Api.Response created = admin.post("/api/v1/staff", account("hx-admin", "ENTERPRISE_ADMIN", huaxia));

        assertThat(created.status()).isEqualTo(201);
        JsonNode me =
                Api.as(port, "hx-admin", "correct-horse").get("/api/v1/me").json();
        assertThat(me.get("enterpriseId").asString()).isEqualTo(huaxia);
    }

    @Test
    void membersAndPlatformAdminsAreNotCreatedHere() {
        Api admin = Api.as(port, "admin");

        assertThat(admin.post("/api/v1/staff", account("sneaky-1", "MEMBER", null))
                        .fieldErrors())
                .containsExactly("role");
        assertThat(admin.post("/api/v1/staff", account("sneaky-2", "PLATFORM_ADMIN", null))
                        .fieldErrors())
                .containsExactly("role");
        assertThat(admin.post("/api/v1/staff", account("sneaky-3", "GOD", null)).fieldErrors())
                .containsExactly("role");
    }

    @Test
    void aTakenUsernameIsAConflict() {
        assertThat(Api.as(port, "admin")
                        .post("/api/v1/staff", account("staff", "OPERATOR_STAFF", null))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void onlyOperatorAdminsManageStaffAndOnlyTheirOwn() {
        assertThat(Api.as(port, "staff").get("/api/v1/staff").status()).isEqualTo(403);
        assertThat(Api.as(port, "staff")
                        .post("/api/v1/staff", account("self-promoted", "OPERATOR_ADMIN", null))
                        .status())
                .isEqualTo(403);
        assertThat(Api.as(port, "member").get("/api/v1/staff").status()).isEqualTo(403);
        assertThat(Api.as(port, "mall-admin").get("/api/v1/staff").json().findValuesAsString("username"))
                .containsExactly("mall-admin");
    }
}
