package io.enjoyspace.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.tenancy.Operators;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Many members at one reward at once: the stock is never oversold and points are held only for the winners. */
@EnjoySpaceTest
class RedemptionConcurrencyIT {

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Operators operators;

    @Autowired
    JdbcClient jdbc;

    Api admin;
    long operatorId;

    @BeforeEach
    void signIn() {
        admin = Api.as(port, "admin");
        operatorId = operators.findByCode("demo").orElseThrow().id();
    }

    private static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        pool.shutdown();
        return results;
    }

    @Test
    void parallelRedemptionsAgainstScarceStockNeverOversell() throws Exception {
        int stock = 5;
        int contenders = 12;
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Scarce lamp", 300, stock, null));
        List<RewardsFixtures.SignedIn> members = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            RewardsFixtures.SignedIn member = RewardsFixtures.register(port, "TOWER88", "Contender " + i);
            RewardsFixtures.award(ledger, operatorId, member.memberId(), 1_000);
            members.add(member);
        }

        List<Callable<Api.Response>> calls = new ArrayList<>();
        members.forEach(member -> calls.add(() -> RewardsFixtures.redeem(member.api(), reward, 1)));
        List<Api.Response> answers = together(calls);

        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(stock);
        assertThat(answers.stream().filter(a -> a.status() == 409)).hasSize(contenders - stock);
        assertThat(answers.stream().filter(a -> a.status() == 409).map(Api.Response::body))
                .allMatch(body -> body.contains("out of stock"));
        assertThat(admin.get("/api/v1/rewards/" + reward).json().get("stock").asInt())
                .isZero();
        for (int i = 0; i < contenders; i++) {
            boolean won = answers.get(i).status() == 201;
            assertThat(Journey.balance(members.get(i).api())).isEqualTo(won ? 700 : 1_000);
        }
        long held = jdbc.sql("""
                        select coalesce(sum(h.points), 0) from points_hold h
                        join reward_redemption r on r.operator_id = h.operator_id and r.points_hold_id = h.id
                        where r.operator_id = :operatorId and r.reward_id = :reward and h.status = 'PENDING'
                        """)
                .param("operatorId", operatorId)
                .param("reward", Long.parseLong(reward))
                .query(Long.class)
                .single();
        assertThat(held).isEqualTo(stock * 300L);
    }

    @Test
    void theLimitPerMemberHoldsUnderParallelRequests() throws Exception {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Limited tote", 100, 50, 2));
        RewardsFixtures.SignedIn member = RewardsFixtures.register(port, "TOWER88", "Eager");
        RewardsFixtures.award(ledger, operatorId, member.memberId(), 10_000);

        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> RewardsFixtures.redeem(member.api(), reward, 1));
        }
        List<Api.Response> answers = together(calls);

        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(2);
        assertThat(answers.stream().filter(a -> a.status() == 409).map(Api.Response::body))
                .hasSize(6)
                .allMatch(body -> body.contains("limit per member"));
        assertThat(admin.get("/api/v1/rewards/" + reward).json().get("stock").asInt())
                .isEqualTo(48);
        assertThat(Journey.balance(member.api())).isEqualTo(9_800);
    }

    @Test
    void replaysOfOneKeyRacingEachOtherRedeemOnce() throws Exception {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Racing mug", 100, 10, null));
        RewardsFixtures.SignedIn member = RewardsFixtures.register(port, "TOWER88", "Retrier");
        RewardsFixtures.award(ledger, operatorId, member.memberId(), 1_000);

        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> RewardsFixtures.redeem(member.api(), reward, 1, "same-key-" + member.memberId()));
        }
        List<Api.Response> answers = together(calls);

        assertThat(answers).allMatch(a -> a.status() == 201 || a.status() == 200);
        assertThat(answers.stream().map(a -> a.json().get("id").asString()).distinct())
                .hasSize(1);
        assertThat(admin.get("/api/v1/rewards/" + reward).json().get("stock").asInt())
                .isEqualTo(9);
        assertThat(Journey.balance(member.api())).isEqualTo(900);
    }
}
