package io.enjoyspace.shared;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * When no database is configured ({@code spring.datasource.url}, or {@code ENJOYSPACE_DB_URL}, is empty), EnjoySpace
 * runs a real PostgreSQL of its own from a folder, so that a newcomer needs nothing installed. Its data survives
 * restarts and is written durably (fsync on) unless {@code enjoyspace.database.embedded.durable} is turned off, which
 * only tests do.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseConfigured.class)
@EnableConfigurationProperties(EmbeddedDatabaseConfiguration.EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /**
     * @param dataDirectory where the database lives; empty for a throw-away database in a temporary folder
     * @param durable fsync and synchronous commit on; off only for tests
     * @param port 0 picks a free port
     */
    @ConfigurationProperties("enjoyspace.database.embedded")
    record EmbeddedDatabaseProperties(String dataDirectory, Boolean durable, Integer port) {}

    static class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
        boolean durable = properties.durable() == null || properties.durable();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                // Spring stops it (destroyMethod) after everything that uses it; a JVM hook of its own would stop it
                // at the same time as Spring's, under the feet of beans still closing.
                .setRegisterShutdownHook(false)
                .setPort(properties.port() == null ? 0 : properties.port())
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                .setServerConfig("max_connections", "100");
        if (StringUtils.hasText(properties.dataDirectory())) {
            Path directory =
                    Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
            Files.createDirectories(directory);
            builder.setDataDirectory(directory).setCleanDataDirectory(false);
            log.info("Embedded PostgreSQL keeps its data in {}", directory);
        } else {
            log.info("Embedded PostgreSQL runs on a throw-away data directory");
        }
        return builder.start();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(20);
        config.setPoolName("enjoyspace-embedded");
        return new HikariDataSource(config);
    }
}
