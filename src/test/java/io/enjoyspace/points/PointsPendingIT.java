package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class PointsPendingIT {

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsPending pending;

    @Autowired
    PointsReversals reversals;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    long operatorId;
    long memberId;
    Instant start = Instant.parse("2032-04-01T02:00:00Z");

    @BeforeEach
    void aMemberAndAPinnedClock() {
        operatorId = testMembers.demoOperatorId();
        memberId = testMembers.newMember("Pending test");
        clock.pin(start);
    }

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    private PointsTransaction award(long points) {
        return pending.award(
                operatorId,
                UUID.randomUUID().toString(),
                memberId,
                points,
                start.plus(Duration.ofDays(7)),
                start.plus(Duration.ofDays(365)),
                "ORDER_COMPLETED",
                "ORDER",
                "1");
    }

    private long balance() {
        return ledger.balance(operatorId, Account.member(memberId));
    }

    private long waiting() {
        return ledger.balance(operatorId, Account.pending(memberId));
    }

    @Test
    void pendingPointsBecomeUsableOnTheirDayWithTheirExpiry() {
        award(50);
        assertThat(balance()).isZero();
        assertThat(waiting()).isEqualTo(50);

        clock.pin(start.plus(Duration.ofDays(7)).minusMillis(1));
        pending.releaseDue(10);
        assertThat(balance()).isZero();

        clock.pin(start.plus(Duration.ofDays(7)));
        pending.releaseDue(10);
        assertThat(balance()).isEqualTo(50);
        assertThat(waiting()).isZero();
        assertThat(ledger.lots(operatorId, Account.member(memberId)))
                .extracting(PointsLot::expiresAt)
                .containsExactly(start.plus(Duration.ofDays(365)));
    }

    @Test
    void aRefundInsideTheWindowCancelsThePendingPointsCleanly() {
        PointsTransaction earned = award(80);

        var reversal = reversals
                .reverse(new PointsReversals.ReverseEarning(
                        operatorId, UUID.randomUUID().toString(), earned.id(), 100, 100))
                .get(0);

        assertThat(reversal.takenPoints()).isEqualTo(80);
        assertThat(reversal.shortfallPoints()).isZero();
        assertThat(waiting()).isZero();
        clock.pin(start.plus(Duration.ofDays(8)));
        pending.releaseDue(10);
        assertThat(balance()).isZero();
    }

    @Test
    void aRefundAfterReleaseTakesThePointsFromTheMember() {
        PointsTransaction earned = award(60);
        clock.pin(start.plus(Duration.ofDays(7)));
        pending.releaseDue(10);

        var reversal = reversals
                .reverse(new PointsReversals.ReverseEarning(
                        operatorId, UUID.randomUUID().toString(), earned.id(), 50, 100))
                .get(0);

        assertThat(reversal.takenPoints()).isEqualTo(30);
        assertThat(balance()).isEqualTo(30);
    }

    @Test
    void aRuleWithAWaitingPeriodMakesOrderPointsPending() {
        clock.release();
        Api mallAdmin = Api.as(port, "mall-admin");
        JsonNode rule = mallAdmin.get("/api/v1/rules").json().get(0);
        String ruleId = rule.get("id").asString();
        try {
            mallAdmin.put(
                    "/api/v1/rules/" + ruleId,
                    Api.map(
                            "name",
                            rule.get("name").asString(),
                            "eventType",
                            "order.completed",
                            "action",
                            "PER_YUAN",
                            "rate",
                            2,
                            "pendingDays",
                            14));
            Api mallMember = Api.as(port, "mall-member");
            String orderId = Journey.order(mallMember, Journey.offeringId(mallMember, "Storefront cleaning"), 1)
                    .json()
                    .get("id")
                    .asString();
            long before =
                    mallMember.get("/api/v1/me/points").json().get("pending").asLong();
            mallAdmin.post("/api/v1/orders/" + orderId + "/complete", Map.of());
            Journey.awaitEventsDelivered(jdbc);

            JsonNode points = mallMember.get("/api/v1/me/points").json();
            assertThat(points.get("pending").asLong() - before).isEqualTo(500);
        } finally {
            mallAdmin.put(
                    "/api/v1/rules/" + ruleId,
                    Api.map(
                            "name",
                            rule.get("name").asString(),
                            "eventType",
                            "order.completed",
                            "action",
                            "PER_YUAN",
                            "rate",
                            2,
                            "pendingDays",
                            0));
        }
    }
}
