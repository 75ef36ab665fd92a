package io.enjoyspace.providers;

import io.enjoyspace.identity.Users;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Role;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign-in accounts of a provider's people. Operator staff create them with an initial password; they sign in on the
 * common login page and land on the provider portal.
 */
@Service
public class ProviderUsers {

    static final List<Role> GRANTABLE = List.of(Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF);

    private final JdbcClient jdbc;
    private final Users users;
    private final Providers providers;

    ProviderUsers(JdbcClient jdbc, Users users, Providers providers) {
        this.jdbc = jdbc;
        this.users = users;
        this.providers = providers;
    }

    /** A provider's sign-in account. */
    public record ProviderUser(long userId, long providerId, String username, String displayName, Role role) {}

    @Transactional
    public ProviderUser create(
            long operatorId, long providerId, String username, String displayName, String password, Role role) {
        providers.get(operatorId, providerId);
        if (!GRANTABLE.contains(role)) {
            throw new InvalidInputException("role", "provider.roleNotGrantable");
        }
        long userId =
                users.create(new Users.NewUser(operatorId, username, password, displayName.strip(), role, null, null));
        jdbc.sql("insert into provider_user (operator_id, provider_id, user_id) values (:o, :p, :u)")
                .param("o", operatorId)
                .param("p", providerId)
                .param("u", userId)
                .update();
        return list(operatorId, providerId).stream()
                .filter(user -> user.userId() == userId)
                .findFirst()
                .orElseThrow();
    }

    public List<ProviderUser> list(long operatorId, long providerId) {
        return jdbc.sql("""
                        select u.id, pu.provider_id, u.username, u.display_name, u.role
                        from provider_user pu join app_user u on u.id = pu.user_id and u.operator_id = pu.operator_id
                        where pu.operator_id = :operatorId and pu.provider_id = :providerId
                        order by u.username
                        """)
                .param("operatorId", operatorId)
                .param("providerId", providerId)
                .query((rs, row) -> new ProviderUser(
                        rs.getLong("id"),
                        rs.getLong("provider_id"),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        Role.valueOf(rs.getString("role"))))
                .list();
    }

    /** The provider a signed-in provider user works for; 404 for anyone else. */
    public long providerOf(Actor actor) {
        if (actor == null || !actor.role().isProviderStaff()) {
            throw new NotFoundException();
        }
        return jdbc.sql("select provider_id from provider_user where operator_id = :operatorId and user_id = :userId")
                .param("operatorId", actor.requireOperator())
                .param("userId", actor.userId())
                .query(Long.class)
                .optional()
                .orElseThrow(NotFoundException::new);
    }
}
