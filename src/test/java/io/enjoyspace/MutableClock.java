package io.enjoyspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/**
 * The application's clock in tests: the system clock until a test pins it, so expiry and other dated behaviour is
 * tested by moving time, not by sleeping. A test that pins it must {@link #release()} it.
 */
public class MutableClock extends Clock {

    private volatile Instant pinned;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return pinned == null ? Clock.system(zone) : Clock.fixed(pinned, zone);
    }

    @Override
    public Instant instant() {
        Instant at = pinned;
        return at == null ? Instant.now() : at;
    }

    public void pin(Instant at) {
        pinned = at;
    }

    public void advance(Duration duration) {
        pinned = instant().plus(duration);
    }

    public void release() {
        pinned = null;
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("test")
    static class TestClockConfiguration {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }
}
