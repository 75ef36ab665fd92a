package io.enjoyspace.providers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the APIs answer: ids as strings, never a secret except the one just made. */
final class ProviderViews {

    private ProviderViews() {}

    record ProviderView(
            String id,
            String name,
            String legalName,
            String creditCode,
            List<Provider.Contact> contacts,
            List<String> categoryIds,
            List<String> siteIds,
            int commissionBasisPoints,
            CertificationStatus certification,
            LocalDate certifiedUntil,
            Long certificationDaysLeft,
            boolean certificationExpiringSoon,
            ProviderStatus status,
            String suspendedReason,
            Instant suspendedAt,
            Instant createdAt) {

        static ProviderView of(Provider provider) {
            return new ProviderView(
                    Long.toString(provider.id()),
                    provider.name(),
                    provider.legalName(),
                    provider.creditCode(),
                    provider.contacts(),
                    provider.categoryIds().stream().map(String::valueOf).toList(),
                    provider.siteIds().stream().map(String::valueOf).toList(),
                    provider.commissionBasisPoints(),
                    provider.certification(),
                    provider.certifiedUntil(),
                    provider.certificationDaysLeft(),
                    provider.certificationExpiringSoon(),
                    provider.status(),
                    provider.suspendedReason(),
                    provider.suspendedAt(),
                    provider.createdAt());
        }
    }

    record ApiKeyView(String id, String keyId, String label, Instant createdAt, Instant revokedAt, Instant lastUsedAt) {

        static ApiKeyView of(ProviderApiKey key) {
            return new ApiKeyView(
                    Long.toString(key.id()),
                    key.keyId(),
                    key.label(),
                    key.createdAt(),
                    key.revokedAt(),
                    key.lastUsedAt());
        }
    }

    /** A key just issued, with the secret that is never shown again. */
    record IssuedKeyView(String id, String keyId, String label, String secret, Instant createdAt) {

        static IssuedKeyView of(ProviderApiKeys.IssuedKey issued) {
            return new IssuedKeyView(
                    Long.toString(issued.key().id()),
                    issued.key().keyId(),
                    issued.key().label(),
                    issued.secret(),
                    issued.key().createdAt());
        }
    }

    record UserView(String id, String username, String displayName, String role) {

        static UserView of(ProviderUsers.ProviderUser user) {
            return new UserView(
                    Long.toString(user.userId()),
                    user.username(),
                    user.displayName(),
                    user.role().name());
        }
    }

    /** The endpoint; secret only right after it was made. */
    record EndpointView(String url, Instant updatedAt, Instant secretRotatedAt, String secret) {

        static EndpointView of(WebhookEndpoints.EndpointChange change) {
            WebhookEndpoint endpoint = change.endpoint();
            return new EndpointView(
                    endpoint.url(), endpoint.updatedAt(), endpoint.secretRotatedAt(), change.newSecret());
        }

        static EndpointView of(WebhookEndpoint endpoint) {
            return new EndpointView(endpoint.url(), endpoint.updatedAt(), endpoint.secretRotatedAt(), null);
        }
    }

    record AttemptView(
            Instant attemptedAt,
            String url,
            Integer statusCode,
            long latencyMillis,
            String responseExcerpt,
            String error,
            boolean succeeded) {}

    record DeliveryView(
            String id,
            String eventType,
            WebhookDeliveryStatus status,
            int attempts,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant deliveredAt,
            String body,
            List<AttemptView> attemptLog) {

        static DeliveryView of(WebhookDelivery delivery) {
            return new DeliveryView(
                    Long.toString(delivery.id()),
                    delivery.eventType(),
                    delivery.status(),
                    delivery.attempts(),
                    delivery.nextAttemptAt(),
                    delivery.createdAt(),
                    delivery.deliveredAt(),
                    delivery.body(),
                    delivery.attemptLog().stream()
                            .map(attempt -> new AttemptView(
                                    attempt.attemptedAt(),
                                    attempt.url(),
                                    attempt.statusCode(),
                                    attempt.latencyMillis(),
                                    attempt.responseExcerpt(),
                                    attempt.error(),
                                    attempt.succeeded()))
                            .toList());
        }
    }
}
