package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.shared.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@EnjoySpaceTest
class PointsConsolidationsIT {

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsHolds holds;

    long operatorId;
    long duplicate;
    long kept;

    @BeforeEach
    void twoRegistrationsOfOnePerson() {
        operatorId = testMembers.demoOperatorId();
        duplicate = newMember();
        kept = newMember();
    }

    private long newMember() {
        return testMembers.newMember("Twin");
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

    private Api.Response merge(Api by, long from, long into) {
        return by.post(
                "/api/v1/points/consolidations",
                Api.map("fromMemberId", Long.toString(from), "intoMemberId", Long.toString(into)));
    }

    @Test
    void theDuplicatesLotsMoveWithTheirExpiryAndItsAccountIsClosed() {
        Instant soon = Instant.now().plus(Duration.ofDays(9)).truncatedTo(ChronoUnit.SECONDS);
        award(duplicate, 40, soon);
        award(duplicate, 60, null);
        award(kept, 5, null);
        Api admin = Api.as(port, "admin");

        Api.Response merged = merge(admin, duplicate, kept);

        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.json().get("movedPoints").asLong()).isEqualTo(100);
        assertThat(ledger.balance(operatorId, Account.member(duplicate))).isZero();
        assertThat(ledger.balance(operatorId, Account.member(kept))).isEqualTo(105);
        assertThat(ledger.lots(operatorId, Account.member(kept)))
                .extracting(PointsLot::remaining, PointsLot::expiresAt)
                .contains(org.assertj.core.groups.Tuple.tuple(40L, soon));
        assertThat(ledger.history(operatorId, Account.member(duplicate), 0, 10)).hasSize(3);
        assertThatThrownBy(() -> award(duplicate, 1, null)).isInstanceOf(ConflictException.class);
        assertThat(merge(admin, duplicate, kept).json().get("movedPoints").asLong())
                .isZero();
    }

    @Autowired
    PointsPending pending;

    @Test
    void pendingPointsFollowTheMergeAndTheDuplicateEarnsNoMore() {
        pending.award(
                operatorId,
                UUID.randomUUID().toString(),
                duplicate,
                30,
                Instant.now().minusSeconds(1),
                null,
                "TEST",
                null,
                null);

        merge(Api.as(port, "admin"), duplicate, kept);
        pending.releaseDue(100);

        assertThat(ledger.balance(operatorId, Account.member(kept))).isEqualTo(30);
        assertThat(ledger.balance(operatorId, Account.pending(duplicate))).isZero();
        assertThatThrownBy(() -> pending.award(
                        operatorId,
                        UUID.randomUUID().toString(),
                        duplicate,
                        5,
                        Instant.now(),
                        null,
                        "TEST",
                        null,
                        null))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void pointsOnHoldOrForeignMembersStopAMerge() {
        award(duplicate, 20, null);
        holds.hold(
                operatorId,
                UUID.randomUUID().toString(),
                Account.member(duplicate),
                5,
                Duration.ofHours(1),
                "HOLD",
                null,
                null);
        Api admin = Api.as(port, "admin");
        String mallMember = Api.as(port, "mall-member")
                .get("/api/v1/me")
                .json()
                .get("memberId")
                .asString();

        assertThat(merge(admin, duplicate, kept).status()).isEqualTo(409);
        assertThat(admin.post(
                                "/api/v1/points/consolidations",
                                Api.map("fromMemberId", mallMember, "intoMemberId", Long.toString(kept)))
                        .fieldErrors())
                .containsExactly("fromMemberId");
        assertThat(merge(admin, kept, kept).fieldErrors()).containsExactly("intoMemberId");
        assertThat(merge(Api.as(port, "staff"), duplicate, kept).status()).isEqualTo(403);
    }
}
