package io.enjoyspace.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class TenancyApiIT {

    @LocalServerPort
    int port;

    @Test
    void staffSeeTheirSitesEnterprisesAndMembers() {
        Api staff = Api.as(port, "staff");

        assertThat(staff.get("/api/v1/sites").json().findValuesAsString("name"))
                .contains("Lujiazui Century Tower", "Zhangjiang Innovation Park");
        JsonNode enterprises = staff.get("/api/v1/enterprises").json();
        assertThat(enterprises.size()).isGreaterThanOrEqualTo(5);
        JsonNode lanting = enterprises.findParents("name").stream()
                .filter(e -> e.get("name").asString().equals("Lanting Technology"))
                .findFirst()
                .orElseThrow();
        assertThat(lanting.get("leaseMonthlyRentMinor").asLong()).isEqualTo(36_000_000);
        assertThat(lanting.get("sizeBand").asString()).isEqualTo("MEDIUM");
        assertThat(staff.get("/api/v1/members").json().size()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void anEnterpriseAdminSeesOnlyTheirCompany() {
        Api entAdmin = Api.as(port, "ent-admin");
        String ownId = Api.as(port, "member")
                .get("/api/v1/me")
                .json()
                .get("enterpriseId")
                .asString();
        String otherId = Api.as(port, "member2")
                .get("/api/v1/me")
                .json()
                .get("enterpriseId")
                .asString();
        String otherMember =
                Api.as(port, "member2").get("/api/v1/me").json().get("memberId").asString();

        assertThat(entAdmin.get("/api/v1/enterprises").json().findValuesAsString("id"))
                .containsExactly(ownId);
        assertThat(entAdmin.get("/api/v1/enterprises/" + otherId).status()).isEqualTo(404);
        assertThat(entAdmin.get("/api/v1/members/" + otherMember).status()).isEqualTo(404);
        assertThat(entAdmin.get("/api/v1/members").json().findValuesAsString("enterpriseId"))
                .containsOnly(ownId);
    }

    @Test
    void aMemberSeesThemselfOnly() {
        Api member = Api.as(port, "member");
        JsonNode me = member.get("/api/v1/me").json();
        String other =
                Api.as(port, "member2").get("/api/v1/me").json().get("memberId").asString();

        assertThat(member.get("/api/v1/members/" + me.get("memberId").asString())
                        .status())
                .isEqualTo(200);
        assertThat(member.get("/api/v1/members/" + other).status()).isEqualTo(404);
        assertThat(member.get("/api/v1/members").status()).isEqualTo(403);
        assertThat(member.get("/api/v1/sites").status()).isEqualTo(403);
    }

    @Test
    void anotherOperatorsTenantsAreNotFound() {
        Api mallAdmin = Api.as(port, "mall-admin");
        Api member = Api.as(port, "member");
        String enterpriseId =
                member.get("/api/v1/me").json().get("enterpriseId").asString();
        String memberId = member.get("/api/v1/me").json().get("memberId").asString();

        assertThat(mallAdmin.get("/api/v1/enterprises/" + enterpriseId).status())
                .isEqualTo(404);
        assertThat(mallAdmin.get("/api/v1/members/" + memberId).status()).isEqualTo(404);
        assertThat(mallAdmin.get("/api/v1/enterprises").json().findValuesAsString("name"))
                .containsExactly("Seaside Café");
        assertThat(mallAdmin.get("/api/v1/sites").json().findValuesAsString("name"))
                .containsExactly("Harbor Mall");
        assertThat(mallAdmin.get("/api/v1/members").json().findValuesAsString("id"))
                .doesNotContain(memberId);
    }

    @Test
    void anOperatorAdminAddsATenantCompanyWithItsLease() {
        Api admin = Api.as(port, "admin");
        String siteId = admin.get("/api/v1/sites").json().get(0).get("id").asString();

        Api.Response created = admin.post(
                "/api/v1/enterprises",
                Api.map(
                        "siteId", siteId,
                        "name", "Yunfan Robotics",
                        "industry", "Robotics",
                        "headcount", 120,
                        "leaseMonthlyRentMinor", 45_000_000,
                        "leaseStartsOn", "2026-01-01",
                        "leaseEndsOn", "2028-12-31"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("sizeBand").asString()).isEqualTo("MEDIUM");
        assertThat(created.json().get("invitationCode").asString()).hasSize(8);
    }

    @Test
    void aLeaseEndingBeforeItStartsOrAForeignSiteIsRefused() {
        Api admin = Api.as(port, "admin");
        String siteId = admin.get("/api/v1/sites").json().get(0).get("id").asString();
        String mallSite = Api.as(port, "mall-admin")
                .get("/api/v1/sites")
                .json()
                .get(0)
                .get("id")
                .asString();

        assertThat(admin.post(
                                "/api/v1/enterprises",
                                Api.map(
                                        "siteId",
                                        siteId,
                                        "name",
                                        "Backwards",
                                        "industry",
                                        "Time",
                                        "headcount",
                                        1,
                                        "leaseMonthlyRentMinor",
                                        1,
                                        "leaseStartsOn",
                                        "2027-01-01",
                                        "leaseEndsOn",
                                        "2026-01-01"))
                        .fieldErrors())
                .containsExactly("leaseEndsOn");
        assertThat(admin.post(
                                "/api/v1/enterprises",
                                Api.map(
                                        "siteId",
                                        mallSite,
                                        "name",
                                        "Elsewhere",
                                        "industry",
                                        "Retail",
                                        "headcount",
                                        1,
                                        "leaseMonthlyRentMinor",
                                        1,
                                        "leaseStartsOn",
                                        "2026-01-01",
                                        "leaseEndsOn",
                                        "2027-01-01"))
                        .fieldErrors())
                .containsExactly("siteId");
        assertThat(admin.post(
                                "/api/v1/enterprises",
                                Api.map(
                                        "siteId",
                                        siteId,
                                        "name",
                                        "Bad date",
                                        "industry",
                                        "Time",
                                        "headcount",
                                        -3,
                                        "leaseMonthlyRentMinor",
                                        1,
                                        "leaseStartsOn",
                                        "yesterday",
                                        "leaseEndsOn",
                                        "2026-01-01"))
                        .fieldErrors())
                .containsExactly("leaseStartsOn");
    }
}
