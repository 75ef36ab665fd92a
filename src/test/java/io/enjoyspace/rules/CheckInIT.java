package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class CheckInIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    CheckIns checkIns;

    @Autowired
    PointsLedger ledger;

    @Autowired
    MutableClock clock;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Autowired
    Members members;

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    private Api registered() {
        String mobile = "1240000%04d".formatted(mobiles.incrementAndGet());
        Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "TOWER88",
                                "name",
                                "Check-in test",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        return Api.as(port, mobile, "correct-horse");
    }

    @Test
    void theFirstCheckInOfTheDayEarnsPointsAndLaterOnesAnswerTheSame() {
        Api member = registered();

        Api.Response first = member.post("/api/v1/me/checkins", Map.of());
        Api.Response again = member.post("/api/v1/me/checkins", Map.of());

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("streak").asInt()).isEqualTo(1);
        assertThat(first.json().get("points").asInt()).isEqualTo(5);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(member.get("/api/v1/me/points").json().get("balance").asLong())
                .isEqualTo(5);
    }

    @Test
    void racingCheckInsAwardOnce() throws Exception {
        Api member = registered();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            racers.add(() -> member.post("/api/v1/me/checkins", Map.of()).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(racers)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
        assertThat(statuses).containsOnly(200, 201);
        assertThat(member.get("/api/v1/me/points").json().get("balance").asLong())
                .isEqualTo(5);
    }

    @Test
    void aStreakEarnsItsBonusOnTheSeventhDayAndABreakStartsAgain() {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        long memberId = members.register(
                        operatorId,
                        new Members.NewMember(
                                sites.list(operatorId).get(0).id(),
                                null,
                                "Streak",
                                "1239999%04d".formatted(mobiles.incrementAndGet()),
                                null))
                .id();
        // 09:00 in Shanghai each day; the operator's day decides what "today" is.
        Instant first = Instant.parse("2034-06-01T01:00:00Z");
        List<Integer> points = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            clock.pin(first.plus(Duration.ofDays(day)));
            points.add(checkIns.checkIn(operatorId, memberId).points());
        }
        assertThat(points).containsExactly(5, 5, 5, 5, 5, 5, 25);

        clock.pin(first.plus(Duration.ofDays(8)));
        CheckIns.CheckIn afterABreak = checkIns.checkIn(operatorId, memberId);

        assertThat(afterABreak.streak()).isEqualTo(1);
        assertThat(ledger.balance(operatorId, Account.member(memberId))).isEqualTo(60);
    }

    @Test
    void withoutAProgramThereIsNoCheckInAndOnlyAdminsSetOne() {
        assertThat(Api.as(port, "mall-member")
                        .post("/api/v1/me/checkins", Map.of())
                        .status())
                .isEqualTo(409);
        JsonNode program = Api.as(port, "staff").get("/api/v1/checkin-program").json();
        assertThat(program.get("pointsPerDay").asInt()).isEqualTo(5);
        assertThat(Api.as(port, "staff")
                        .put(
                                "/api/v1/checkin-program",
                                Api.map("enabled", true, "pointsPerDay", 1, "ladder", List.of()))
                        .status())
                .isEqualTo(403);
        assertThat(Api.as(port, "mall-admin")
                        .put(
                                "/api/v1/checkin-program",
                                Api.map(
                                        "enabled",
                                        true,
                                        "pointsPerDay",
                                        1,
                                        "ladder",
                                        List.of(Api.map("streakDay", 0, "bonusPoints", 5))))
                        .fieldErrors())
                .containsExactly("ladder[0].streakDay");
    }
}
