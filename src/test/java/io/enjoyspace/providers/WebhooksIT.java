package io.enjoyspace.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.ProviderSigner;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks leave through the outbox only when the change that queued them commits, arrive signed, and are retried on
 * the backoff schedule until delivered or dead. A local receiver verifies every signature.
 */
@EnjoySpaceTest
class WebhooksIT {

    @LocalServerPort
    int port;

    @Autowired
    TestProviders testProviders;

    @Autowired
    Webhooks webhooks;

    @Autowired
    WebhookEndpoints endpoints;

    @Autowired
    WebhookCourier courier;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MutableClock clock;

    @Value("${enjoyspace.webhooks.max-attempts}")
    int attemptsMax;

    Provider provider;
    WebhookReceiver receiver;

    @BeforeEach
    void providerWithAnEndpoint() throws Exception {
        clock.pin(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        provider = testProviders.certified("Hooked Repairs");
        receiver = new WebhookReceiver(0);
        WebhookEndpoints.EndpointChange change =
                endpoints.configure(provider.operatorId(), provider.id(), receiver.url());
        assertThat(change.newSecret()).startsWith("whsec_");
        receiver.useSecret(change.newSecret());
    }

    @AfterEach
    void stop() {
        receiver.close();
        clock.release();
    }

    private long enqueue(String type, Map<String, Object> payload) {
        Long id = transaction.execute(status -> webhooks.enqueue(provider.operatorId(), provider.id(), type, payload));
        return id;
    }

    private WebhookDelivery delivery(long id) {
        return webhooks.delivery(provider.operatorId(), provider.id(), id);
    }

    @Test
    void aDeliveryIsRetriedOnTheBackoffScheduleAndStopsOnceItSucceeds() {
        receiver.failNext(2);
        long id = enqueue("order.dispatched", Map.of("orderId", "42"));

        courier.deliverDue();
        assertThat(delivery(id).status()).isEqualTo(WebhookDeliveryStatus.PENDING);
        assertThat(delivery(id).attempts()).isEqualTo(1);
        assertThat(delivery(id).nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        courier.deliverDue();
        assertThat(receiver.receivedFor(id)).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        courier.deliverDue();
        assertThat(receiver.receivedFor(id)).hasSize(2);
        assertThat(delivery(id).nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        courier.deliverDue();
        assertThat(receiver.receivedFor(id)).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        courier.deliverDue();

        WebhookDelivery delivered = delivery(id);
        assertThat(delivered.status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
        assertThat(delivered.deliveredAt()).isEqualTo(clock.instant());
        assertThat(delivered.attemptLog())
                .extracting(WebhookDelivery.Attempt::statusCode)
                .containsExactly(200, 500, 500);
        assertThat(delivered.attemptLog().get(1).responseExcerpt()).isEqualTo("try again later");

        clock.advance(Duration.ofHours(2));
        courier.deliverDue();
        List<WebhookReceiver.Received> received = receiver.receivedFor(id);
        assertThat(received).hasSize(3);
        assertThat(received).allMatch(WebhookReceiver.Received::signatureValid);
        assertThat(received).extracting(WebhookReceiver.Received::event).containsOnly("order.dispatched");
        JsonNode body = new Api.Response(200, received.get(0).body(), null).json();
        assertThat(body.get("id").asString()).isEqualTo(Long.toString(id));
        assertThat(body.get("type").asString()).isEqualTo("order.dispatched");
        assertThat(body.get("data").get("orderId").asString()).isEqualTo("42");
    }

    @Test
    void aDeliveryThatNeverSucceedsDiesAfterTheMaximumAttemptsAndCanBeRedelivered() {
        receiver.failNext(Integer.MAX_VALUE);
        long id = enqueue("order.cancelled", Map.of("orderId", "7"));

        for (int attempt = 1; attempt <= attemptsMax; attempt++) {
            courier.deliverDue();
            assertThat(delivery(id).attemptLog()).hasSize(attempt);
            clock.advance(WebhookCourier.backoff(attempt));
        }

        assertThat(delivery(id).status()).isEqualTo(WebhookDeliveryStatus.DEAD);
        clock.advance(Duration.ofHours(3));
        courier.deliverDue();
        assertThat(receiver.receivedFor(id)).hasSize(attemptsMax);
        assertThat(WebhookCourier.backoff(attemptsMax)).isEqualTo(Duration.ofHours(1));

        receiver.failNext(0);
        ProviderApiKeys.IssuedKey key = testProviders.key(provider);
        Api.Response redelivered = new ProviderSigner(port, key.key().keyId(), key.secret(), clock)
                .post("/api/v1/provider/webhook-deliveries/" + id + "/redeliver", "{}");
        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(202);
        assertThat(redelivered.json().get("status").asString()).isEqualTo("PENDING");

        courier.deliverDue();

        assertThat(delivery(id).status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
        assertThat(delivery(id).attemptLog()).hasSize(attemptsMax + 1);
        assertThat(receiver.receivedFor(id)).allMatch(WebhookReceiver.Received::signatureValid);
    }

    @Test
    void aDeliveredWebhookCanBeRedeliveredByTheOperator() {
        long id = enqueue("order.completed", Map.of("orderId", "9"));
        courier.deliverDue();
        assertThat(delivery(id).status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);

        Api admin = Api.as(port, "admin");
        Api.Response redelivered =
                admin.post("/api/v1/providers/" + provider.id() + "/webhook-deliveries/" + id + "/redeliver", Map.of());
        assertThat(redelivered.status()).isEqualTo(202);
        courier.deliverDue();

        assertThat(receiver.receivedFor(id)).hasSize(2);
        assertThat(admin.get("/api/v1/providers/" + provider.id() + "/webhook-deliveries")
                        .json()
                        .get(0)
                        .get("attemptLog")
                        .size())
                .isEqualTo(2);
        assertThat(Api.as(port, "mall-admin")
                        .post(
                                "/api/v1/providers/" + provider.id() + "/webhook-deliveries/" + id + "/redeliver",
                                Map.of())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void nothingIsDeliveredForAChangeThatRolledBack() {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    webhooks.enqueue(provider.operatorId(), provider.id(), "order.dispatched", Map.of("orderId", "1"));
                    throw new IllegalStateException("the order change failed");
                }))
                .hasMessageContaining("the order change failed");

        courier.deliverDue();

        assertThat(webhooks.deliveries(provider.operatorId(), provider.id(), 50))
                .isEmpty();
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void enqueueingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> webhooks.enqueue(provider.operatorId(), provider.id(), "order.dispatched", Map.of()))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aPingTakesTheSamePathAsEveryOtherWebhook() {
        Api.Response ping =
                Api.as(port, "admin").post("/api/v1/providers/" + provider.id() + "/webhook/ping", Map.of());
        assertThat(ping.status()).isEqualTo(202);

        courier.deliverDue();

        long id = Long.parseLong(ping.json().get("deliveryId").asString());
        assertThat(receiver.receivedFor(id)).singleElement().satisfies(received -> {
            assertThat(received.event()).isEqualTo("ping");
            assertThat(received.signatureValid()).isTrue();
        });
    }

    @Test
    void aRotatedSecretSignsTheNextDeliveries() {
        WebhookEndpoints.EndpointChange rotated = endpoints.rotateSecret(provider.operatorId(), provider.id());
        long id = enqueue("order.dispatched", Map.of("orderId", "5"));

        courier.deliverDue();
        assertThat(receiver.receivedFor(id))
                .singleElement()
                .satisfies(received -> assertThat(received.signatureValid()).isFalse());

        receiver.useSecret(rotated.newSecret());
        clock.advance(WebhookCourier.backoff(1));
        courier.deliverDue();

        assertThat(delivery(id).status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
    }

    @Test
    void aProviderWithoutAnEndpointLogsAFailedAttempt() {
        Provider silent = testProviders.certified("Silent Catering");
        Long id = transaction.execute(status -> webhooks.enqueue(silent.operatorId(), silent.id(), "ping", Map.of()));

        courier.deliverDue();

        WebhookDelivery delivery = webhooks.delivery(silent.operatorId(), silent.id(), id);
        assertThat(delivery.status()).isEqualTo(WebhookDeliveryStatus.PENDING);
        assertThat(delivery.attemptLog()).singleElement().satisfies(attempt -> {
            assertThat(attempt.succeeded()).isFalse();
            assertThat(attempt.error()).contains("No webhook endpoint");
        });
    }

    @Test
    void couriersRunningAtOnceDeliverEachWebhookOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(enqueue("order.dispatched", Map.of("orderId", Integer.toString(i))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> couriers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                couriers.add(courier::deliverDue);
            }
            for (Future<Integer> run : pool.invokeAll(couriers)) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (long id : ids) {
            assertThat(receiver.receivedFor(id)).hasSize(1);
            assertThat(delivery(id).status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
        }
    }

    @Test
    void anEndpointMustBeAnHttpUrl() {
        Api admin = Api.as(port, "admin");

        for (String url : List.of("ftp://example.com/hooks", "not a url", "https://", "javascript:alert(1)")) {
            assertThat(admin.put("/api/v1/providers/" + provider.id() + "/webhook", Map.of("url", url))
                            .fieldErrors())
                    .as(url)
                    .containsExactly("url");
        }
    }
}
