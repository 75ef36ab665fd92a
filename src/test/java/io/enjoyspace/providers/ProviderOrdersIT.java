package io.enjoyspace.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.ProviderSigner;
import io.enjoyspace.ordering.OrderStatus;
import io.enjoyspace.ordering.OrderStatusChanged;
import io.enjoyspace.ordering.OrderStatusChanges;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A provider fulfils an order through the signed API: the order is dispatched to it, it accepts, starts and completes
 * it, every step reaches its webhook receiver signed, and the month's settlement statement adds up to its orders
 * including refunds.
 */
@EnjoySpaceTest
class ProviderOrdersIT {

    @LocalServerPort
    int port;

    @Autowired
    TestProviders testProviders;

    @Autowired
    WebhookEndpoints endpoints;

    @Autowired
    WebhookCourier courier;

    @Autowired
    JdbcClient jdbc;

    Provider provider;
    ProviderSigner signed;
    WebhookReceiver receiver;

    @BeforeEach
    void aProviderWithAKeyAndAnEndpoint() throws Exception {
        provider = testProviders.certified("Spotless Cleaning");
        ProviderApiKeys.IssuedKey key = testProviders.key(provider);
        signed = new ProviderSigner(port, key.key().keyId(), key.secret());
        receiver = new WebhookReceiver(0);
        receiver.useSecret(endpoints
                .configure(provider.operatorId(), provider.id(), receiver.url())
                .newSecret());
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private String dispatchedOrder(int quantity) {
        Api member = Api.as(port, "member");
        String orderId = Journey.order(member, Journey.offeringId(member, "Afternoon coffee set"), quantity)
                .json()
                .get("id")
                .asString();
        Api.Response reassigned = Api.as(port, "staff")
                .post(
                        "/api/v1/orders/" + orderId + "/reassign",
                        Map.of("providerId", Long.toString(provider.id()), "reason", "cleaning partner"));
        assertThat(reassigned.status()).as(reassigned.toString()).isEqualTo(200);
        return orderId;
    }

    @Test
    void aProviderAcceptsStartsAndCompletesAnOrderAndEveryStepReachesItsWebhook() {
        String orderId = dispatchedOrder(1);
        String path = "/api/v1/provider/orders/" + orderId;

        JsonNode queue = signed.get("/api/v1/provider/orders?status=PAID").json();
        assertThat(queue.get("items").findValuesAsString("id")).contains(orderId);
        assertThat(signed.post(path + "/complete", "").status()).isEqualTo(409);
        Api.Response accepted = signed.post(path + "/accept", "");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(signed.post(path + "/start", "").json().get("status").asString())
                .isEqualTo("IN_SERVICE");
        assertThat(signed.post(path + "/complete", "").json().get("status").asString())
                .isEqualTo("COMPLETED");

        // The scheduled courier may deliver some of them at the same time as this one, in another order: receivers
        // order
        // a provider's deliveries by their delivery id, which follows the order the steps happened in.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> {
                    courier.deliverDue();
                    return receiver.received().size() >= 4;
                });
        List<WebhookReceiver.Received> received = receiver.received().stream()
                .sorted(java.util.Comparator.comparingLong(delivery -> Long.parseLong(delivery.deliveryId())))
                .toList();
        assertThat(received).allMatch(WebhookReceiver.Received::signatureValid);
        assertThat(received.stream().map(WebhookReceiver.Received::event))
                .containsExactly("order.dispatched", "order.accepted", "order.in_service", "order.completed");
        assertThat(received.get(0).body()).contains("\"orderId\":\"" + orderId + "\"");

        Provider other = testProviders.certified("Other Cleaning");
        ProviderApiKeys.IssuedKey otherKey = testProviders.key(other);
        ProviderSigner stranger = new ProviderSigner(port, otherKey.key().keyId(), otherKey.secret());
        assertThat(stranger.get(path).status()).isEqualTo(404);
        assertThat(stranger.post(path + "/accept", "").status()).isEqualTo(404);
    }

    @Test
    void aRejectedOrderGoesBackToTheOperatorWithTheReason() {
        String orderId = dispatchedOrder(1);
        Api.Response rejected =
                signed.post("/api/v1/provider/orders/" + orderId + "/reject", "{\"reason\":\"No staff on Sunday\"}");
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        JsonNode order = Api.as(port, "staff").get("/api/v1/orders/" + orderId).json();
        assertThat(order.get("status").asString()).isEqualTo("REJECTED");
        assertThat(order.get("statusReason").asString()).isEqualTo("No staff on Sunday");
        assertThat(signed.post("/api/v1/provider/orders/" + orderId + "/reject", "{\"reason\":\"\"}")
                        .fieldErrors())
                .containsExactly("reason");
    }

    @Test
    void theSettlementStatementAddsUpToTheOrdersItCoversIncludingRefunds() {
        String first = dispatchedOrder(1);
        String second = dispatchedOrder(2);
        for (String orderId : List.of(first, second)) {
            signed.post("/api/v1/provider/orders/" + orderId + "/accept", "");
            signed.post("/api/v1/provider/orders/" + orderId + "/start", "");
            signed.post("/api/v1/provider/orders/" + orderId + "/complete", "");
        }
        Api.Response refund = Api.as(port, "staff")
                .post(
                        "/api/v1/orders/" + second + "/refund",
                        Map.of("amountMinor", 3_333, "reason", "One set arrived cold"),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);

        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        JsonNode statement = signed.get("/api/v1/provider/settlements/" + month).json();
        long ordersTotal =
                jdbc.sql("""
                        select coalesce(sum(total_minor), 0) from service_order
                        where provider_id = :provider and status in ('COMPLETED', 'RATED', 'CLOSED')
                        """).param("provider", provider.id()).query(Long.class).single();
        long refunded = jdbc.sql(
                        "select coalesce(sum(refunded_minor), 0) from service_order where provider_id = :provider")
                .param("provider", provider.id())
                .query(Long.class)
                .single();
        assertThat(ordersTotal).isEqualTo(36_000);
        assertThat(refunded).isEqualTo(3_333);
        assertThat(statement.get("grossMinor").asLong()).isEqualTo(ordersTotal - refunded);
        // 15% commission, half-up to the fen on each line: 1,800.00 + 3,600.00 - 500.00 (499.95).
        assertThat(statement.get("commissionMinor").asLong()).isEqualTo(1_800 + 3_600 - 500);
        assertThat(statement.get("netMinor").asLong())
                .isEqualTo(statement.get("grossMinor").asLong()
                        - statement.get("commissionMinor").asLong());
        long lineSum = 0;
        for (JsonNode line : statement.get("lines")) {
            lineSum += line.get("grossMinor").asLong();
        }
        assertThat(lineSum).isEqualTo(statement.get("grossMinor").asLong());
        assertThat(statement.get("ordersCompleted").asLong()).isEqualTo(2);
        assertThat(statement.get("refunds").asLong()).isEqualTo(1);

        Api.Response csv = signed.get("/api/v1/provider/settlements/" + month + "?format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("TOTAL,,,,326.67,,49.00,277.67,CNY");

        Api.Response asOperator =
                Api.as(port, "admin").get("/api/v1/providers/" + provider.id() + "/settlements/" + month);
        assertThat(asOperator.status()).as(asOperator.toString()).isEqualTo(200);
        assertThat(asOperator.json().get("netMinor").asLong())
                .isEqualTo(statement.get("netMinor").asLong());
        assertThat(Api.as(port, "mall-admin")
                        .get("/api/v1/providers/" + provider.id() + "/settlements/" + month)
                        .status())
                .isEqualTo(404);
        assertThat(signed.get("/api/v1/provider/settlements/2026-13").fieldErrors())
                .containsExactly("month");
    }

    @Autowired
    Providers providers;

    private Provider servingCategory(long categoryId, String name) {
        long operatorId = provider.operatorId();
        ProviderDetails template = testProviders.details(
                operatorId,
                name + " " + UUID.randomUUID(),
                CertificationStatus.CERTIFIED,
                java.time.LocalDate.now().plusYears(1));
        return providers.create(
                operatorId,
                new ProviderDetails(
                        template.name(),
                        template.legalName(),
                        null,
                        template.contacts(),
                        List.of(categoryId),
                        template.siteIds(),
                        1000,
                        CertificationStatus.CERTIFIED,
                        template.certifiedUntil()));
    }

    private ProviderSigner signer(Provider grabber) {
        ProviderApiKeys.IssuedKey key = testProviders.key(grabber);
        return new ProviderSigner(port, key.key().keyId(), key.secret());
    }

    @Test
    void providersServingACategoryGrabItsRequestsAndOnlyTheFirstGetsEach() {
        Api admin = Api.as(port, "admin");
        String category = admin.post(
                        "/api/v1/catalog/categories",
                        Map.of(
                                "name",
                                "Plumbing " + UUID.randomUUID().toString().substring(0, 8),
                                "kind",
                                "OFFICE"))
                .json()
                .get("id")
                .asString();
        assertThat(admin.put(
                                "/api/v1/categories/" + category + "/sla",
                                Map.of("responseMinutes", 30, "completionMinutes", 240, "dispatchMode", "GRAB"))
                        .status())
                .isEqualTo(200);
        ProviderSigner first = signer(servingCategory(Long.parseLong(category), "Quick Plumbers"));
        ProviderSigner second = signer(servingCategory(Long.parseLong(category), "Slow Plumbers"));
        String requestId = Api.as(port, "member")
                .post(
                        "/api/v1/service-requests",
                        Api.map("categoryId", category, "description", "Blocked sink in the pantry"),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                .json()
                .get("id")
                .asString();

        assertThat(first.get("/api/v1/provider/service-requests/pool").json().findValuesAsString("id"))
                .contains(requestId);
        assertThat(signed.get("/api/v1/provider/service-requests/pool").json().findValuesAsString("id"))
                .doesNotContain(requestId);
        assertThat(signed.post("/api/v1/provider/service-requests/" + requestId + "/grab", "")
                        .status())
                .isEqualTo(404);
        Api.Response won = first.post("/api/v1/provider/service-requests/" + requestId + "/grab", "");
        assertThat(won.status()).as(won.toString()).isEqualTo(200);
        assertThat(won.json().get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(second.post("/api/v1/provider/service-requests/" + requestId + "/grab", "")
                        .status())
                .isEqualTo(409);
        assertThat(second.get("/api/v1/provider/service-requests/pool").json().findValuesAsString("id"))
                .doesNotContain(requestId);
        assertThat(first.get("/api/v1/provider/orders/" + requestId).status()).isEqualTo(200);
        assertThat(second.get("/api/v1/provider/orders/" + requestId).status()).isEqualTo(404);
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;

    /**
     * Checkout's group commit publishes one {@link OrderStatusChanges} for the moves it made together: the webhooks
     * queued are those of the same moves published one by one. Two orders of the provider take the same moves (an
     * acceptance, a start, a reassignment to another provider), one order one by one, the other as one list with a
     * move of an order that no provider fulfils (which sends nothing).
     */
    @Test
    void movesMadeTogetherQueueTheWebhooksOfTheSameMovesOneByOne() {
        Provider next = testProviders.certified("Next Cleaning");
        String oneByOne = dispatchedOrder(1);
        String together = dispatchedOrder(1);
        long after = jdbc.sql("select coalesce(max(id), 0) from webhook_delivery")
                .query(Long.class)
                .single();
        java.time.Instant at = java.time.Instant.now();

        for (OrderStatusChanged move : moves(Long.parseLong(oneByOne), next, at)) {
            transaction.executeWithoutResult(status -> events.publishEvent(move));
        }
        List<OrderStatusChanged> moves = new java.util.ArrayList<>(moves(Long.parseLong(together), next, at));
        moves.add(
                1, move(Long.parseLong(together) + 1_000_000, null, null, OrderStatus.PAID, OrderStatus.ACCEPTED, at));
        transaction.executeWithoutResult(
                status -> events.publishEvent(new OrderStatusChanges(provider.operatorId(), moves)));

        assertThat(webhooks(together, next, after)).isEqualTo(webhooks(oneByOne, next, after));
        assertThat(webhooks(together, next, after))
                .extracting(row -> row.substring(0, row.indexOf(" {")))
                .containsExactly(
                        "provider order.accepted",
                        "provider order.in_service",
                        "provider order.reassigned",
                        "next order.dispatched");
        assertThat(jdbc.sql("select count(*) from webhook_delivery where id > ? and body like ?")
                        .params(after, "%\"orderId\":\"" + (Long.parseLong(together) + 1_000_000) + "\"%")
                        .query(Long.class)
                        .single())
                .as("no webhook for an order without a provider")
                .isZero();
    }

    private List<OrderStatusChanged> moves(long orderId, Provider next, java.time.Instant at) {
        return List.of(
                move(orderId, provider.id(), provider.id(), OrderStatus.PAID, OrderStatus.ACCEPTED, at),
                move(orderId, provider.id(), provider.id(), OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE, at),
                move(orderId, next.id(), provider.id(), OrderStatus.IN_SERVICE, OrderStatus.PAID, at));
    }

    private OrderStatusChanged move(
            long orderId,
            Long providerId,
            Long previousProviderId,
            OrderStatus from,
            OrderStatus to,
            java.time.Instant at) {
        long memberId = jdbc.sql("select member_id from app_user where username = 'member'")
                .query(Long.class)
                .single();
        return new OrderStatusChanged(
                provider.operatorId(),
                orderId,
                memberId,
                providerId,
                previousProviderId,
                from,
                to,
                "STAFF",
                "test",
                at);
    }

    /**
     * The webhooks queued since {@code after} about the order, in order: to whom, the type and the data without the
     * order's own deadlines (the two orders were placed moments apart), its id written as order.
     */
    private List<String> webhooks(String orderId, Provider next, long after) {
        return jdbc
                .sql("""
                        select concat_ws(' ', case provider_id when ? then 'provider' when ? then 'next' end, event_type,
                                         ((body::jsonb -> 'data') - 'respondBy' - 'completeBy' - 'scheduledFor')::text)
                        from webhook_delivery where id > ? and body like ? order by id
                        """)
                .params(provider.id(), next.id(), after, "%\"orderId\":\"" + orderId + "\"%")
                .query(String.class)
                .list()
                .stream()
                .map(row -> row.replace("\"orderId\": \"" + orderId + "\"", "\"orderId\": \"order\""))
                .toList();
    }
}
