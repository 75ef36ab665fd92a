package io.enjoyspace;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Small steps that several tests take: find an offering, place an order, wait for the points it earns. */
public final class Journey {

    private Journey() {}

    /** Module events reach their listeners after commit; wait until every published one has been handled. */
    public static void awaitEventsDelivered(JdbcClient jdbc) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("select count(*) from event_publication where completion_date is null")
                                .query(Long.class)
                                .single()
                        == 0);
    }

    /** The offering of that exact name, found through the catalog search. */
    public static String offeringId(Api api, String name) {
        String query = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
        for (JsonNode offering :
                api.get("/api/v1/catalog/offerings?size=100&q=" + query).json().get("items")) {
            if (offering.get("name").asString().equals(name)) {
                return offering.get("id").asString();
            }
        }
        throw new IllegalStateException("no offering " + name);
    }

    public static Map<String, Object> orderBody(String offeringId, Object quantity) {
        return Api.map(
                "lines",
                List.of(Api.map("offeringId", offeringId, "quantity", quantity)),
                "paymentMethod",
                "ENTERPRISE_BILLING");
    }

    public static Api.Response order(Api member, String offeringId, int quantity) {
        return member.post(
                "/api/v1/orders",
                orderBody(offeringId, quantity),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    public static long balance(Api member) {
        return member.get("/api/v1/me/points").json().get("balance").asLong();
    }

    /** Points are awarded by an event listener after the completing transaction commits. */
    public static long awaitBalance(Api member, long expected) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> balance(member) == expected);
        return balance(member);
    }
}
