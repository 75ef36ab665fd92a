package io.enjoyspace.providers;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A provider's API keys. A provider may hold several at once, so a key is rotated by issuing a new one, moving the
 * client over, then revoking the old one. The secret is shown once, at issue, and kept encrypted to verify signatures.
 */
@Service
public class ProviderApiKeys {

    static final String PURPOSE = "provider-api-key";
    private static final int ACTIVE_KEYS_MAX = 5;

    private final JdbcClient jdbc;
    private final Providers providers;
    private final SecretBox secrets;
    private final Clock clock;

    ProviderApiKeys(JdbcClient jdbc, Providers providers, SecretBox secrets, Clock clock) {
        this.jdbc = jdbc;
        this.providers = providers;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A key just issued: the only time its secret is shown. */
    public record IssuedKey(ProviderApiKey key, String secret) {}

    @Transactional
    public IssuedKey issue(long operatorId, long providerId, String label) {
        String cleanLabel = label == null ? "" : label.strip();
        if (cleanLabel.isEmpty() || cleanLabel.length() > 100) {
            throw new InvalidInputException("label", "provider.keyLabel");
        }
        providers.get(operatorId, providerId);
        // Serialise issues for one provider so that the cap on active keys holds under concurrent requests.
        jdbc.sql("select id from provider where operator_id = :o and id = :p for update")
                .param("o", operatorId)
                .param("p", providerId)
                .query(Long.class)
                .single();
        if (list(operatorId, providerId).stream().filter(key -> !key.revoked()).count() >= ACTIVE_KEYS_MAX) {
            throw new InvalidInputException("label", "provider.tooManyKeys");
        }
        String keyId = "pk_" + HexFormat.of().formatHex(randomBytes(12));
        String secret = secrets.newSecret("sk_", 32);
        long id = jdbc.sql("""
                        insert into provider_api_key (operator_id, provider_id, key_id, label, secret_ciphertext, created_at)
                        values (:o, :p, :keyId, :label, :secret, :now)
                        returning id
                        """)
                .param("o", operatorId)
                .param("p", providerId)
                .param("keyId", keyId)
                .param("label", cleanLabel)
                .param("secret", secrets.seal(PURPOSE, secret))
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return new IssuedKey(get(operatorId, providerId, id), secret);
    }

    @Transactional
    public ProviderApiKey revoke(long operatorId, long providerId, long id) {
        get(operatorId, providerId, id);
        jdbc.sql("""
                        update provider_api_key set revoked_at = coalesce(revoked_at, :now)
                        where operator_id = :o and provider_id = :p and id = :id
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("o", operatorId)
                .param("p", providerId)
                .param("id", id)
                .update();
        return get(operatorId, providerId, id);
    }

    public List<ProviderApiKey> list(long operatorId, long providerId) {
        return jdbc.sql("select * from provider_api_key where operator_id = :o and provider_id = :p order by id desc")
                .param("o", operatorId)
                .param("p", providerId)
                .query(ProviderApiKeys::map)
                .list();
    }

    public ProviderApiKey get(long operatorId, long providerId, long id) {
        return jdbc.sql("select * from provider_api_key where operator_id = :o and provider_id = :p and id = :id")
                .param("o", operatorId)
                .param("p", providerId)
                .param("id", id)
                .query(ProviderApiKeys::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** What the signature check needs about a presented key id. */
    record Credential(
            long id, long operatorId, long providerId, String secret, boolean revoked, boolean providerActive) {}

    Optional<Credential> credential(String keyId) {
        return jdbc.sql("""
                        select k.id, k.operator_id, k.provider_id, k.secret_ciphertext, k.revoked_at, p.status
                        from provider_api_key k join provider p on p.operator_id = k.operator_id and p.id = k.provider_id
                        where k.key_id = :keyId
                        """)
                .param("keyId", keyId)
                .query((rs, row) -> new Credential(
                        rs.getLong("id"),
                        rs.getLong("operator_id"),
                        rs.getLong("provider_id"),
                        secrets.open(PURPOSE, rs.getBytes("secret_ciphertext")),
                        rs.getTimestamp("revoked_at") != null,
                        "ACTIVE".equals(rs.getString("status"))))
                .optional();
    }

    /** Records a nonce for the key; false if it was seen before (a replay). */
    boolean useNonce(Credential credential, String nonce, Instant expiresAt) {
        int inserted = jdbc.sql("""
                        insert into provider_request_nonce (api_key_id, operator_id, nonce, expires_at)
                        values (:keyId, :o, :nonce, :expiresAt)
                        on conflict do nothing
                        """)
                .param("keyId", credential.id())
                .param("o", credential.operatorId())
                .param("nonce", nonce)
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
        if (inserted == 1) {
            jdbc.sql("update provider_api_key set last_used_at = :now where id = :id")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("id", credential.id())
                    .update();
        }
        return inserted == 1;
    }

    /** Forgets nonces whose requests would now fail the timestamp check anyway. */
    int purgeExpiredNonces() {
        return jdbc.sql("delete from provider_request_nonce where expires_at < :now")
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static ProviderApiKey map(ResultSet rs, int row) throws SQLException {
        return new ProviderApiKey(
                rs.getLong("id"),
                rs.getLong("provider_id"),
                rs.getString("key_id"),
                rs.getString("label"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("revoked_at")),
                instant(rs.getTimestamp("last_used_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
