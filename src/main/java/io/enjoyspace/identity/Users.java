package io.enjoyspace.identity;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.shared.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/** Sign-in accounts. Usernames are unique across the platform, so one sign-in page serves every operator. */
@Repository
public class Users {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;

    Users(JdbcClient jdbc, PasswordEncoder passwordEncoder) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
    }

    /** A new account; the password is hashed here and never stored as given. */
    public record NewUser(
            Long operatorId,
            String username,
            String password,
            String displayName,
            Role role,
            Long memberId,
            Long enterpriseId) {}

    public long create(NewUser user) {
        try {
            return jdbc.sql("""
                            insert into app_user (operator_id, username, password_hash, display_name, role, member_id, enterprise_id)
                            values (:operatorId, :username, :hash, :displayName, :role, :memberId, :enterpriseId)
                            returning id
                            """)
                    .param("operatorId", user.operatorId())
                    .param("username", normalise(user.username()))
                    .param("hash", passwordEncoder.encode(user.password()))
                    .param("displayName", user.displayName())
                    .param("role", user.role().name())
                    .param("memberId", user.memberId())
                    .param("enterpriseId", user.enterpriseId())
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("user.usernameTaken", "username taken");
        }
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from app_user where username = :username")
                        .param("username", normalise(username))
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** An operator's sign-in accounts other than members': admins, staff and enterprise admins. */
    List<UserAccount> staffOf(long operatorId) {
        return jdbc.sql(
                        "select * from app_user where operator_id = :operatorId and role <> 'MEMBER' order by role, username")
                .param("operatorId", operatorId)
                .query(Users::map)
                .list();
    }

    /** The display names of those of {@code ids} that belong to the operator. */
    java.util.Map<Long, String> displayNames(long operatorId, java.util.Collection<Long> ids) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        // One array parameter, however many ids: a list would become one placeholder per id.
        jdbc.sql("""
                        select id, display_name from app_user
                        where operator_id = :operatorId and id = any(cast(:ids as bigint[]))
                        """)
                .param("operatorId", operatorId)
                .param(
                        "ids",
                        ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}")))
                .query(rs -> {
                    names.put(rs.getLong("id"), rs.getString("display_name"));
                });
        return names;
    }

    Optional<UserAccount> findByUsername(String username) {
        return jdbc.sql("select * from app_user where username = :username")
                .param("username", normalise(username))
                .query(Users::map)
                .optional();
    }

    Optional<UserAccount> find(long id) {
        return jdbc.sql("select * from app_user where id = :id")
                .param("id", id)
                .query(Users::map)
                .optional();
    }

    static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    static UserAccount map(ResultSet rs, int row) throws SQLException {
        return new UserAccount(
                rs.getLong("id"),
                Rows.nullableLong(rs, "operator_id"),
                rs.getString("username"),
                rs.getString("password_hash"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")),
                Rows.nullableLong(rs, "member_id"),
                Rows.nullableLong(rs, "enterprise_id"),
                rs.getBoolean("enabled"));
    }

    /** Enabled operator staff (front desk and maintenance, not admins) of an operator, by id. */
    public java.util.List<Long> enabledStaff(long operatorId) {
        return jdbc.sql("""
                        select id from app_user
                        where operator_id = :operatorId and role = 'OPERATOR_STAFF' and enabled
                        order by id
                        """).param("operatorId", operatorId).query(Long.class).list();
    }
}
