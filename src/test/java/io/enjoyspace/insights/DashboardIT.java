package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class DashboardIT {

    private static final java.util.concurrent.atomic.AtomicInteger mobiles =
            new java.util.concurrent.atomic.AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void todaysFiguresFollowOrdersCompletionsAndPoints() {
        Api staff = Api.as(port, "staff");
        Api newcomer = registeredMember();
        awaitEventsDelivered();
        JsonNode before = staff.get("/api/v1/dashboard/today").json();
        JsonNode mallBefore =
                Api.as(port, "mall-admin").get("/api/v1/dashboard/today").json();

        String coffee = Journey.offeringId(newcomer, "Afternoon coffee set");
        String orderId = Journey.order(newcomer, coffee, 2).json().get("id").asString();
        staff.post("/api/v1/orders/" + orderId + "/complete", Map.of());
        Journey.awaitBalance(newcomer, 240);
        awaitEventsDelivered();

        JsonNode after = staff.get("/api/v1/dashboard/today").json();
        assertThat(after.get("orders").asLong() - before.get("orders").asLong()).isEqualTo(1);
        assertThat(after.get("gmvMinor").asLong() - before.get("gmvMinor").asLong())
                .isEqualTo(24_000);
        assertThat(after.get("pointsIssued").asLong()
                        - before.get("pointsIssued").asLong())
                .isEqualTo(240);
        assertThat(after.get("activeMembers").asLong()
                        - before.get("activeMembers").asLong())
                .isEqualTo(1);
        assertThat(Api.as(port, "mall-admin").get("/api/v1/dashboard/today").json())
                .isEqualTo(mallBefore);
    }

    @Autowired
    Dashboard dashboard;

    @Autowired
    io.enjoyspace.tenancy.Operators operators;

    @Test
    void theTrendCoversFourteenDaysEndingWithToday() {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        Api member = Api.as(port, "member");
        Journey.order(member, Journey.offeringId(member, "Courier pickup"), 1);
        awaitEventsDelivered();

        java.util.List<Dashboard.DayFigures> trend = dashboard.trend(operatorId, 14);

        assertThat(trend).hasSize(14);
        assertThat(trend.get(13)).isEqualTo(dashboard.today(operatorId));
        assertThat(trend.get(13).orders()).isPositive();
        assertThat(trend.get(0).day()).isEqualTo(trend.get(13).day().minusDays(13));
        assertThat(trend.subList(0, 13))
                .allSatisfy(day -> assertThat(day.orders()).isZero());
    }

    @Test
    void theDashboardIsForOperatorStaffOnly() {
        assertThat(Api.as(port, "member").get("/api/v1/dashboard/today").status())
                .isEqualTo(403);
        assertThat(Api.as(port, "ent-admin").get("/api/v1/dashboard/today").status())
                .isEqualTo(403);
    }

    private Api registeredMember() {
        String mobile = "1360000%04d".formatted(mobiles.incrementAndGet());
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode", "MOFANG33",
                                "name", "Dashboard tester",
                                "mobile", mobile,
                                "password", "correct-horse"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return Api.as(port, mobile, "correct-horse");
    }

    private void awaitEventsDelivered() {
        Journey.awaitEventsDelivered(jdbc);
    }
}
