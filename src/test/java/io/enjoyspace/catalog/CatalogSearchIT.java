package io.enjoyspace.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Search, filters and sort orders of the catalog API, and the popularity and rating summaries behind them. */
@EnjoySpaceTest
class CatalogSearchIT {

    @LocalServerPort
    int port;

    @Autowired
    Catalog catalog;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Autowired
    MutableClock clock;

    Api admin;
    Api member;
    long operatorId;
    String tag;

    @BeforeEach
    void signIn() {
        admin = Api.as(port, "admin");
        member = Api.as(port, "member");
        operatorId = operators.findByCode("demo").orElseThrow().id();
        tag = "srch" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aCategoryFilterIncludesItsSubCategoriesAndTheTotalCountsEveryPage() {
        String root = category(tag + " root", "OFFICE", null);
        String child = category(tag + " child", null, root);
        String grandchild = category(tag + " grandchild", null, child);
        String other = category(tag + " other", "OFFICE", null);
        offering(root, tag + " a", 1_000, Map.of());
        offering(child, tag + " b", 2_000, Map.of());
        offering(grandchild, tag + " c", 3_000, Map.of());
        offering(other, tag + " d", 4_000, Map.of());

        JsonNode all = member.get("/api/v1/catalog/offerings?categoryId=" + root + "&sort=price&size=2")
                .json();
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(names(all)).containsExactly(tag + " a", tag + " b");
        JsonNode second = member.get("/api/v1/catalog/offerings?categoryId=" + root + "&sort=price&size=2&page=1")
                .json();
        assertThat(names(second)).containsExactly(tag + " c");
        assertThat(second.get("total").asLong()).isEqualTo(3);
        assertThat(member.get("/api/v1/catalog/offerings?categoryId=" + child)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(2);
        assertThat(member.get("/api/v1/catalog/offerings?categoryId=" + root + "&page=7")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void textPriceKindAndSiteFiltersNarrowTheResults() {
        String category = category(tag + " filters", "LIFESTYLE", null);
        long tower = sites.list(operatorId).get(0).id();
        long park = sites.list(operatorId).get(1).id();
        offering(category, tag + " Yoga mat", 5_000, Map.of("kind", "PRODUCT"));
        offering(category, tag + " Yoga class", 9_000, Map.of("siteIds", List.of(Long.toString(park))));
        offering(category, tag + " Pilates 100% fun_", 20_000, Map.of("siteIds", List.of(Long.toString(tower))));

        String base = "/api/v1/catalog/offerings?categoryId=" + category;
        assertThat(names(member.get(base + "&q=yoga&sort=price").json()))
                .containsExactly(tag + " Yoga mat", tag + " Yoga class");
        assertThat(names(member.get(base + "&q=100%25+fun_").json())).containsExactly(tag + " Pilates 100% fun_");
        assertThat(names(member.get(base + "&q=100%25+funX").json())).isEmpty();
        assertThat(names(member.get(base + "&minPriceMinor=6000&maxPriceMinor=20000&sort=price")
                        .json()))
                .containsExactly(tag + " Yoga class", tag + " Pilates 100% fun_");
        assertThat(names(member.get(base + "&kind=PRODUCT").json())).containsExactly(tag + " Yoga mat");
        // Without sites an offering is offered everywhere.
        assertThat(names(member.get(base + "&siteId=" + tower + "&sort=price").json()))
                .containsExactly(tag + " Yoga mat", tag + " Pilates 100% fun_");
        assertThat(names(member.get(base + "&siteId=" + park + "&sort=price").json()))
                .containsExactly(tag + " Yoga mat", tag + " Yoga class");
    }

    @Test
    void popularityRatingAndNewestOrderTheResults() {
        String category = category(tag + " sorting", "ENTERPRISE", null);
        try {
            clock.pin(java.time.Instant.parse("2026-02-01T00:00:00Z"));
            String old = offering(category, tag + " old", 3_000, Map.of());
            clock.advance(Duration.ofDays(1));
            String middle = offering(category, tag + " middle", 1_000, Map.of());
            clock.advance(Duration.ofDays(1));
            String fresh = offering(category, tag + " fresh", 2_000, Map.of());
            catalog.recordSale(operatorId, Long.parseLong(middle), 5);
            catalog.recordSale(operatorId, Long.parseLong(fresh), 2);
            catalog.recordRating(operatorId, Long.parseLong(old), 5);
            catalog.recordRating(operatorId, Long.parseLong(old), 4);
            catalog.recordRating(operatorId, Long.parseLong(fresh), 3);
        } finally {
            clock.release();
        }

        String base = "/api/v1/catalog/offerings?categoryId=" + category + "&sort=";
        assertThat(names(member.get(base + "popularity").json()))
                .containsExactly(tag + " middle", tag + " fresh", tag + " old");
        assertThat(names(member.get(base + "rating").json()))
                .containsExactly(tag + " old", tag + " fresh", tag + " middle");
        assertThat(names(member.get(base + "price").json()))
                .containsExactly(tag + " middle", tag + " fresh", tag + " old");
        assertThat(names(member.get(base + "newest").json()))
                .containsExactly(tag + " fresh", tag + " middle", tag + " old");
        assertThat(names(member.get(base + "rating&minRating=4").json())).containsExactly(tag + " old");

        JsonNode old = member.get(base + "rating").json().get("items").get(0);
        assertThat(old.get("rating").get("count").asLong()).isEqualTo(2);
        assertThat(old.get("rating").get("average").decimalValue()).isEqualByComparingTo("4.5");
    }

    @Test
    void badSearchParametersAreNamed() {
        assertThat(member.get("/api/v1/catalog/offerings?sort=cheapest").fieldErrors())
                .containsExactly("sort");
        assertThat(member.get("/api/v1/catalog/offerings?minPriceMinor=500&maxPriceMinor=100")
                        .fieldErrors())
                .containsExactly("maxPriceMinor");
        assertThat(member.get("/api/v1/catalog/offerings?minRating=6").fieldErrors())
                .containsExactly("minRating");
        assertThat(member.get("/api/v1/catalog/offerings?kind=GADGET").fieldErrors())
                .containsExactly("kind");
        assertThat(member.get("/api/v1/catalog/offerings?categoryId=abc").status())
                .isEqualTo(404);
    }

    @Test
    void concurrentSalesAndRatingsAreAllCounted() throws Exception {
        String category = category(tag + " busy", "OFFICE", null);
        long offering = Long.parseLong(offering(category, tag + " busy", 100, Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                int stars = 1 + i % 5;
                futures.add(pool.submit(() -> {
                    catalog.recordSale(operatorId, offering, 3);
                    catalog.recordRating(operatorId, offering, stars);
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        Offering counted = catalog.offering(operatorId, offering);
        assertThat(counted.soldCount()).isEqualTo(240);
        assertThat(counted.rating().count()).isEqualTo(80);
        assertThat(counted.rating().sum()).isEqualTo(16L * (1 + 2 + 3 + 4 + 5));
    }

    @Test
    void salesAndRatingsOfAnotherOperatorsOfferingAreNotFound() {
        long harbor = operators.findByCode("harbor").orElseThrow().id();
        String category = category(tag + " mine", "OFFICE", null);
        long offering = Long.parseLong(offering(category, tag + " mine", 100, Map.of()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> catalog.recordSale(harbor, offering, 1))
                .isInstanceOf(io.enjoyspace.shared.NotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> catalog.recordRating(harbor, offering, 5))
                .isInstanceOf(io.enjoyspace.shared.NotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> catalog.recordRating(operatorId, offering, 6))
                .isInstanceOf(io.enjoyspace.shared.InvalidInputException.class);
    }

    private String category(String name, String kind, String parentId) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("kind", kind);
        body.put("parentId", parentId);
        Api.Response created = admin.post("/api/v1/catalog/categories", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String offering(String categoryId, String name, long priceMinor, Map<String, Object> extra) {
        Map<String, Object> body =
                new java.util.LinkedHashMap<>(Map.of("categoryId", categoryId, "name", name, "priceMinor", priceMinor));
        body.putAll(extra);
        Api.Response created = admin.post("/api/v1/catalog/offerings", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static List<String> names(JsonNode page) {
        List<String> names = new java.util.ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }
}
