package io.enjoyspace.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The default database a newcomer gets: real PostgreSQL in a folder, durable, and still there after a restart. */
class EmbeddedDatabaseIT {

    @TempDir
    Path folder;

    @Test
    void keepsItsDataInTheFolderAcrossRestartsWithFsyncOn() throws Exception {
        Path data = folder.resolve("data");
        var properties = new EmbeddedDatabaseConfiguration.EmbeddedDatabaseProperties(data.toString(), true, 0);
        EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();

        try (EmbeddedPostgres first = configuration.embeddedPostgres(properties);
                HikariDataSource pool = dataSource(configuration, first)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single())
                    .isEqualTo("on");
            jdbc.sql("create table kept (note text)").update();
            jdbc.sql("insert into kept values ('still here')").update();
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();

        try (EmbeddedPostgres second = configuration.embeddedPostgres(properties);
                HikariDataSource pool = dataSource(configuration, second)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("select note from kept").query(String.class).single())
                    .isEqualTo("still here");
        }
    }

    private static HikariDataSource dataSource(EmbeddedDatabaseConfiguration configuration, EmbeddedPostgres postgres) {
        return (HikariDataSource) configuration.dataSource(postgres);
    }
}
