package io.enjoyspace.tenancy;

import io.enjoyspace.shared.NotFoundException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Operators {

    private final JdbcClient jdbc;

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

    public Operator get(long id) {
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
