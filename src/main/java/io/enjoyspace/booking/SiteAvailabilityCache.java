package io.enjoyspace.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the answer to a site's availability for a future range, as the bytes sent, until the site's generation moves
 * (a database trigger moves it with every reservation, blackout, holiday, opening-hours or resource change, in the
 * changing transaction). A hit costs one primary-key read instead of reading thousands of reservations and writing
 * tens of thousands of intervals; every node checks the same generation, so none serves a stale answer. Ranges that
 * include the present are not kept: their free slots start at now.
 */
@Component
class SiteAvailabilityCache {

    static final int MAX_ENTRIES = 512;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    SiteAvailabilityCache(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Key(long operatorId, long siteId, ResourceType type, Instant from, Instant to) {}

    private record Entry(long generation, byte[] body) {}

    byte[] get(Key key, Supplier<byte[]> compute) {
        if (!key.from().isAfter(clock.instant())) {
            return compute.get();
        }
        long generation = generation(key.operatorId(), key.siteId());
        Entry entry = entries.get(key);
        if (entry != null && entry.generation() == generation) {
            return entry.body();
        }
        byte[] body = compute.get();
        // Read before computing: a change committed meanwhile moves the generation, and the next request recomputes.
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(generation, body));
        return body;
    }

    private long generation(long operatorId, long siteId) {
        return jdbc.sql("""
                        select generation from booking_site_generation where operator_id = :operatorId and site_id = :siteId
                        """)
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }
}
