package io.enjoyspace.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class CatalogApiIT {

    @LocalServerPort
    int port;

    @Test
    void membersBrowseTheOfferingsOnSaleWithPriceAndCategory() {
        JsonNode page =
                Api.as(port, "member").get("/api/v1/catalog/offerings?size=100").json();
        JsonNode offerings = Api.as(port, "member")
                .get("/api/v1/catalog/offerings?q=Meeting+room")
                .json()
                .get("items");

        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(15);
        JsonNode room = find(offerings, "Meeting room, 2 hours");
        assertThat(room.get("priceMinor").asLong()).isEqualTo(20_000);
        assertThat(room.get("currency").asString()).isEqualTo("CNY");
        assertThat(room.get("category").get("name").asString()).isEqualTo("Meeting rooms & venues");
        assertThat(room.get("id").isString()).isTrue();
    }

    @Test
    void anOperatorAdminCreatesACategoryAndAnOfferingThatMembersThenSee() {
        Api admin = Api.as(port, "admin");
        String name = "Plant care " + UUID.randomUUID();
        Api.Response category = admin.post("/api/v1/catalog/categories", Map.of("name", name, "kind", "LIFESTYLE"));
        assertThat(category.status()).isEqualTo(201);

        Api.Response offering = admin.post(
                "/api/v1/catalog/offerings",
                Map.of(
                        "categoryId",
                        category.json().get("id").asString(),
                        "name",
                        name + " visit",
                        "description",
                        "Watering and pruning",
                        "priceMinor",
                        8_800));

        assertThat(offering.status()).isEqualTo(201);
        assertThat(Journey.offeringId(Api.as(port, "member"), name + " visit"))
                .isEqualTo(offering.json().get("id").asString());
        assertThat(Api.as(port, "member")
                        .get("/api/v1/catalog/offerings?categoryId="
                                + category.json().get("id").asString())
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void onlyAnOperatorAdminChangesTheCatalog() {
        Map<String, String> category = Map.of("name", "Not allowed", "kind", "OFFICE");

        assertThat(Api.as(port, "staff")
                        .post("/api/v1/catalog/categories", category)
                        .status())
                .isEqualTo(403);
        assertThat(Api.as(port, "member")
                        .post("/api/v1/catalog/categories", category)
                        .status())
                .isEqualTo(403);
        assertThat(Api.as(port, "ent-admin")
                        .post("/api/v1/catalog/categories", category)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void invalidCatalogInputIsNamed() {
        Api admin = Api.as(port, "admin");

        assertThat(admin.post("/api/v1/catalog/categories", Map.of("name", " ", "kind", "OFFICE"))
                        .fieldErrors())
                .containsExactly("name");
        assertThat(admin.post("/api/v1/catalog/categories", Map.of("name", "X", "kind", "GARDEN"))
                        .fieldErrors())
                .containsExactly("kind");
        assertThat(admin.post("/api/v1/catalog/offerings", Map.of("categoryId", "1", "name", "Cheap", "priceMinor", -1))
                        .fieldErrors())
                .containsExactly("priceMinor");
        assertThat(admin.post(
                                "/api/v1/catalog/offerings",
                                Map.of("categoryId", "99999999", "name", "Orphan", "priceMinor", 100))
                        .fieldErrors())
                .containsExactly("categoryId");
    }

    @Test
    void aDuplicateCategoryNameIsAConflict() {
        Api admin = Api.as(port, "admin");
        String name = "Twice " + UUID.randomUUID();
        admin.post("/api/v1/catalog/categories", Map.of("name", name, "kind", "OFFICE"));

        assertThat(admin.post("/api/v1/catalog/categories", Map.of("name", name, "kind", "OFFICE"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void operatorsNeverSeeEachOthersCatalog() {
        Api mallAdmin = Api.as(port, "mall-admin");
        Api member = Api.as(port, "member");
        String demoOffering = Journey.offeringId(member, "Meeting room, 2 hours");
        String demoCategory =
                member.get("/api/v1/catalog/categories").json().get(0).get("id").asString();

        assertThat(mallAdmin.get("/api/v1/catalog/offerings").json().findValuesAsString("name"))
                .doesNotContain("Meeting room, 2 hours");
        assertThat(mallAdmin.get("/api/v1/catalog/categories").json().findValuesAsString("id"))
                .doesNotContain(demoCategory);
        assertThat(mallAdmin.get("/api/v1/catalog/offerings/" + demoOffering).status())
                .isEqualTo(404);
        assertThat(Api.as(port, "mall-member")
                        .get("/api/v1/catalog/offerings/" + demoOffering)
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .post(
                                "/api/v1/catalog/offerings",
                                Map.of("categoryId", demoCategory, "name", "Sneaky", "priceMinor", 100))
                        .fieldErrors())
                .containsExactly("categoryId");
    }

    private static JsonNode find(JsonNode offerings, String name) {
        for (JsonNode offering : offerings) {
            if (offering.get("name").asString().equals(name)) {
                return offering;
            }
        }
        throw new AssertionError("no offering " + name);
    }
}
