package io.enjoyspace.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Slows password guessing: after {@value #MAX_FAILURES} failed sign-ins for one username within the window, further
 * attempts are refused until the window has passed since the last failure. Kept in the database so that every app node
 * counts the same failures, and kept per username whether or not it exists, so the answer tells nothing.
 */
@Component
class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    boolean isLocked(String username) {
        long recentFailures = jdbc.sql(
                        "select count(*) from login_failure where username = :username and failed_at > :since")
                .param("username", Users.normalise(username))
                .param("since", java.sql.Timestamp.from(clock.instant().minus(WINDOW)))
                .query(Long.class)
                .single();
        return recentFailures >= MAX_FAILURES;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void recordFailure(String username) {
        Instant now = clock.instant();
        jdbc.sql("delete from login_failure where username = :username and failed_at <= :expired")
                .param("username", Users.normalise(username))
                .param("expired", java.sql.Timestamp.from(now.minus(WINDOW)))
                .update();
        jdbc.sql("insert into login_failure (username, failed_at) values (:username, :now)")
                .param("username", Users.normalise(username))
                .param("now", java.sql.Timestamp.from(now))
                .update();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void clear(String username) {
        jdbc.sql("delete from login_failure where username = :username")
                .param("username", Users.normalise(username))
                .update();
    }
}
