package io.enjoyspace.providers;

import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox rows and their attempt log, always read for one operator's provider. */
@Repository
class WebhookDeliveries {

    private final JdbcClient jdbc;
    private final Clock clock;

    WebhookDeliveries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<WebhookDelivery> list(long operatorId, long providerId, int limit) {
        List<WebhookDelivery> rows = jdbc.sql("""
                        select * from webhook_delivery where operator_id = :o and provider_id = :p
                        order by id desc limit :limit
                        """)
                .param("o", operatorId)
                .param("p", providerId)
                .param("limit", Math.max(1, Math.min(limit, 200)))
                .query(WebhookDeliveries::map)
                .list();
        return withAttempts(operatorId, rows);
    }

    WebhookDelivery get(long operatorId, long providerId, long id) {
        List<WebhookDelivery> rows = jdbc.sql(
                        "select * from webhook_delivery where operator_id = :o and provider_id = :p and id = :id")
                .param("o", operatorId)
                .param("p", providerId)
                .param("id", id)
                .query(WebhookDeliveries::map)
                .list();
        if (rows.isEmpty()) {
            throw new NotFoundException();
        }
        return withAttempts(operatorId, rows).get(0);
    }

    WebhookDelivery redeliver(long operatorId, long providerId, long id) {
        int updated = jdbc.sql("""
                        update webhook_delivery set status = 'PENDING', attempts = 0, next_attempt_at = :now,
                               claim = null
                        where operator_id = :o and provider_id = :p and id = :id
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("o", operatorId)
                .param("p", providerId)
                .param("id", id)
                .update();
        if (updated == 0) {
            throw new NotFoundException();
        }
        return get(operatorId, providerId, id);
    }

    private List<WebhookDelivery> withAttempts(long operatorId, List<WebhookDelivery> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, List<WebhookDelivery.Attempt>> attempts = new HashMap<>();
        jdbc.sql("""
                        select * from webhook_attempt
                        where operator_id = :o and delivery_id = any(cast(:ids as bigint[]))
                        order by id desc
                        """)
                .param("o", operatorId)
                .param(
                        "ids",
                        rows.stream().map(row -> Long.toString(row.id())).collect(Collectors.joining(",", "{", "}")))
                .query(rs -> {
                    attempts.computeIfAbsent(rs.getLong("delivery_id"), key -> new ArrayList<>())
                            .add(new WebhookDelivery.Attempt(
                                    rs.getTimestamp("attempted_at").toInstant(),
                                    rs.getString("url"),
                                    rs.getObject("status_code", Integer.class),
                                    rs.getLong("latency_millis"),
                                    rs.getString("response_excerpt"),
                                    rs.getString("error"),
                                    rs.getBoolean("succeeded")));
                });
        return rows.stream()
                .map(row -> new WebhookDelivery(
                        row.id(),
                        row.providerId(),
                        row.eventType(),
                        row.body(),
                        row.status(),
                        row.attempts(),
                        row.nextAttemptAt(),
                        row.createdAt(),
                        row.deliveredAt(),
                        List.copyOf(attempts.getOrDefault(row.id(), List.of()))))
                .toList();
    }

    private static WebhookDelivery map(ResultSet rs, int row) throws SQLException {
        WebhookDeliveryStatus status = WebhookDeliveryStatus.valueOf(rs.getString("status"));
        Timestamp delivered = rs.getTimestamp("delivered_at");
        return new WebhookDelivery(
                rs.getLong("id"),
                rs.getLong("provider_id"),
                rs.getString("event_type"),
                rs.getString("body"),
                status,
                rs.getInt("attempts"),
                status == WebhookDeliveryStatus.PENDING
                        ? rs.getTimestamp("next_attempt_at").toInstant()
                        : null,
                rs.getTimestamp("created_at").toInstant(),
                delivered == null ? null : delivered.toInstant(),
                List.of());
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
