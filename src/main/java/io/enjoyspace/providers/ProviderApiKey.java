package io.enjoyspace.providers;

import java.time.Instant;

/**
 * An API key as listed: never its secret.
 *
 * @param keyId the public part, sent as {@code X-Api-Key}
 */
public record ProviderApiKey(
        long id,
        long providerId,
        String keyId,
        String label,
        Instant createdAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
