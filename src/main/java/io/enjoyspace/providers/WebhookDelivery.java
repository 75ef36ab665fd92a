package io.enjoyspace.providers;

import java.time.Instant;
import java.util.List;

/**
 * One webhook message to one provider, with its attempts, newest first.
 *
 * @param attempts failed attempts since it was last queued
 * @param nextAttemptAt when the courier tries next, while PENDING
 */
public record WebhookDelivery(
        long id,
        long providerId,
        String eventType,
        String body,
        WebhookDeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant deliveredAt,
        List<Attempt> attemptLog) {

    /**
     * One try: the answer's status code (null if none came), the round trip in milliseconds, at most 1 KB of the
     * answer, and what went wrong.
     */
    public record Attempt(
            Instant attemptedAt,
            String url,
            Integer statusCode,
            long latencyMillis,
            String responseExcerpt,
            String error,
            boolean succeeded) {}
}
