package io.enjoyspace.providers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued webhooks. Safe on every app node at once: a node claims due deliveries with {@code FOR UPDATE SKIP
 * LOCKED} and holds them by a lease (pushing their next attempt past the HTTP timeouts) instead of an open
 * transaction, so no database transaction waits on a receiver. If a node dies mid-flight, the lease runs out and
 * another node tries again; receivers drop duplicates by {@code X-EnjoySpace-Delivery}.
 *
 * <p>A 2xx answer delivers; anything else, or no answer in time, is a failed attempt, retried after 30 s × 2^(n-1)
 * (capped at 1 h) until the maximum number of attempts, when the delivery is DEAD.
 */
@Component
public class WebhookCourier {

    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    static final int EXCERPT_BYTES_MAX = 1024;
    private static final int BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(WebhookCourier.class);

    private final JdbcClient jdbc;
    private final WebhookEndpoints endpoints;
    private final ProviderApiKeys keys;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int attemptsMax;
    private final Duration requestTimeout;
    private final Duration lease;
    private final HttpClient http;

    WebhookCourier(
            JdbcClient jdbc,
            WebhookEndpoints endpoints,
            ProviderApiKeys keys,
            TransactionTemplate transaction,
            Clock clock,
            @Value("${enjoyspace.webhooks.max-attempts:8}") int attemptsMax,
            @Value("${enjoyspace.webhooks.connect-timeout:PT5S}") Duration connectTimeout,
            @Value("${enjoyspace.webhooks.request-timeout:PT10S}") Duration requestTimeout) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.keys = keys;
        this.transaction = transaction;
        this.clock = clock;
        this.attemptsMax = attemptsMax;
        this.requestTimeout = requestTimeout;
        this.lease = connectTimeout.plus(requestTimeout).plusMinutes(1);
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.webhooks.delivery-interval:PT5S}",
            initialDelayString = "${enjoyspace.webhooks.delivery-initial-delay:PT10S}")
    void scheduled() {
        int attempts = deliverDue();
        if (attempts > 0) {
            log.debug("Made {} webhook delivery attempts", attempts);
        }
        keys.purgeExpiredNonces();
    }

    /** The wait before the next attempt after {@code failedAttempts} failures in a row. */
    static Duration backoff(int failedAttempts) {
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 20));
        Duration wait = FIRST_RETRY.multipliedBy(1L << exponent);
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    /** Makes one attempt at every delivery due now, by the application clock; returns how many attempts it made. */
    public int deliverDue() {
        int attempts = 0;
        List<Claimed> batch;
        do {
            batch = claim(BATCH);
            for (Claimed claimed : batch) {
                attempt(claimed);
                attempts++;
            }
        } while (batch.size() == BATCH);
        return attempts;
    }

    private record Claimed(
            long id, long operatorId, long providerId, String eventType, String body, int attempts, UUID claim) {}

    private List<Claimed> claim(int limit) {
        Instant now = clock.instant();
        UUID claim = UUID.randomUUID();
        return jdbc.sql("""
                        with due as (
                            select id from webhook_delivery
                            where status = 'PENDING' and next_attempt_at <= :now
                            order by next_attempt_at, id
                            limit :limit
                            for update skip locked)
                        update webhook_delivery d set claim = :claim, next_attempt_at = :leaseEnds
                        from due where d.id = due.id
                        returning d.id, d.operator_id, d.provider_id, d.event_type, d.body, d.attempts
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .param("claim", claim)
                .param("leaseEnds", Timestamp.from(now.plus(lease)))
                .query((rs, row) -> new Claimed(
                        rs.getLong("id"),
                        rs.getLong("operator_id"),
                        rs.getLong("provider_id"),
                        rs.getString("event_type"),
                        rs.getString("body"),
                        rs.getInt("attempts"),
                        claim))
                .list();
    }

    private record Outcome(String url, Integer statusCode, long latencyMillis, String excerpt, String error) {

        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private void attempt(Claimed delivery) {
        Optional<WebhookEndpoints.Target> target = endpoints.target(delivery.operatorId(), delivery.providerId());
        Outcome outcome = target.map(endpoint -> post(endpoint, delivery))
                .orElseGet(() -> new Outcome(null, null, 0, null, "No webhook endpoint is configured."));
        record(delivery, outcome);
    }

    private Outcome post(WebhookEndpoints.Target endpoint, Claimed delivery) {
        long signedAt = clock.instant().getEpochSecond();
        long started = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "EnjoySpace-Webhooks/1")
                    .header("X-EnjoySpace-Event", delivery.eventType())
                    .header("X-EnjoySpace-Delivery", Long.toString(delivery.id()))
                    .header(
                            "X-EnjoySpace-Signature",
                            ProviderSignatures.webhookSignature(endpoint.secret(), signedAt, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            try (InputStream body = response.body()) {
                // PostgreSQL text cannot hold NUL characters.
                excerpt = new String(body.readNBytes(EXCERPT_BYTES_MAX), StandardCharsets.UTF_8).replace("\u0000", "");
            }
            return new Outcome(endpoint.url(), response.statusCode(), millisSince(started), excerpt, null);
        } catch (HttpTimeoutException e) {
            return new Outcome(endpoint.url(), null, millisSince(started), null, "No answer within the time limit.");
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(endpoint.url(), null, millisSince(started), null, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(endpoint.url(), null, millisSince(started), null, "Interrupted.");
        }
    }

    private void record(Claimed delivery, Outcome outcome) {
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            jdbc.sql("""
                            insert into webhook_attempt (operator_id, delivery_id, attempted_at, url, status_code,
                                                         latency_millis, response_excerpt, error, succeeded)
                            values (:o, :d, :now, :url, :statusCode, :latency, :excerpt, :error, :succeeded)
                            """)
                    .param("o", delivery.operatorId())
                    .param("d", delivery.id())
                    .param("now", Timestamp.from(now))
                    .param("url", outcome.url())
                    .param("statusCode", outcome.statusCode())
                    .param("latency", outcome.latencyMillis())
                    .param("excerpt", outcome.excerpt())
                    .param("error", outcome.error())
                    .param("succeeded", outcome.succeeded())
                    .update();
            if (outcome.succeeded()) {
                jdbc.sql("""
                                update webhook_delivery set status = 'DELIVERED', delivered_at = :now, claim = null
                                where id = :id and claim = :claim
                                """)
                        .param("now", Timestamp.from(now))
                        .param("id", delivery.id())
                        .param("claim", delivery.claim())
                        .update();
                return;
            }
            int failed = delivery.attempts() + 1;
            // A redelivery requested while this attempt was in flight cleared the claim: it owns the row now.
            jdbc.sql("""
                            update webhook_delivery
                            set attempts = :failed, claim = null,
                                status = case when :failed >= :max then 'DEAD' else 'PENDING' end,
                                next_attempt_at = :next
                            where id = :id and claim = :claim
                            """)
                    .param("failed", failed)
                    .param("max", attemptsMax)
                    .param("next", Timestamp.from(now.plus(backoff(failed))))
                    .param("id", delivery.id())
                    .param("claim", delivery.claim())
                    .update();
        });
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = e.getClass().getSimpleName() + message;
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
