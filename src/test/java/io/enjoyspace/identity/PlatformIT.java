package io.enjoyspace.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.SiteKind;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@EnjoySpaceTest
class PlatformIT {

    @LocalServerPort
    int port;

    @Autowired
    OperatorOnboarding onboarding;

    @Autowired
    Operators operators;

    @Autowired
    Users users;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anOnboardedOperatorsAdminSignsInToAnEmptyOperatorOfTheirOwn() {
        onboarding.onboard(new OperatorOnboarding.Onboard(
                "riverside",
                "Riverside Park",
                ZoneId.of("Asia/Shanghai"),
                "Riverside Block A",
                SiteKind.INDUSTRIAL_PARK,
                "river-admin",
                "correct-horse"));

        Api admin = Api.as(port, "river-admin", "correct-horse");

        assertThat(admin.get("/api/v1/me").json().get("roles").get(0).asString())
                .isEqualTo("OPERATOR_ADMIN");
        assertThat(admin.get("/api/v1/sites").json().findValuesAsString("name")).containsExactly("Riverside Block A");
        assertThat(admin.get("/api/v1/catalog/offerings").json().get("total").asLong())
                .isZero();
        assertThat(admin.get("/api/v1/orders").json().get("total").asLong()).isZero();
        assertThat(admin.get("/api/v1/members").json().size()).isZero();
    }

    @Test
    void theFirstPlatformAdminIsCreatedOnlyWhenNoneExists() {
        var bootstrap = new PlatformAdminBootstrap(users, jdbc, "root-admin", "correct-horse");

        assertThat(bootstrap.createIfMissing())
                .as("the demo's platform admin already exists")
                .isFalse();
        assertThat(users.exists("root-admin")).isFalse();
        assertThat(new PlatformAdminBootstrap(users, jdbc, "root-admin", "").createIfMissing())
                .isFalse();
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;

    @Test
    void onADatabaseWithoutAPlatformAdminTheConfiguredOneIsCreated() {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("delete from api_token where user_id in (select id from app_user where role = 'PLATFORM_ADMIN')")
                    .update();
            jdbc.sql("delete from app_user where role = 'PLATFORM_ADMIN'").update();

            assertThat(new PlatformAdminBootstrap(users, jdbc, "root-admin", "correct-horse").createIfMissing())
                    .isTrue();
            assertThat(users.exists("root-admin")).isTrue();
            status.setRollbackOnly();
        });
        assertThat(users.exists("root-admin")).isFalse();
    }

    @Test
    void thePlatformAdminOnboardsAnOperatorThroughTheApi() {
        Api platform = Api.as(port, "platform");

        Api.Response created = platform.post(
                "/api/v1/operators",
                Api.map(
                        "code",
                        "lakeside",
                        "name",
                        "Lakeside Offices",
                        "siteName",
                        "Lakeside One",
                        "siteKind",
                        "OFFICE_TOWER",
                        "adminUsername",
                        "lake-admin",
                        "adminPassword",
                        "correct-horse"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(platform.get("/api/v1/operators").json().findValuesAsString("code"))
                .contains("demo", "lakeside");
        assertThat(Api.as(port, "lake-admin", "correct-horse")
                        .get("/api/v1/sites")
                        .json()
                        .findValuesAsString("name"))
                .containsExactly("Lakeside One");
        assertThat(platform.post("/api/v1/operators", Api.map("code", "Bad Code!", "name", ""))
                        .status())
                .isEqualTo(400);
        assertThat(platform.post(
                                "/api/v1/operators",
                                Api.map(
                                        "code",
                                        "lakeside",
                                        "name",
                                        "Again",
                                        "siteName",
                                        "Two",
                                        "siteKind",
                                        "MALL",
                                        "adminUsername",
                                        "lake-admin-2",
                                        "adminPassword",
                                        "correct-horse"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void onlyThePlatformAdminOpensThePlatformApi() {
        assertThat(Api.as(port, "admin").get("/api/v1/operators").status()).isEqualTo(403);
        assertThat(Api.as(port, "member")
                        .post("/api/v1/operators", Api.map("code", "x"))
                        .status())
                .isEqualTo(403);
    }
}
