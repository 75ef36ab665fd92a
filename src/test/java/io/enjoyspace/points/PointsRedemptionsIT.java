package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.TestMembers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@EnjoySpaceTest
class PointsRedemptionsIT {

    @LocalServerPort
    int port;

    @Autowired
    TestMembers testMembers;

    @Autowired
    PointsLedger ledger;

    private long memberWith(long points) {
        long member = testMembers.newMember("Redeemer");
        ledger.post(PostTransaction.award(
                testMembers.demoOperatorId(),
                UUID.randomUUID().toString(),
                Account.member(member),
                points,
                "TEST",
                "TEST",
                "1"));
        return member;
    }

    private Api.Response redeem(Api api, String key, long member, long points) {
        return api.post(
                "/api/v1/points/redemptions",
                Api.map(
                        "memberId",
                        Long.toString(member),
                        "points",
                        points,
                        "referenceType",
                        "POS",
                        "referenceId",
                        "r1"),
                Map.of("Idempotency-Key", key));
    }

    @Test
    void aRedemptionTakesPointsOnceUnderItsKey() {
        Api staff = Api.as(port, "staff");
        long member = memberWith(100);
        String key = UUID.randomUUID().toString();

        Api.Response first = redeem(staff, key, member, 30);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("balance").asLong()).isEqualTo(70);

        Api.Response replay = redeem(staff, key, member, 30);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("transactionId").asString())
                .isEqualTo(first.json().get("transactionId").asString());
        assertThat(replay.json().get("balance").asLong()).isEqualTo(70);

        assertThat(redeem(staff, key, member, 31).status()).isEqualTo(409);
        assertThat(redeem(staff, UUID.randomUUID().toString(), member, 71).status())
                .isEqualTo(409);
        assertThat(redeem(staff, UUID.randomUUID().toString(), member, 0).fieldErrors())
                .containsExactly("points");
    }

    @Test
    void theStatementFiltersEarnedFromSpentAndByPeriod() {
        long member = memberWith(100);
        assertThat(redeem(Api.as(port, "staff"), UUID.randomUUID().toString(), member, 30)
                        .status())
                .isEqualTo(201);
        long operatorId = testMembers.demoOperatorId();
        Account account = Account.member(member);

        assertThat(ledger.history(
                        operatorId,
                        account,
                        new PointsLedger.HistoryFilter(PointsLedger.HistoryFilter.Direction.EARNED, null),
                        0,
                        10))
                .extracting(HistoryLine::points)
                .containsExactly(100L);
        assertThat(ledger.history(
                        operatorId,
                        account,
                        new PointsLedger.HistoryFilter(PointsLedger.HistoryFilter.Direction.SPENT, null),
                        0,
                        10))
                .extracting(HistoryLine::points)
                .containsExactly(-30L);
        assertThat(ledger.history(
                        operatorId,
                        account,
                        new PointsLedger.HistoryFilter(
                                PointsLedger.HistoryFilter.Direction.ALL,
                                java.time.Instant.now().plusSeconds(3600)),
                        0,
                        10))
                .isEmpty();

        Api me = Api.as(port, "member");
        me.get("/api/v1/me/points/transactions?direction=SPENT&days=30")
                .json()
                .get("items")
                .forEach(line -> assertThat(line.get("points").asLong()).isNegative());
        assertThat(me.get("/api/v1/me/points/transactions?days=0").fieldErrors())
                .containsExactly("days");
        assertThat(me.get("/api/v1/me/points/transactions?direction=SIDEWAYS").status())
                .isEqualTo(400);
    }

    @Test
    void concurrentRedemptionsNeverOverdraw() throws Exception {
        Api staff = Api.as(port, "staff");
        long member = memberWith(50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> redeem(staff, UUID.randomUUID().toString(), member, 10));
            }
            for (Future<Api.Response> result : pool.invokeAll(calls)) {
                statuses.add(result.get().status());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(5);
        assertThat(statuses.stream().filter(status -> status == 409)).hasSize(11);
        assertThat(ledger.balance(testMembers.demoOperatorId(), Account.member(member)))
                .isZero();
    }

    @Test
    void anotherOperatorsMemberIsNotFoundAndMembersCannotRedeem() {
        long member = memberWith(10);
        assertThat(redeem(Api.as(port, "mall-admin"), UUID.randomUUID().toString(), member, 1)
                        .status())
                .isEqualTo(404);
        assertThat(redeem(Api.as(port, "member"), UUID.randomUUID().toString(), member, 1)
                        .status())
                .isEqualTo(403);
        assertThat(ledger.balance(testMembers.demoOperatorId(), Account.member(member)))
                .isEqualTo(10);
    }
}
