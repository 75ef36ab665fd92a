package io.enjoyspace.providers;

import io.enjoyspace.shared.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook outbox. A module that changes something a provider must hear about calls {@link #enqueue} inside its own
 * transaction: the message is written there, so it is delivered if and only if the change commits. The
 * {@link WebhookCourier} then delivers it, signed, with retries.
 *
 * <p>What the provider receives is a POST of {@code {"id", "type", "createdAt", "providerId", "data"}} where data is the
 * payload as JSON, with the headers {@code X-EnjoySpace-Event} (the type), {@code X-EnjoySpace-Delivery} (the id, for
 * the receiver to drop duplicates: delivery is at least once) and {@code X-EnjoySpace-Signature}.
 */
@Service
public class Webhooks {

    static final String PING = "ping";
    private static final Pattern EVENT_TYPE = Pattern.compile("^[a-z][a-z0-9_.-]{0,99}$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Providers providers;
    private final WebhookDeliveries deliveries;
    private final Clock clock;

    Webhooks(JdbcClient jdbc, Providers providers, WebhookDeliveries deliveries, Clock clock) {
        this.jdbc = jdbc;
        this.providers = providers;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /**
     * Queues a webhook for the provider, in the caller's transaction (there must be one).
     *
     * @param eventType lower case, such as {@code order.dispatched}
     * @param payload anything Jackson writes as JSON: a record, a map
     * @return the delivery id (also sent as {@code X-EnjoySpace-Delivery})
     * @throws NotFoundException if the provider is not the operator's
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long enqueue(long operatorId, long providerId, String eventType, Object payload) {
        if (eventType == null || !EVENT_TYPE.matcher(eventType).matches()) {
            throw new IllegalArgumentException("an event type is lower case, such as order.dispatched: " + eventType);
        }
        providers.get(operatorId, providerId);
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into webhook_delivery (operator_id, provider_id, event_type, body, status,
                                                      next_attempt_at, created_at)
                        values (:o, :p, :type, '', 'PENDING', :now, :now)
                        returning id
                        """)
                .param("o", operatorId)
                .param("p", providerId)
                .param("type", eventType)
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", Long.toString(id));
        body.put("type", eventType);
        body.put("createdAt", now.toString());
        body.put("providerId", Long.toString(providerId));
        body.put("data", payload);
        jdbc.sql("update webhook_delivery set body = :body where id = :id")
                .param("body", JSON.writeValueAsString(body))
                .param("id", id)
                .update();
        return id;
    }

    /** Queues a {@code ping} to test the provider's endpoint; it takes the same path as every other webhook. */
    @Transactional
    public long ping(long operatorId, long providerId) {
        return enqueue(operatorId, providerId, PING, Map.of("message", "Test event from EnjoySpace"));
    }

    /** The provider's latest deliveries with their attempts, newest first. */
    public List<WebhookDelivery> deliveries(long operatorId, long providerId, int limit) {
        return deliveries.list(operatorId, providerId, limit);
    }

    public WebhookDelivery delivery(long operatorId, long providerId, long deliveryId) {
        return deliveries.get(operatorId, providerId, deliveryId);
    }

    /** Queues a fresh attempt now, whatever the delivery's state, with a full set of retries. */
    @Transactional
    public WebhookDelivery redeliver(long operatorId, long providerId, long deliveryId) {
        return deliveries.redeliver(operatorId, providerId, deliveryId);
    }
}
