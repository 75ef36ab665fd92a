package io.enjoyspace.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Opaque bearer tokens for API clients. Only a SHA-256 of each token is stored, so a copy of the database grants no
 * access; any app node can check a token, and deleting its row revokes it.
 */
@Component
class ApiTokens {

    static final Duration LIFETIME = Duration.ofHours(12);

    private final JdbcClient jdbc;
    private final Users users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, Users users, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.clock = clock;
    }

    record IssuedToken(String value, Duration lifetime) {}

    IssuedToken issue(long userId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql("delete from api_token where user_id = :userId and expires_at < :now")
                .param("userId", userId)
                .param("now", Timestamp.from(now))
                .update();
        jdbc.sql(
                        "insert into api_token (token_hash, user_id, issued_at, expires_at) values (:hash, :userId, :now, :expires)")
                .param("hash", hash(token))
                .param("userId", userId)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(LIFETIME)))
                .update();
        return new IssuedToken(token, LIFETIME);
    }

    /**
     * A token checked in the last {@value #RECHECK_SECONDS} seconds on this node is not looked up again: a revoked
     * token or a disabled account stops working on every node within that time.
     */
    static final int RECHECK_SECONDS = 5;

    private record Checked(UserAccount user, Instant expiresAt, long checkedAtNanos) {}

    private final java.util.concurrent.ConcurrentMap<String, Checked> checked =
            new java.util.concurrent.ConcurrentHashMap<>();

    Optional<UserAccount> authenticate(String token) {
        if (token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = hash(token);
        String key = java.util.HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        Checked known = checked.get(key);
        if (known != null
                && System.nanoTime() - known.checkedAtNanos() < RECHECK_SECONDS * 1_000_000_000L
                && known.expiresAt().isAfter(now)) {
            return Optional.of(known.user());
        }
        record Row(long userId, Instant expiresAt) {}
        Optional<Row> row = jdbc.sql(
                        "select user_id, expires_at from api_token where token_hash = :hash and expires_at > :now")
                .param("hash", hash)
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new Row(
                        rs.getLong("user_id"), rs.getTimestamp("expires_at").toInstant()))
                .optional();
        Optional<UserAccount> user =
                row.flatMap(found -> users.find(found.userId())).filter(UserAccount::enabled);
        if (user.isPresent()) {
            if (checked.size() > 10_000) {
                checked.clear();
            }
            checked.put(key, new Checked(user.get(), row.get().expiresAt(), System.nanoTime()));
        } else {
            checked.remove(key);
        }
        return user;
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
