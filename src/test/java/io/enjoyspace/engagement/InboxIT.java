package io.enjoyspace.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsExpiryNotices;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.tenancy.Operators;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class InboxIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsExpiryNotices notices;

    @Autowired
    Operators operators;

    @Autowired
    JdbcClient jdbc;

    @Test
    void membersAreToldOnceAheadOfTimeWhichPointsWillExpire() {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        String mobile = "1250000%04d".formatted(mobiles.incrementAndGet());
        Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "PARK66",
                                "name",
                                "Inbox test",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        Api member = Api.as(port, mobile, "correct-horse");
        long memberId =
                Long.parseLong(member.get("/api/v1/me").json().get("memberId").asString());
        Instant soon = Instant.now().plus(Duration.ofDays(10));
        award(operatorId, memberId, 25, soon);
        award(operatorId, memberId, 40, Instant.now().plus(Duration.ofDays(45)));

        notices.notifyDue();
        notices.notifyDue();
        Journey.awaitEventsDelivered(jdbc);

        JsonNode inbox = member.get("/api/v1/me/inbox").json().get("items");
        String lastDay = LocalDate.ofInstant(soon.minusNanos(1), ZoneId.of("Asia/Shanghai"))
                .toString();
        assertThat(inbox.findValuesAsString("text"))
                .containsExactly("25 of your points expire after " + lastDay
                        + ". Use them in the points mall or on services before then.");
        assertThat(inbox.get(0).get("read").asBoolean()).isFalse();

        String id = inbox.get(0).get("id").asString();
        assertThat(member.post("/api/v1/me/inbox/" + id + "/read", Map.of()).status())
                .isEqualTo(204);
        assertThat(member.get("/api/v1/me/inbox")
                        .json()
                        .get("items")
                        .get(0)
                        .get("read")
                        .asBoolean())
                .isTrue();
        assertThat(Api.as(port, "member")
                        .post("/api/v1/me/inbox/" + id + "/read", Map.of())
                        .status())
                .isEqualTo(404);
    }

    private void award(long operatorId, long memberId, long points, Instant expiresAt) {
        ledger.post(PostTransaction.award(
                operatorId,
                UUID.randomUUID().toString(),
                Account.member(memberId),
                points,
                expiresAt,
                "TEST",
                null,
                null));
    }
}
