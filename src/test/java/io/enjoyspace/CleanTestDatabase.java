package io.enjoyspace;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** On an external test server the database may hold an earlier run: start from empty, as on the embedded one. */
@Configuration(proxyBeanMethods = false)
@Profile("test")
class CleanTestDatabase {

    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}
