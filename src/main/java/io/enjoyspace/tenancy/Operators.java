package io.enjoyspace.tenancy;

import io.enjoyspace.shared.NotFoundException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Operators {

    /** How long an operator row is kept in memory: nothing in the application changes one, an administrator might. */
    private static final long KEEP_NANOS = java.time.Duration.ofMinutes(1).toNanos();

    private final JdbcClient jdbc;
    private final java.util.concurrent.ConcurrentHashMap<Long, Kept> kept =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Kept(Operator operator, long loadedAt) {}

    Operators(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Operator create(String code, String name, ZoneId timeZone) {
        long id = jdbc.sql("insert into operator (code, name, time_zone) values (:code, :name, :zone) returning id")
                .param("code", code)
                .param("name", name)
                .param("zone", timeZone.getId())
                .query(Long.class)
                .single();
        return get(id);
    }

    /** The operator: read on nearly every request (time zone, currency), so kept in memory for a minute. */
    public Operator get(long id) {
        Kept found = kept.get(id);
        long now = System.nanoTime();
        if (found != null && now - found.loadedAt() < KEEP_NANOS) {
            return found.operator();
        }
        Operator operator = load(id);
        kept.put(id, new Kept(operator, now));
        return operator;
    }

    private Operator load(long id) {
        return jdbc.sql("select * from operator where id = :id")
                .param("id", id)
                .query(Operators::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    public Optional<Operator> findByCode(String code) {
        return jdbc.sql("select * from operator where code = :code")
                .param("code", code)
                .query(Operators::map)
                .optional();
    }

    public List<Operator> all() {
        return jdbc.sql("select * from operator order by id")
                .query(Operators::map)
                .list();
    }

    private static Operator map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Operator(
                rs.getLong("id"),
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("currency"),
                ZoneId.of(rs.getString("time_zone")));
    }
}
