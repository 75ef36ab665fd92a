package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.shared.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@EnjoySpaceTest
class PointsHoldsIT {

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsHolds holds;

    @Autowired
    MutableClock clock;

    long operatorId;
    Account member;

    @BeforeEach
    void memberWithPoints() {
        operatorId = testMembers.demoOperatorId();
        long memberId = testMembers.newMember("Hold test");
        member = Account.member(memberId);
    }

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    private void award(long points, Instant expiresAt) {
        ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), member, points, expiresAt, "TEST", null, null));
    }

    private Hold hold(long points) {
        return holds.hold(
                operatorId,
                UUID.randomUUID().toString(),
                member,
                points,
                Duration.ofMinutes(15),
                "REDEMPTION",
                "TEST",
                "1");
    }

    private long balance() {
        return ledger.balance(operatorId, member);
    }

    private long lotsTotal() {
        return ledger.lots(operatorId, member).stream()
                .mapToLong(PointsLot::remaining)
                .sum();
    }

    @Test
    void aHoldTakesThePointsAtOnceAndACaptureSpendsThem() {
        award(100, null);
        long redeemedBefore = ledger.balance(operatorId, Account.system(AccountType.REDEEMED));

        Hold hold = hold(60);
        assertThat(balance()).isEqualTo(40);
        assertThat(holds.pending(operatorId, member)).extracting(Hold::id).containsExactly(hold.id());

        Hold captured = holds.capture(operatorId, hold.id(), 60);

        assertThat(captured.status()).isEqualTo(Hold.Status.CAPTURED);
        assertThat(balance()).isEqualTo(40);
        assertThat(lotsTotal()).isEqualTo(40);
        assertThat(ledger.balance(operatorId, Account.system(AccountType.REDEEMED)))
                .isEqualTo(redeemedBefore + 60);
        assertThat(holds.pending(operatorId, member)).isEmpty();
    }

    @Test
    void aReleasePutsThePointsBackIntoTheLotsTheyCameFrom() {
        Instant soon = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        award(50, soon);
        award(50, null);
        List<PointsLot> before = ledger.lots(operatorId, member);

        Hold hold = hold(70);
        assertThat(ledger.lots(operatorId, member))
                .extracting(PointsLot::remaining)
                .containsExactly(30L);
        holds.release(operatorId, hold.id());

        assertThat(balance()).isEqualTo(100);
        assertThat(ledger.lots(operatorId, member)).isEqualTo(before);
    }

    @Test
    void aPartialCaptureReturnsTheRest() {
        award(100, null);
        Hold hold = hold(70);

        Hold captured = holds.capture(operatorId, hold.id(), 30);

        assertThat(captured.capturedPoints()).isEqualTo(30);
        assertThat(balance()).isEqualTo(70);
        assertThat(lotsTotal()).isEqualTo(70);
    }

    @Test
    void aHoldNotResolvedInTimeIsReleased() {
        Instant start = Instant.parse("2031-05-01T02:00:00Z");
        clock.pin(start);
        award(80, null);
        Hold hold = hold(80);

        clock.pin(start.plus(Duration.ofMinutes(15)).minusMillis(1));
        holds.releaseTimedOut(50);
        assertThat(holds.get(operatorId, hold.id()).status()).isEqualTo(Hold.Status.PENDING);

        clock.pin(start.plus(Duration.ofMinutes(15)));
        holds.releaseTimedOut(50);
        assertThat(holds.get(operatorId, hold.id()).status()).isEqualTo(Hold.Status.RELEASED);
        assertThat(balance()).isEqualTo(80);
    }

    @Test
    void resolvingTwiceIsHarmlessAndTheOtherWayIsAConflict() {
        award(100, null);
        Hold captured = hold(10);
        Hold released = hold(20);
        holds.capture(operatorId, captured.id(), 10);
        holds.release(operatorId, released.id());

        assertThat(holds.capture(operatorId, captured.id(), 10).status()).isEqualTo(Hold.Status.CAPTURED);
        assertThat(holds.release(operatorId, released.id()).status()).isEqualTo(Hold.Status.RELEASED);
        assertThatThrownBy(() -> holds.release(operatorId, captured.id())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> holds.capture(operatorId, released.id(), 20)).isInstanceOf(ConflictException.class);
        assertThat(balance()).isEqualTo(90);
    }

    @Test
    void aHoldCannotTakeMoreThanTheBalanceAndItsKeyReturnsTheSameHold() {
        award(30, null);
        assertThatThrownBy(() -> hold(31)).isInstanceOf(InsufficientPointsException.class);

        String key = UUID.randomUUID().toString();
        Hold first = holds.hold(operatorId, key, member, 30, Duration.ofMinutes(5), "REDEMPTION", "TEST", "2");
        Hold again = holds.hold(operatorId, key, member, 30, Duration.ofMinutes(5), "REDEMPTION", "TEST", "2");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(balance()).isZero();
    }

    @Test
    void racingCapturesAndReleasesResolveAHoldExactlyOnce() throws Exception {
        award(100, null);
        Hold hold = hold(60);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean capture = i % 2 == 0;
            racers.add(() -> {
                try {
                    return capture
                            ? holds.capture(operatorId, hold.id(), 60).status().name()
                            : holds.release(operatorId, hold.id()).status().name();
                } catch (ConflictException e) {
                    return "CONFLICT";
                }
            });
        }
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> outcome : pool.invokeAll(racers)) {
                outcomes.add(outcome.get());
            }
        } finally {
            pool.shutdown();
        }

        Hold.Status finalStatus = holds.get(operatorId, hold.id()).status();
        assertThat(finalStatus).isIn(Hold.Status.CAPTURED, Hold.Status.RELEASED);
        assertThat(balance()).isEqualTo(finalStatus == Hold.Status.CAPTURED ? 40 : 100);
        assertThat(lotsTotal()).isEqualTo(balance());
        assertThat(outcomes).contains(finalStatus.name());
    }
}
