package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.tenancy.Operators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@EnjoySpaceTest
class PointsTransfersIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsPolicies policies;

    @Autowired
    Operators operators;

    long operatorId;
    Api giver;
    String giverId;
    String receiverId;
    Api receiver;

    @BeforeEach
    void twoColleaguesOneWithPoints() {
        operatorId = operators.findByCode("demo").orElseThrow().id();
        giver = register();
        receiver = register();
        giverId = giver.get("/api/v1/me").json().get("memberId").asString();
        receiverId = receiver.get("/api/v1/me").json().get("memberId").asString();
        ledger.post(PostTransaction.award(
                operatorId,
                UUID.randomUUID().toString(),
                Account.member(Long.parseLong(giverId)),
                100,
                "TEST",
                null,
                null));
    }

    @AfterEach
    void restorePolicy() {
        policies.save(operatorId, PointsPolicy.DEFAULT);
    }

    private Api register() {
        String mobile = "1330000%04d".formatted(mobiles.incrementAndGet());
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "LANTING1",
                                "name",
                                "Transfer test",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return Api.as(port, mobile, "correct-horse");
    }

    private Api.Response transfer(Object toMemberId, Object points, String key) {
        return giver.post(
                "/api/v1/me/points/transfers",
                Api.map("toMemberId", toMemberId, "points", points),
                Map.of("Idempotency-Key", key));
    }

    private long balance(Api member) {
        return member.get("/api/v1/me/points").json().get("balance").asLong();
    }

    @Test
    void aMemberGivesPointsToAColleagueOnce() {
        String key = UUID.randomUUID().toString();

        Api.Response first = transfer(receiverId, 30, key);
        Api.Response replay = transfer(receiverId, 30, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("balance").asLong()).isEqualTo(70);
        assertThat(replay.json().get("transactionId")).isEqualTo(first.json().get("transactionId"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance(giver)).isEqualTo(70);
        assertThat(balance(receiver)).isEqualTo(30);
        assertThat(receiver.get("/api/v1/me/points/transactions")
                        .json()
                        .get("items")
                        .get(0)
                        .get("reasonCode")
                        .asString())
                .isEqualTo("TRANSFER");
    }

    @Test
    void transfersToNobodyToOneselfOrToAnotherOperatorAreRefused() {
        String mallMember = Api.as(port, "mall-member")
                .get("/api/v1/me")
                .json()
                .get("memberId")
                .asString();

        assertThat(transfer(giverId, 10, "self").fieldErrors()).containsExactly("toMemberId");
        assertThat(transfer("999999999", 10, "nobody").fieldErrors()).containsExactly("toMemberId");
        assertThat(transfer("abc", 10, "garbage").fieldErrors()).containsExactly("toMemberId");
        assertThat(transfer(mallMember, 10, "elsewhere").fieldErrors()).containsExactly("toMemberId");
        assertThat(transfer(receiverId, 0, "nothing").fieldErrors()).containsExactly("points");
        assertThat(transfer(receiverId, -5, "negative").fieldErrors()).containsExactly("points");
        assertThat(balance(giver)).isEqualTo(100);
    }

    @Test
    void moreThanTheBalanceIsAConflict() {
        assertThat(transfer(receiverId, 101, UUID.randomUUID().toString()).status())
                .isEqualTo(409);
        assertThat(balance(giver)).isEqualTo(100);
        assertThat(balance(receiver)).isZero();
    }

    @Test
    void theOperatorsPolicySwitchesTransfersOffAndCapsThem() {
        Api admin = Api.as(port, "admin");
        assertThat(Api.as(port, "staff")
                        .put(
                                "/api/v1/points/policy",
                                Api.map("transfersEnabled", false, "transferMaxPoints", 1, "transferDailyMaxPoints", 1))
                        .status())
                .isEqualTo(403);

        admin.put(
                "/api/v1/points/policy",
                Api.map("transfersEnabled", false, "transferMaxPoints", 50, "transferDailyMaxPoints", 60));
        assertThat(transfer(receiverId, 10, UUID.randomUUID().toString()).status())
                .isEqualTo(409);

        admin.put(
                "/api/v1/points/policy",
                Api.map("transfersEnabled", true, "transferMaxPoints", 50, "transferDailyMaxPoints", 60));
        assertThat(transfer(receiverId, 51, UUID.randomUUID().toString()).fieldErrors())
                .containsExactly("points");
        assertThat(transfer(receiverId, 50, UUID.randomUUID().toString()).status())
                .isEqualTo(201);
        assertThat(transfer(receiverId, 11, UUID.randomUUID().toString()).fieldErrors())
                .containsExactly("points");
        assertThat(transfer(receiverId, 10, UUID.randomUUID().toString()).status())
                .isEqualTo(201);
        assertThat(balance(receiver)).isEqualTo(60);
    }

    @Test
    void racingTransfersNeverOverdraw() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(
                    () -> transfer(receiverId, 10, UUID.randomUUID().toString()).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(10);
        assertThat(balance(giver)).isZero();
        assertThat(balance(receiver)).isEqualTo(100);
    }
}
