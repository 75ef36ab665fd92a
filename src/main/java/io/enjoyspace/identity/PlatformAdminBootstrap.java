package io.enjoyspace.identity;

import io.enjoyspace.shared.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * A fresh production database has nobody who can sign in. When {@code ENJOYSPACE_PLATFORM_ADMIN_PASSWORD} is set and
 * no platform admin exists yet, one is created with that password, so the first operator can be onboarded from
 * {@code /platform}. Once a platform admin exists the setting is ignored.
 */
@Component
class PlatformAdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PlatformAdminBootstrap.class);

    private final Users users;
    private final JdbcClient jdbc;
    private final String username;
    private final String password;

    PlatformAdminBootstrap(
            Users users,
            JdbcClient jdbc,
            @Value("${enjoyspace.platform-admin.username:platform}") String username,
            @Value("${enjoyspace.platform-admin.password:}") String password) {
        this.users = users;
        this.jdbc = jdbc;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        createIfMissing();
    }

    /** @return whether an account was created */
    boolean createIfMissing() {
        if (!StringUtils.hasText(password)) {
            return false;
        }
        long admins = jdbc.sql("select count(*) from app_user where role = 'PLATFORM_ADMIN'")
                .query(Long.class)
                .single();
        if (admins > 0) {
            return false;
        }
        users.create(new Users.NewUser(null, username, password, "Platform admin", Role.PLATFORM_ADMIN, null, null));
        log.info("Created platform admin '{}'", username);
        return true;
    }
}
