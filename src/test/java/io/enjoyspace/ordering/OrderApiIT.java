package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class OrderApiIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api member;
    Api staff;
    String meetingRoom;

    @BeforeEach
    void signIn() {
        member = Api.as(port, "member");
        staff = Api.as(port, "staff");
        meetingRoom = Journey.offeringId(member, "Meeting room, 2 hours");
    }

    @Test
    void memberPlacesAnOrderBilledToTheCompany() {
        Api.Response response = Journey.order(member, meetingRoom, 2);

        assertThat(response.status()).isEqualTo(201);
        JsonNode order = response.json();
        assertThat(order.get("status").asString()).isEqualTo("PAID");
        assertThat(order.get("totalMinor").asLong()).isEqualTo(40_000);
        assertThat(order.get("paymentMethod").asString()).isEqualTo("ENTERPRISE_BILLING");
        assertThat(response.header("Location"))
                .isEqualTo("/api/v1/orders/" + order.get("id").asString());
        long charged = jdbc.sql("select amount_minor from enterprise_charge where order_id = :id")
                .param("id", Long.parseLong(order.get("id").asString()))
                .query(Long.class)
                .single();
        assertThat(charged).isEqualTo(40_000);
    }

    @Test
    void replayWithTheSameKeyAndBodyReturnsTheFirstOrder() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Api.Response first = member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 1), key);
        Api.Response second = member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 1), key);

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 1), key);
        Api.Response other = member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 3), key);

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneOrder() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        long before = orderCount();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Response>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(() -> member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 1), key));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Api.Response> result : pool.invokeAll(attempts)) {
                assertThat(result.get().status()).isEqualTo(201);
                ids.add(result.get().json().get("id").asString());
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdown();
        }
        assertThat(orderCount()).isEqualTo(before + 1);
    }

    @Test
    void staffCompleteAnOrderAndTheMemberEarnsOnePointPerYuan() {
        long before = Journey.balance(member);
        String orderId = Journey.order(member, meetingRoom, 1).json().get("id").asString();

        Api.Response completed = staff.post("/api/v1/orders/" + orderId + "/complete", Map.of());

        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(Journey.awaitBalance(member, before + 200)).isEqualTo(before + 200);
        JsonNode latest =
                member.get("/api/v1/me/points/transactions").json().get("items").get(0);
        assertThat(latest.get("points").asLong()).isEqualTo(200);
        assertThat(latest.get("reference").get("id").asString()).isEqualTo(orderId);
    }

    @Test
    void completingTwiceAwardsPointsOnce() {
        long before = Journey.balance(member);
        String orderId = Journey.order(member, meetingRoom, 1).json().get("id").asString();
        staff.post("/api/v1/orders/" + orderId + "/complete", Map.of());
        Api.Response again = staff.post("/api/v1/orders/" + orderId + "/complete", Map.of());

        assertThat(again.status()).isEqualTo(200);
        Journey.awaitBalance(member, before + 200);
        long awards = jdbc.sql(
                        "select count(*) from points_transaction where reference_id = :id and reference_type = 'ORDER'")
                .param("id", orderId)
                .query(Long.class)
                .single();
        assertThat(awards).isEqualTo(1);
    }

    @Test
    void membersCannotCompleteOrders() {
        String orderId = Journey.order(member, meetingRoom, 1).json().get("id").asString();

        Api.Response response = member.post("/api/v1/orders/" + orderId + "/complete", Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().has("detail")).isFalse();
    }

    @Test
    void aMemberSeesOnlyTheirOwnOrders() {
        String orderId = Journey.order(member, meetingRoom, 1).json().get("id").asString();
        Api member2 = Api.as(port, "member2");

        assertThat(member2.get("/api/v1/orders/" + orderId).status()).isEqualTo(404);
        assertThat(member2.get("/api/v1/orders").json().get("items").findValuesAsString("id"))
                .doesNotContain(orderId);
        assertThat(member.get("/api/v1/orders").json().get("items").findValuesAsString("id"))
                .contains(orderId);
    }

    @Test
    void anEnterpriseAdminSeesTheCompanysOrdersOnly() {
        String ownCompany =
                Journey.order(member, meetingRoom, 1).json().get("id").asString();
        Api member2 = Api.as(port, "member2");
        String otherCompany = Journey.order(member2, Journey.offeringId(member2, "Meeting room, 2 hours"), 1)
                .json()
                .get("id")
                .asString();
        Api entAdmin = Api.as(port, "ent-admin");

        assertThat(entAdmin.get("/api/v1/orders/" + ownCompany).status()).isEqualTo(200);
        assertThat(entAdmin.get("/api/v1/orders/" + otherCompany).status()).isEqualTo(404);
        assertThat(entAdmin.get("/api/v1/orders?size=100").json().get("items").findValuesAsString("id"))
                .contains(ownCompany)
                .doesNotContain(otherCompany);
    }

    @Test
    void staffSeeEveryOrderOfTheirOperator() {
        String orderId = Journey.order(member, meetingRoom, 1).json().get("id").asString();

        JsonNode page = staff.get("/api/v1/orders?status=PAID&size=100").json();

        assertThat(page.get("items").findValuesAsString("id")).contains(orderId);
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anotherOperatorsOrderIsNotFound() {
        String orderId = Journey.order(member, meetingRoom, 1).json().get("id").asString();
        Api mallAdmin = Api.as(port, "mall-admin");
        Api mallMember = Api.as(port, "mall-member");

        assertThat(mallAdmin.get("/api/v1/orders/" + orderId).status()).isEqualTo(404);
        assertThat(mallAdmin
                        .post("/api/v1/orders/" + orderId + "/complete", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(mallMember.get("/api/v1/orders/" + orderId).status()).isEqualTo(404);
        assertThat(mallAdmin.get("/api/v1/orders?size=100").json().get("items").findValuesAsString("id"))
                .doesNotContain(orderId);
    }

    @Test
    void anotherOperatorsOfferingCannotBeOrdered() {
        Api mallMember = Api.as(port, "mall-member");

        Api.Response response = Journey.order(mallMember, meetingRoom, 1);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.fieldErrors()).containsExactly("lines[0].offeringId");
    }

    @Test
    void invalidOrdersAreRefusedNamingTheField() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        assertThat(member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 0), key)
                        .fieldErrors())
                .containsExactly("lines[0].quantity");
        assertThat(member.post("/api/v1/orders", Journey.orderBody(meetingRoom, -5), key)
                        .fieldErrors())
                .containsExactly("lines[0].quantity");
        assertThat(member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 100_000), key)
                        .fieldErrors())
                .containsExactly("lines[0].quantity");
        assertThat(member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 99_999_999_999L), key)
                        .fieldErrors())
                .containsExactly("lines[0].quantity");
        assertThat(member.post("/api/v1/orders", Journey.orderBody(meetingRoom, "two"), key)
                        .fieldErrors())
                .containsExactly("lines[0].quantity");
        assertThat(member.post("/api/v1/orders", Journey.orderBody("not-an-id", 1), key)
                        .fieldErrors())
                .containsExactly("lines[0].offeringId");
        assertThat(member.post("/api/v1/orders", Journey.orderBody("999999999", 1), key)
                        .fieldErrors())
                .containsExactly("lines[0].offeringId");
        assertThat(member.post(
                                "/api/v1/orders",
                                Api.map("lines", List.of(), "paymentMethod", "ENTERPRISE_BILLING"),
                                key)
                        .fieldErrors())
                .containsExactly("lines");
        assertThat(member.post(
                                "/api/v1/orders",
                                Api.map(
                                        "lines",
                                        List.of(Api.map("offeringId", meetingRoom, "quantity", 1)),
                                        "paymentMethod",
                                        "CASH"),
                                key)
                        .fieldErrors())
                .containsExactly("paymentMethod");
        assertThat(member.post(
                                "/api/v1/orders",
                                Api.map("lines", List.of(Api.map("offeringId", meetingRoom, "quantity", 1))),
                                key)
                        .fieldErrors())
                .containsExactly("paymentMethod");
        assertThat(member.post("/api/v1/orders", "{\"lines\": [", key).fieldErrors())
                .containsExactly("body");
        assertThat(member.post("/api/v1/orders", Journey.orderBody(meetingRoom, 1))
                        .fieldErrors())
                .containsExactly("Idempotency-Key");
        assertThat(member.post(
                                "/api/v1/orders",
                                Journey.orderBody(meetingRoom, 1),
                                Map.of("Idempotency-Key", "x".repeat(101)))
                        .fieldErrors())
                .containsExactly("Idempotency-Key");
    }

    @Test
    void errorsNeverLeakStackTracesOrSql() {
        Api.Response response = member.post(
                "/api/v1/orders",
                "{\"lines\": [{\"offeringId\": {\"nested\": true}}]}",
                Map.of("Idempotency-Key", "leak"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception", "at io.", "SQL", "select ");
    }

    @Test
    void unknownAndMalformedOrderIdsAreNotFound() {
        assertThat(member.get("/api/v1/orders/999999999").status()).isEqualTo(404);
        assertThat(member.get("/api/v1/orders/abc").status()).isEqualTo(404);
        assertThat(staff.post("/api/v1/orders/999999999/complete", Map.of()).status())
                .isEqualTo(404);
        assertThat(member.get("/api/v1/orders/999999999").contentType()).startsWith("application/problem+json");
    }

    @Test
    void listsRefuseAnOversizedPage() {
        Api.Response response = member.get("/api/v1/orders?size=1000");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.fieldErrors()).containsExactly("size");
    }

    @Test
    void withoutATokenTheApiAnswers401() {
        Api.Response response = Api.anonymous(port).get("/api/v1/orders");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private long orderCount() {
        return jdbc.sql("select count(*) from service_order").query(Long.class).single();
    }
}
