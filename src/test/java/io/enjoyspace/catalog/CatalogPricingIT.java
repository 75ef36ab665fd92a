package io.enjoyspace.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Operators;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Operators set up categories, offerings and their prices; members see their own price with its breakdown. */
@EnjoySpaceTest
class CatalogPricingIT {

    @LocalServerPort
    int port;

    @Autowired
    Operators operators;

    @Autowired
    Enterprises enterprises;

    Api admin;
    Api member;
    String tag;

    @BeforeEach
    void signIn() {
        admin = Api.as(port, "admin");
        member = Api.as(port, "member");
        tag = "prc" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aMemberSeesTheirCompanysNegotiatedPriceInTheBreakdown() {
        String category = category(tag, "ENTERPRISE", null);
        String offering = offering(Map.of(
                "categoryId",
                category,
                "name",
                tag + " copies",
                "priceMinor",
                150,
                "pricing",
                Map.of("strategy", "PER_UNIT", "unitName", "page")));
        long lanting = company("Lanting Technology");
        Api.Response set = admin.put(
                "/api/v1/catalog/offerings/" + offering + "/enterprise-prices/" + lanting, Map.of("percentOff", 20));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);

        JsonNode mine = member.get("/api/v1/catalog/offerings/" + offering + "?quantity=40")
                .json();
        JsonNode quote = mine.get("quote");
        assertThat(quote.get("subtotalMinor").asLong()).isEqualTo(6_000);
        assertThat(quote.get("totalMinor").asLong()).isEqualTo(4_800);
        assertThat(quote.get("currency").asString()).isEqualTo("CNY");
        assertThat(quote.get("breakdown").findValuesAsString("code"))
                .containsExactly("BASE_PER_UNIT", "ENTERPRISE_PERCENT");
        assertThat(quote.get("breakdown").get(1).get("amountMinor").asLong()).isEqualTo(-1_200);
        assertThat(quote.get("breakdown").get(1).get("labelKey").asString())
                .isEqualTo("pricing.step.enterprisePercent");
        assertThat(mine.get("pricing").get("unitName").asString()).isEqualTo("page");

        // member2 works for another company: the list price.
        JsonNode theirs = Api.as(port, "member2")
                .get("/api/v1/catalog/offerings/" + offering + "?quantity=40")
                .json()
                .get("quote");
        assertThat(theirs.get("totalMinor").asLong()).isEqualTo(6_000);
        assertThat(theirs.get("breakdown").findValuesAsString("code")).containsExactly("BASE_PER_UNIT");

        // Staff preview any company's or tier's price.
        admin.put("/api/v1/catalog/offerings/" + offering + "/tier-prices/GOLD", Map.of("unitPriceMinor", 100));
        JsonNode preview = admin.get("/api/v1/catalog/offerings/" + offering + "?quantity=40&tierCode=GOLD")
                .json()
                .get("quote");
        assertThat(preview.get("totalMinor").asLong()).isEqualTo(4_000);
        assertThat(admin.get("/api/v1/catalog/offerings/" + offering + "/tier-prices")
                        .json()
                        .findValuesAsString("tierCode"))
                .containsExactly("GOLD");
        assertThat(admin.get("/api/v1/catalog/offerings/" + offering + "/enterprise-prices")
                        .json()
                        .get(0)
                        .get("enterpriseName")
                        .asString())
                .isEqualTo("Lanting Technology");

        assertThat(admin.delete("/api/v1/catalog/offerings/" + offering + "/enterprise-prices/" + lanting)
                        .status())
                .isEqualTo(204);
        assertThat(member.get("/api/v1/catalog/offerings/" + offering + "?quantity=40")
                        .json()
                        .get("quote")
                        .get("totalMinor")
                        .asLong())
                .isEqualTo(6_000);
    }

    @Test
    void aTimeBandedPriceIsQuotedForAnIntervalAndSplitAcrossBands() {
        String category = category(tag, "OFFICE", null);
        String offering = offering(Map.of(
                "categoryId",
                category,
                "name",
                tag + " hall",
                "kind",
                "RESOURCE_TYPE",
                "priceMinor",
                50_000,
                "pricing",
                Map.of(
                        "strategy",
                        "TIME_BANDS",
                        "minimumHours",
                        1,
                        "incrementMinutes",
                        60,
                        "timeBands",
                        List.of(Map.of(
                                "weekdays",
                                List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"),
                                "startsAt",
                                "09:00",
                                "endsAt",
                                "18:00",
                                "ratePerHourMinor",
                                80_000)))));

        JsonNode unpriced = member.get("/api/v1/catalog/offerings/" + offering).json();
        assertThat(unpriced.get("quote").isNull()).isTrue();
        assertThat(unpriced.get("offering").get("pricingStrategy").asString()).isEqualTo("TIME_BANDS");

        // Monday 2 March 2026, 17:00 to 20:00 Shanghai: one hour peak, two off-peak.
        JsonNode quote = member.get("/api/v1/catalog/offerings/" + offering
                        + "?startsAt=2026-03-02T09:00:00Z&endsAt=2026-03-02T12:00:00Z")
                .json()
                .get("quote");
        assertThat(quote.get("totalMinor").asLong()).isEqualTo(180_000);
        assertThat(quote.get("breakdown").findValuesAsString("code"))
                .containsExactly("TIME_BAND", "TIME_OUTSIDE_BANDS");

        assertThat(member.get("/api/v1/catalog/offerings/" + offering
                                + "?startsAt=2026-03-02T12:00:00Z&endsAt=2026-03-02T09:00:00Z")
                        .fieldErrors())
                .containsExactly("endsAt");
        assertThat(member.get("/api/v1/catalog/offerings/" + offering
                                + "?startsAt=2026-03-02T09:00:00Z&endsAt=2026-03-02T12:00:00Z&quantity=0")
                        .fieldErrors())
                .containsExactly("quantity");
    }

    @Test
    void aTieredOfferingTakesItsListPriceFromTheFirstBracket() {
        String category = category(tag, "OFFICE", null);
        Api.Response created = admin.post(
                "/api/v1/catalog/offerings",
                Map.of(
                        "categoryId",
                        category,
                        "name",
                        tag + " cards",
                        "pricing",
                        Map.of(
                                "strategy",
                                "TIERED",
                                "brackets",
                                List.of(
                                        Map.of("fromQuantity", 1, "unitPriceMinor", 6_000),
                                        Map.of("fromQuantity", 5, "unitPriceMinor", 5_000)))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("priceMinor").asLong()).isEqualTo(6_000);
        String id = created.json().get("id").asString();

        JsonNode quote = member.get("/api/v1/catalog/offerings/" + id + "?quantity=6")
                .json()
                .get("quote");
        assertThat(quote.get("totalMinor").asLong()).isEqualTo(4 * 6_000 + 2 * 5_000);
    }

    @Test
    void offeringsAndTheirPricingPlansAreValidatedFieldByField() {
        String category = category(tag, "OFFICE", null);
        assertThat(admin.post(
                                "/api/v1/catalog/offerings",
                                Map.of(
                                        "categoryId",
                                        category,
                                        "name",
                                        "Bad tiers",
                                        "pricing",
                                        Map.of(
                                                "strategy",
                                                "TIERED",
                                                "brackets",
                                                List.of(
                                                        Map.of("fromQuantity", 3, "unitPriceMinor", 100),
                                                        Map.of("fromQuantity", 2, "unitPriceMinor", 90)))))
                        .fieldErrors())
                .containsExactly("pricing.brackets[0].fromQuantity", "pricing.brackets[1].fromQuantity");
        assertThat(admin.post(
                                "/api/v1/catalog/offerings",
                                Map.of(
                                        "categoryId",
                                        category,
                                        "name",
                                        "No unit",
                                        "priceMinor",
                                        100,
                                        "pricing",
                                        Map.of("strategy", "PER_UNIT")))
                        .fieldErrors())
                .containsExactly("pricing.unitName");
        assertThat(admin.post(
                                "/api/v1/catalog/offerings",
                                Map.of(
                                        "categoryId",
                                        category,
                                        "name",
                                        "Whose?",
                                        "priceMinor",
                                        100,
                                        "fulfilment",
                                        "PROVIDER",
                                        "siteIds",
                                        List.of("99999999")))
                        .fieldErrors())
                .containsExactly("providerId", "siteIds");
        assertThat(admin.post(
                                "/api/v1/catalog/offerings",
                                Map.of(
                                        "categoryId",
                                        category,
                                        "name",
                                        "Odd hours",
                                        "priceMinor",
                                        100,
                                        "pricing",
                                        Map.of(
                                                "strategy",
                                                "TIME_BANDS",
                                                "timeBands",
                                                List.of(Map.of(
                                                        "weekdays",
                                                        List.of("MONDAY"),
                                                        "startsAt",
                                                        "25:00",
                                                        "endsAt",
                                                        "10:00",
                                                        "ratePerHourMinor",
                                                        1)))))
                        .fieldErrors())
                .containsExactly("pricing.timeBands[0].startsAt");
        assertThat(admin.post(
                                "/api/v1/catalog/offerings",
                                Map.of(
                                        "categoryId",
                                        category,
                                        "name",
                                        "Nothing",
                                        "pricing",
                                        Map.of("strategy", "FIXED")))
                        .fieldErrors())
                .containsExactly("priceMinor");

        Api.Response provided = admin.post(
                "/api/v1/catalog/offerings",
                Map.of(
                        "categoryId",
                        category,
                        "name",
                        tag + " provided",
                        "priceMinor",
                        100,
                        "fulfilment",
                        "PROVIDER",
                        "providerId",
                        "42",
                        "leadTimeHours",
                        48));
        assertThat(provided.status()).isEqualTo(201);
        assertThat(provided.json().get("providerId").asString()).isEqualTo("42");
        assertThat(provided.json().get("leadTimeHours").asInt()).isEqualTo(48);
        String id = provided.json().get("id").asString();
        assertThat(admin.put(
                                "/api/v1/catalog/offerings/" + id + "/enterprise-prices/"
                                        + company("Lanting Technology"),
                                Map.of("percentOff", 0))
                        .fieldErrors())
                .containsExactly("percentOff");
        assertThat(admin.put(
                                "/api/v1/catalog/offerings/" + id + "/tier-prices/GOLD",
                                Map.of("percentOff", 10, "unitPriceMinor", 5))
                        .fieldErrors())
                .containsExactly("percentOff");
        assertThat(admin.put("/api/v1/catalog/offerings/" + id + "/tier-prices/GOLD", Map.of("percentOff", 101))
                        .fieldErrors())
                .containsExactly("percentOff");
    }

    @Test
    void anOfferingIsUpdatedAndUnpublishedOfferingsAreHiddenFromMembers() {
        String category = category(tag, "LIFESTYLE", null);
        String id = offering(Map.of("categoryId", category, "name", tag + " massage", "priceMinor", 10_000));

        Api.Response updated = admin.put(
                "/api/v1/catalog/offerings/" + id,
                Map.of(
                        "categoryId",
                        category,
                        "name",
                        tag + " massage, 1 hour",
                        "priceMinor",
                        12_000,
                        "pricing",
                        Map.of("strategy", "PER_HOUR", "minimumHours", 1, "incrementMinutes", 30)));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("pricingStrategy").asString()).isEqualTo("PER_HOUR");
        assertThat(updated.json().get("name").asString()).isEqualTo(tag + " massage, 1 hour");

        assertThat(admin.post("/api/v1/catalog/offerings/" + id + "/unpublish", Map.of())
                        .json()
                        .get("published")
                        .asBoolean())
                .isFalse();
        assertThat(member.get("/api/v1/catalog/offerings/" + id).status()).isEqualTo(404);
        assertThat(CatalogSearchIT.names(
                        member.get("/api/v1/catalog/offerings?q=" + tag).json()))
                .isEmpty();
        assertThat(CatalogSearchIT.names(
                        admin.get("/api/v1/catalog/offerings?q=" + tag).json()))
                .containsExactly(tag + " massage, 1 hour");

        admin.post("/api/v1/catalog/offerings/" + id + "/publish", Map.of());
        assertThat(member.get("/api/v1/catalog/offerings/" + id).status()).isEqualTo(200);
        assertThat(Api.as(port, "staff")
                        .post("/api/v1/catalog/offerings/" + id + "/unpublish", Map.of())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void categoriesFormATreeWithoutCyclesAndChildrenInheritTheirRootsKind() {
        String office = category(tag + " office", "OFFICE", null);
        String child = category(tag + " child", null, office);
        String grandchild = category(tag + " grandchild", "LIFESTYLE", child);
        String life = category(tag + " life", "LIFESTYLE", null);

        JsonNode tree = member.get("/api/v1/catalog/categories").json();
        JsonNode officeNode = node(tree, office);
        assertThat(officeNode.get("children").get(0).get("id").asString()).isEqualTo(child);
        assertThat(officeNode
                        .get("children")
                        .get(0)
                        .get("children")
                        .get(0)
                        .get("kind")
                        .asString())
                .isEqualTo("OFFICE");

        assertThat(admin.put(
                                "/api/v1/catalog/categories/" + office,
                                Map.of("name", tag + " office", "parentId", grandchild))
                        .fieldErrors())
                .containsExactly("parentId");
        assertThat(admin.put(
                                "/api/v1/catalog/categories/" + office,
                                Map.of("name", tag + " office", "parentId", office))
                        .fieldErrors())
                .containsExactly("parentId");
        assertThat(admin.post("/api/v1/catalog/categories", Map.of("name", tag + " kindless"))
                        .fieldErrors())
                .containsExactly("kind");
        assertThat(admin.post("/api/v1/catalog/categories", Map.of("name", tag + " orphan", "parentId", "99999999"))
                        .fieldErrors())
                .containsExactly("parentId");

        Api.Response moved = admin.put(
                "/api/v1/catalog/categories/" + child,
                Map.of("name", tag + " moved", "parentId", life, "sortOrder", 3, "icon", "bi-cup"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("kind").asString()).isEqualTo("LIFESTYLE");
        JsonNode lifeNode = node(member.get("/api/v1/catalog/categories").json(), life);
        JsonNode movedNode = lifeNode.get("children").get(0);
        assertThat(movedNode.get("name").asString()).isEqualTo(tag + " moved");
        assertThat(movedNode.get("icon").asString()).isEqualTo("bi-cup");
        assertThat(movedNode.get("children").get(0).get("kind").asString()).isEqualTo("LIFESTYLE");
        assertThat(node(member.get("/api/v1/catalog/categories").json(), office)
                        .get("children")
                        .size())
                .isZero();
    }

    @Test
    void theDemoCatalogHasSubCategoriesAndAnOfferingForEachStrategy() {
        JsonNode tree = member.get("/api/v1/catalog/categories").json();
        JsonNode enterprise = null;
        for (JsonNode root : tree) {
            if (root.get("name").asString().equals("Enterprise services")) {
                enterprise = root;
            }
        }
        assertThat(enterprise).isNotNull();
        assertThat(enterprise.get("children").findValuesAsString("name"))
                .contains("Legal", "Tax", "IT", "HR", "Team building");
        assertThat(enterprise.get("children").findValuesAsString("kind")).containsOnly("ENTERPRISE");

        JsonNode strategies =
                member.get("/api/v1/catalog/offerings?size=100&sort=newest").json();
        assertThat(strategies.findValuesAsString("pricingStrategy"))
                .contains("FIXED", "PER_UNIT", "PER_HOUR", "TIERED", "TIME_BANDS");
    }

    @Test
    void anotherOperatorCanNeitherSeeNorChangeThisCatalog() {
        String category = category(tag, "OFFICE", null);
        String offering = offering(Map.of("categoryId", category, "name", tag + " private", "priceMinor", 100));
        Api mallAdmin = Api.as(port, "mall-admin");
        Api mallMember = Api.as(port, "mall-member");

        assertThat(mallAdmin
                        .put("/api/v1/catalog/categories/" + category, Map.of("name", "Taken", "kind", "OFFICE"))
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .put(
                                "/api/v1/catalog/offerings/" + offering,
                                Map.of("categoryId", category, "name", "Taken", "priceMinor", 1))
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .post("/api/v1/catalog/offerings/" + offering + "/unpublish", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .get("/api/v1/catalog/offerings/" + offering + "/enterprise-prices")
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .put("/api/v1/catalog/offerings/" + offering + "/tier-prices/GOLD", Map.of("percentOff", 50))
                        .status())
                .isEqualTo(404);
        assertThat(mallMember.get("/api/v1/catalog/offerings/" + offering).status())
                .isEqualTo(404);
        assertThat(CatalogSearchIT.names(
                        mallMember.get("/api/v1/catalog/offerings?q=" + tag).json()))
                .isEmpty();
        assertThat(mallAdmin
                        .get("/api/v1/catalog/offerings?categoryId=" + category)
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
        assertThat(mallAdmin
                        .post("/api/v1/catalog/categories", Map.of("name", tag + " sneaky", "parentId", category))
                        .fieldErrors())
                .containsExactly("parentId");

        // Nor can it give its own offering a price for a company of this operator.
        String harborCategory = mallAdmin
                .get("/api/v1/catalog/categories")
                .json()
                .get(0)
                .get("id")
                .asString();
        Api.Response harborOffering = mallAdmin.post(
                "/api/v1/catalog/offerings",
                Map.of("categoryId", harborCategory, "name", tag + " harbor", "priceMinor", 100));
        assertThat(mallAdmin
                        .put(
                                "/api/v1/catalog/offerings/"
                                        + harborOffering.json().get("id").asString()
                                        + "/enterprise-prices/"
                                        + company("Lanting Technology"),
                                Map.of("percentOff", 50))
                        .status())
                .isEqualTo(404);
    }

    private long company(String name) {
        long demo = operators.findByCode("demo").orElseThrow().id();
        return enterprises.list(demo).stream()
                .filter(company -> company.name().equals(name))
                .map(Enterprise::id)
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode node(JsonNode tree, String id) {
        for (JsonNode node : tree) {
            if (node.get("id").asString().equals(id)) {
                return node;
            }
            JsonNode found = node(node.get("children"), id);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private String category(String name, String kind, String parentId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("kind", kind);
        body.put("parentId", parentId);
        Api.Response created = admin.post("/api/v1/catalog/categories", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String offering(Map<String, Object> body) {
        Api.Response created = admin.post("/api/v1/catalog/offerings", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
