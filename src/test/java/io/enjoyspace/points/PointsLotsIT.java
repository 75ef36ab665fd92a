package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
class PointsLotsIT {

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsExpiry expiry;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    long operatorId;
    long memberId;

    @BeforeEach
    void freshMember() {
        operatorId = testMembers.demoOperatorId();
        memberId = newMember();
    }

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    private long newMember() {
        return testMembers.newMember("Lot test");
    }

    private void award(long member, long points, Instant expiresAt) {
        ledger.post(PostTransaction.award(
                operatorId,
                UUID.randomUUID().toString(),
                Account.member(member),
                points,
                expiresAt,
                "TEST",
                null,
                null));
    }

    private void spend(long member, long points) {
        ledger.post(new PostTransaction(
                operatorId,
                UUID.randomUUID().toString(),
                "REDEEMED",
                null,
                null,
                null,
                null,
                List.of(
                        new Posting(Account.member(member), -points),
                        new Posting(Account.system(AccountType.REDEEMED), points))));
    }

    private long balance(long member) {
        return ledger.balance(operatorId, Account.member(member));
    }

    @Test
    void spendingConsumesTheEarliestExpiringLotsFirst() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        award(memberId, 100, now.plus(Duration.ofDays(10)));
        award(memberId, 100, null);
        award(memberId, 100, now.plus(Duration.ofDays(5)));

        spend(memberId, 150);

        List<PointsLot> lots = ledger.lots(operatorId, Account.member(memberId));
        assertThat(lots).extracting(PointsLot::remaining).containsExactly(50L, 100L);
        assertThat(lots).extracting(PointsLot::expiresAt).containsExactly(now.plus(Duration.ofDays(10)), null);
        assertThat(lots.stream().mapToLong(PointsLot::remaining).sum()).isEqualTo(balance(memberId));
    }

    @Test
    void lotsExpireAtTheirMomentAndNotBefore() {
        Instant start = Instant.parse("2030-03-01T04:00:00Z");
        clock.pin(start);
        award(memberId, 30, start.plus(Duration.ofHours(1)));
        award(memberId, 20, start.plus(Duration.ofHours(2)));
        award(memberId, 5, null);

        clock.pin(start.plus(Duration.ofHours(1)).minusMillis(1));
        expiry.expireDue(100);
        assertThat(balance(memberId)).isEqualTo(55);

        clock.pin(start.plus(Duration.ofHours(1)));
        expiry.expireDue(100);
        assertThat(balance(memberId)).isEqualTo(25);

        clock.pin(start.plus(Duration.ofDays(400)));
        expiry.expireDue(100);
        expiry.expireDue(100);
        assertThat(balance(memberId)).isEqualTo(5);
        assertThat(ledger.history(operatorId, Account.member(memberId), 0, 10))
                .filteredOn(line -> line.reasonCode().equals("EXPIRED"))
                .extracting(HistoryLine::points)
                .containsExactly(-20L, -30L);
        assertThat(ledger.lots(operatorId, Account.member(memberId)))
                .extracting(PointsLot::remaining)
                .containsExactly(5L);
    }

    @Autowired
    PointsHolds holds;

    @Test
    void pointsReleasedIntoAnExpiredLotExpireEvenAtTheSameInstant() {
        Instant start = Instant.parse("2030-09-01T04:00:00Z");
        clock.pin(start);
        award(memberId, 30, start.plus(Duration.ofHours(1)));
        award(memberId, 20, start.plus(Duration.ofHours(1)));
        Hold hold = holds.hold(
                operatorId,
                UUID.randomUUID().toString(),
                Account.member(memberId),
                20,
                Duration.ofDays(1),
                "HOLD",
                null,
                null);

        clock.pin(start.plus(Duration.ofHours(1)));
        expiry.expireDue(100);
        assertThat(balance(memberId)).isZero();
        holds.release(operatorId, hold.id());
        assertThat(balance(memberId)).isEqualTo(20);
        expiry.expireDue(100);

        assertThat(balance(memberId)).isZero();
    }

    @Test
    void spentPointsDoNotExpire() {
        Instant start = Instant.parse("2030-06-01T04:00:00Z");
        clock.pin(start);
        award(memberId, 40, start.plus(Duration.ofDays(1)));
        spend(memberId, 40);

        clock.pin(start.plus(Duration.ofDays(2)));
        expiry.expireDue(100);

        assertThat(balance(memberId)).isZero();
        assertThat(ledger.history(operatorId, Account.member(memberId), 0, 10))
                .noneMatch(line -> line.reasonCode().equals("EXPIRED"));
    }

    @Test
    void aTransferCarriesTheExpiryOfThePointsItMoves() {
        long receiver = newMember();
        Instant soon = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Instant later = Instant.now().plus(Duration.ofDays(300)).truncatedTo(ChronoUnit.SECONDS);
        award(memberId, 10, soon);
        award(memberId, 50, later);

        ledger.post(new PostTransaction(
                operatorId,
                UUID.randomUUID().toString(),
                "TRANSFER",
                null,
                null,
                null,
                null,
                List.of(
                        new Posting(Account.member(memberId), -25),
                        Posting.carryingExpiry(Account.member(receiver), 25))));

        assertThat(ledger.lots(operatorId, Account.member(receiver)))
                .extracting(PointsLot::remaining, PointsLot::expiresAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(10L, soon),
                        org.assertj.core.groups.Tuple.tuple(15L, later));
        assertThat(balance(memberId)).isEqualTo(35);
    }

    @Test
    void membersSeeWhatExpiresWithinThirtyDays() {
        Api member = Api.as(port, "member");
        long demoMember =
                Long.parseLong(member.get("/api/v1/me").json().get("memberId").asString());
        Instant soon = Instant.now().plus(Duration.ofDays(12)).truncatedTo(ChronoUnit.SECONDS);
        award(demoMember, 7, soon);
        award(demoMember, 9, Instant.now().plus(Duration.ofDays(90)));

        JsonNode points = member.get("/api/v1/me/points").json();

        assertThat(points.get("expiringSoon").asLong()).isGreaterThanOrEqualTo(7);
        assertThat(points.get("expiring").findValuesAsString("expiresAt"))
                .contains(soon.toString().replace("Z", "Z"));
        JsonNode lots = member.get("/api/v1/me/points/lots").json();
        long inLots = 0;
        for (JsonNode lot : lots) {
            inLots += lot.get("remaining").asLong();
        }
        assertThat(inLots).isEqualTo(points.get("balance").asLong());
    }

    @Test
    void pointsEarnedUnderTheDemoRuleExpireAtTheEndOfNextYear() {
        Api member = Api.as(port, "member");
        Api staff = Api.as(port, "staff");
        String orderId = Journey.order(member, Journey.offeringId(member, "Laundry, one bag"), 1)
                .json()
                .get("id")
                .asString();
        staff.post("/api/v1/orders/" + orderId + "/complete", Map.of());
        Journey.awaitEventsDelivered(jdbc);

        String expiresAt =
                jdbc.sql("""
                        select cast(l.expires_at at time zone 'Asia/Shanghai' as text) from points_lot l
                        join points_transaction t on t.operator_id = l.operator_id and t.id = l.transaction_id
                        where t.reference_type = 'ORDER' and t.reference_id = :orderId
                        """).param("orderId", orderId).query(String.class).single();
        int nextYearPlusOne =
                java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).getYear() + 2;
        assertThat(expiresAt).isEqualTo(nextYearPlusOne + "-01-01 00:00:00");
    }
}
