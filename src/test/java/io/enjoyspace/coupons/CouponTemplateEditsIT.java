package io.enjoyspace.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.GapMembers;
import io.enjoyspace.PageSession;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Operators change a template's name, stock, limit, validity and scope after creating it, and archive it. */
@EnjoySpaceTest
class CouponTemplateEditsIT {

    @LocalServerPort
    int port;

    @Autowired
    GapMembers people;

    private String template(Api admin, int stock) {
        Api.Response created = admin.post(
                "/api/v1/coupon-templates",
                Api.map(
                        "name",
                        "Editable " + UUID.randomUUID(),
                        "kind",
                        "AMOUNT_OFF",
                        "amountOffMinor",
                        500,
                        "totalStock",
                        stock,
                        "perMemberLimit",
                        1,
                        "validDays",
                        30));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private Api.Response claim(Api member, String templateId) {
        return member.post("/api/v1/me/coupons", Api.map("templateId", templateId));
    }

    private static Map<String, Object> changes(String name, Integer stock, int perMember, int validDays) {
        return Api.map(
                "name",
                name,
                "totalStock",
                stock,
                "perMemberLimit",
                perMember,
                "validDays",
                validDays,
                "siteIds",
                List.of());
    }

    @Test
    void theStockCanFallToWhatWasIssuedButNotBelowIt() {
        Api admin = Api.as(port, "admin");
        String id = template(admin, 5);
        assertThat(claim(people.person("demo", "Edit claimer one", null).api(port), id)
                        .status())
                .isEqualTo(201);
        assertThat(claim(people.person("demo", "Edit claimer two", null).api(port), id)
                        .status())
                .isEqualTo(201);

        Api.Response below = admin.put("/api/v1/coupon-templates/" + id, changes("Too few", 1, 1, 30));

        assertThat(below.status()).as(below.toString()).isEqualTo(400);
        assertThat(below.fieldErrors()).containsExactly("totalStock");
        assertThat(admin.get("/api/v1/coupon-templates/" + id)
                        .json()
                        .get("totalStock")
                        .asInt())
                .isEqualTo(5);

        String name = "Renamed " + UUID.randomUUID();
        Api.Response changed = admin.put("/api/v1/coupon-templates/" + id, changes(name, 2, 3, 7));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("name").asString()).isEqualTo(name);
        assertThat(changed.json().get("totalStock").asInt()).isEqualTo(2);
        assertThat(changed.json().get("stockLeft").asInt()).isZero();
        assertThat(changed.json().get("perMemberLimit").asInt()).isEqualTo(3);
        assertThat(changed.json().get("validDays").asInt()).isEqualTo(7);
        assertThat(changed.json().get("kind").asString()).isEqualTo("AMOUNT_OFF");
        assertThat(changed.json().get("amountOffMinor").asLong()).isEqualTo(500);
        Api.Response soldOut =
                claim(people.person("demo", "Edit claimer three", null).api(port), id);
        assertThat(soldOut.status()).isEqualTo(409);
    }

    @Test
    void aRaisedPerMemberLimitAndANewScopeApplyToLaterClaims() {
        Api admin = Api.as(port, "admin");
        String id = template(admin, 10);
        Api member = people.person("demo", "Edit limit claimer", null).api(port);
        assertThat(claim(member, id).status()).isEqualTo(201);
        assertThat(claim(member, id).status()).isEqualTo(409);
        String siteId = Long.toString(people.siteId("demo"));

        Map<String, Object> body = changes("Limit two " + UUID.randomUUID(), null, 2, 30);
        body.put("siteIds", List.of(siteId));
        Api.Response changed = admin.put("/api/v1/coupon-templates/" + id, body);

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("totalStock").isNull()).isTrue();
        assertThat(changed.json().get("siteIds").get(0).asString()).isEqualTo(siteId);
        assertThat(claim(member, id).status()).isEqualTo(201);
    }

    @Test
    void badChangesNameTheirFields() {
        Api admin = Api.as(port, "admin");
        String id = template(admin, 10);

        Api.Response refused = admin.put(
                "/api/v1/coupon-templates/" + id,
                Api.map("name", "No validity " + UUID.randomUUID(), "perMemberLimit", 0, "totalStock", 0));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).contains("perMemberLimit", "totalStock", "validDays");
    }

    @Test
    void anArchivedTemplateIssuesNothingAndCannotBeChangedOrResumed() {
        Api admin = Api.as(port, "admin");
        String id = template(admin, 10);
        Api member = people.person("demo", "Archive claimer", null).api(port);
        Api.Response kept = claim(member, id);
        assertThat(kept.status()).isEqualTo(201);

        Api.Response archived = admin.post("/api/v1/coupon-templates/" + id + "/archive", Map.of());

        assertThat(archived.status()).as(archived.toString()).isEqualTo(200);
        assertThat(archived.json().get("status").asString()).isEqualTo("ARCHIVED");
        assertThat(claim(people.person("demo", "Late claimer", null).api(port), id)
                        .status())
                .isEqualTo(409);
        assertThat(admin.put("/api/v1/coupon-templates/" + id, changes("After archive", 10, 1, 30))
                        .status())
                .isEqualTo(409);
        assertThat(admin.put("/api/v1/coupon-templates/" + id + "/status", Api.map("status", "ACTIVE"))
                        .status())
                .isEqualTo(409);
        List<String> offered = new java.util.ArrayList<>();
        member.get("/api/v1/me/coupon-offers")
                .json()
                .forEach(offer -> offered.add(offer.get("template").get("id").asString()));
        assertThat(offered).doesNotContain(id);
        // The coupon already issued is still the member's to use.
        String couponId = kept.json().get("id").asString();
        assertThat(member.get("/api/v1/me/coupons/" + couponId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ISSUED");
    }

    @Test
    void anotherOperatorCanNeitherChangeNorArchiveTheTemplate() {
        Api admin = Api.as(port, "admin");
        String id = template(admin, 10);
        Api harbor = Api.as(port, "mall-admin");

        assertThat(harbor.put("/api/v1/coupon-templates/" + id, changes("Hijacked", 10, 1, 30))
                        .status())
                .isEqualTo(404);
        assertThat(harbor.post("/api/v1/coupon-templates/" + id + "/archive", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/coupon-templates/" + id)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void theConsoleFormSavesChangesAndShowsAStockBelowTheIssuedBesideTheField() {
        Api admin = Api.as(port, "admin");
        String id = template(admin, 5);
        assertThat(claim(people.person("demo", "Page claimer one", null).api(port), id)
                        .status())
                .isEqualTo(201);
        assertThat(claim(people.person("demo", "Page claimer two", null).api(port), id)
                        .status())
                .isEqualTo(201);
        PageSession console = PageSession.signIn(port, "admin");
        String page = "/console/coupons/" + id;
        for (String language : List.of("en", "zh-CN")) {
            HttpResponse<String> shown = console.get(page, language);
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.body()).contains("id=\"edit-form\"").doesNotContain("??");
        }

        HttpResponse<String> refused = console.post(
                page,
                page + "/edit",
                Map.of("name", "Page edit", "totalStock", "1", "perMemberLimit", "1", "validDays", "30"));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body())
                .containsPattern("id=\"edit-stock\"[^>]*is-invalid|is-invalid[^>]*id=\"edit-stock\"")
                .contains("The stock cannot be below the 2 coupons already issued.");

        String name = "Page renamed " + UUID.randomUUID();
        HttpResponse<String> saved = console.post(
                page,
                page + "/edit",
                Map.of("name", name, "totalStock", "3", "perMemberLimit", "2", "validDays", "15"));

        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(admin.get("/api/v1/coupon-templates/" + id)
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo(name);
        assertThat(admin.get("/api/v1/coupon-templates/" + id)
                        .json()
                        .get("totalStock")
                        .asInt())
                .isEqualTo(3);

        HttpResponse<String> archived = console.post(page, page + "/archive", Map.of());
        assertThat(archived.statusCode()).isEqualTo(302);
        assertThat(console.get(page).body()).doesNotContain("id=\"edit-form\"").contains("Archived");
    }
}
