package io.enjoyspace.providers;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each provider's webhook endpoint and its signing secret (separate from API keys). The secret is shown when it is
 * made (with the first URL, or on rotation) and kept encrypted so that the courier can sign with it.
 */
@Service
public class WebhookEndpoints {

    static final String PURPOSE = "webhook-secret";

    private final JdbcClient jdbc;
    private final Providers providers;
    private final SecretBox secrets;
    private final Clock clock;

    WebhookEndpoints(JdbcClient jdbc, Providers providers, SecretBox secrets, Clock clock) {
        this.jdbc = jdbc;
        this.providers = providers;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * The endpoint after a change.
     *
     * @param newSecret the signing secret when it was just made (first configuration or rotation), else null
     */
    public record EndpointChange(WebhookEndpoint endpoint, String newSecret) {}

    /** Sets the URL; the first time, a signing secret is made too. */
    @Transactional
    public EndpointChange configure(long operatorId, long providerId, String url) {
        String checked = checkUrl(url);
        providers.get(operatorId, providerId);
        Instant now = clock.instant();
        String secret = secrets.newSecret("whsec_", 32);
        int created = jdbc.sql("""
                        insert into provider_webhook_endpoint (operator_id, provider_id, url, secret_ciphertext,
                                                               updated_at, secret_rotated_at)
                        values (:o, :p, :url, :secret, :now, :now)
                        on conflict (operator_id, provider_id) do nothing
                        """)
                .param("o", operatorId)
                .param("p", providerId)
                .param("url", checked)
                .param("secret", secrets.seal(PURPOSE, secret))
                .param("now", Timestamp.from(now))
                .update();
        if (created == 0) {
            jdbc.sql("""
                            update provider_webhook_endpoint set url = :url, updated_at = :now
                            where operator_id = :o and provider_id = :p
                            """)
                    .param("url", checked)
                    .param("now", Timestamp.from(now))
                    .param("o", operatorId)
                    .param("p", providerId)
                    .update();
        }
        return new EndpointChange(find(operatorId, providerId).orElseThrow(), created == 1 ? secret : null);
    }

    /** A new signing secret; the old one stops working at once. */
    @Transactional
    public EndpointChange rotateSecret(long operatorId, long providerId) {
        providers.get(operatorId, providerId);
        String secret = secrets.newSecret("whsec_", 32);
        int updated = jdbc.sql("""
                        update provider_webhook_endpoint set secret_ciphertext = :secret, secret_rotated_at = :now
                        where operator_id = :o and provider_id = :p
                        """)
                .param("secret", secrets.seal(PURPOSE, secret))
                .param("now", Timestamp.from(clock.instant()))
                .param("o", operatorId)
                .param("p", providerId)
                .update();
        if (updated == 0) {
            throw new ConflictException("provider.webhookNotConfigured", "no webhook endpoint is configured");
        }
        return new EndpointChange(find(operatorId, providerId).orElseThrow(), secret);
    }

    public Optional<WebhookEndpoint> find(long operatorId, long providerId) {
        return jdbc.sql("select * from provider_webhook_endpoint where operator_id = :o and provider_id = :p")
                .param("o", operatorId)
                .param("p", providerId)
                .query((rs, row) -> new WebhookEndpoint(
                        rs.getLong("provider_id"),
                        rs.getString("url"),
                        rs.getTimestamp("updated_at").toInstant(),
                        rs.getTimestamp("secret_rotated_at").toInstant()))
                .optional();
    }

    /** Where and with what to sign a delivery. */
    record Target(String url, String secret) {}

    Optional<Target> target(long operatorId, long providerId) {
        return jdbc.sql("""
                        select url, secret_ciphertext from provider_webhook_endpoint
                        where operator_id = :o and provider_id = :p
                        """)
                .param("o", operatorId)
                .param("p", providerId)
                .query((rs, row) ->
                        new Target(rs.getString("url"), secrets.open(PURPOSE, rs.getBytes("secret_ciphertext"))))
                .optional();
    }

    static String checkUrl(String url) {
        if (url == null || url.isBlank() || url.strip().length() > 500) {
            throw new InvalidInputException("url", "provider.webhookUrlInvalid");
        }
        String value = url.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getHost().isBlank()
                    || uri.getRawUserInfo() != null
                    || uri.getRawFragment() != null) {
                throw new InvalidInputException("url", "provider.webhookUrlInvalid");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "provider.webhookUrlInvalid");
        }
        return value;
    }
}
