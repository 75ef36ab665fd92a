package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@EnjoySpaceTest
class WelcomeBonusIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNewcomerAtHarborMallGetsTheWelcomeBonusOnce() {
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "HARBOR01",
                                "name",
                                "Newcomer",
                                "mobile",
                                "12200000001",
                                "password",
                                "correct-horse"));
        assertThat(registered.status()).isEqualTo(201);
        Api newcomer = Api.as(port, "12200000001", "correct-horse");

        Journey.awaitBalance(newcomer, 20);

        assertThat(newcomer.get("/api/v1/me/points/transactions")
                        .json()
                        .get("items")
                        .findValuesAsString("reasonCode"))
                .containsExactly("WELCOME");
        assertThat(Api.as(port, "mall-admin")
                        .get("/api/v1/welcome-program")
                        .json()
                        .get("registrationPoints")
                        .asInt())
                .isEqualTo(20);
        assertThat(Api.as(port, "staff")
                        .get("/api/v1/welcome-program")
                        .json()
                        .get("enabled")
                        .asBoolean())
                .isFalse();
    }
}
