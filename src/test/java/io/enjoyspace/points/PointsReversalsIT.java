package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.shared.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@EnjoySpaceTest
class PointsReversalsIT {

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsReversals reversals;

    @Autowired
    PointsPolicies policies;

    long operatorId;
    Account member;

    @BeforeEach
    void freshMember() {
        operatorId = testMembers.demoOperatorId();
        member = Account.member(testMembers.newMember("Reversal test"));
    }

    @AfterEach
    void restorePolicy() {
        policies.save(operatorId, PointsPolicy.DEFAULT);
    }

    private PointsTransaction award(long points, Instant expiresAt) {
        return ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), member, points, expiresAt, "ORDER_COMPLETED", "ORDER", "1"));
    }

    private void spend(long points) {
        ledger.post(new PostTransaction(
                operatorId,
                UUID.randomUUID().toString(),
                "REDEEMED",
                null,
                null,
                null,
                null,
                List.of(new Posting(member, -points), new Posting(Account.system(AccountType.REDEEMED), points))));
    }

    private PointsReversals.Reversal reverse(PointsTransaction award, long refunded, long paid) {
        return reversals
                .reverse(new PointsReversals.ReverseEarning(
                        operatorId, UUID.randomUUID().toString(), award.id(), refunded, paid))
                .get(0);
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
    void aFullRefundTakesBackTheAwardFromItsOwnLot() {
        Instant later = Instant.now().plus(Duration.ofDays(300)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        PointsTransaction earned = award(200, later);
        award(50, Instant.now().plus(Duration.ofDays(2)));

        PointsReversals.Reversal reversal = reverse(earned, 20_000, 20_000);

        assertThat(reversal.takenPoints()).isEqualTo(200);
        assertThat(reversal.shortfallPoints()).isZero();
        assertThat(balance()).isEqualTo(50);
        assertThat(ledger.lots(operatorId, member))
                .extracting(PointsLot::remaining)
                .containsExactly(50L);
        assertThat(ledger.history(operatorId, member, 0, 1).get(0).reasonCode()).isEqualTo("REVERSAL");
    }

    @Test
    void partialRefundsAddUpToExactlyTheAward() {
        PointsTransaction earned = award(199, null);

        assertThat(reverse(earned, 10_000, 19_900).takenPoints()).isEqualTo(100);
        assertThat(reverse(earned, 9_900, 19_900).takenPoints()).isEqualTo(99);
        assertThat(balance()).isZero();
        assertThatThrownBy(() -> reverse(earned, 1, 19_900)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void spentPointsBecomeARecordedShortfallUnderClawBackAvailable() {
        PointsTransaction earned = award(200, null);
        spend(150);

        PointsReversals.Reversal reversal = reverse(earned, 20_000, 20_000);

        assertThat(reversal.policy()).isEqualTo(PointsPolicy.ReversalPolicy.CLAW_BACK_AVAILABLE);
        assertThat(reversal.takenPoints()).isEqualTo(50);
        assertThat(reversal.shortfallPoints()).isEqualTo(150);
        assertThat(reversal.debtPoints()).isZero();
        assertThat(balance()).isZero();
    }

    @Test
    void underADebtPolicyTheBalanceGoesBelowZeroAndLaterEarningsRepayItFirst() {
        policies.save(operatorId, new PointsPolicy(true, 10_000, 20_000, PointsPolicy.ReversalPolicy.DEBT));
        PointsTransaction earned = award(200, null);
        spend(150);

        PointsReversals.Reversal reversal = reverse(earned, 20_000, 20_000);

        assertThat(reversal.takenPoints()).isEqualTo(200);
        assertThat(reversal.debtPoints()).isEqualTo(150);
        assertThat(balance()).isEqualTo(-150);
        assertThat(lotsTotal()).isZero();
        assertThatThrownBy(() -> spend(1)).isInstanceOf(InsufficientPointsException.class);

        award(100, null);
        assertThat(balance()).isEqualTo(-50);
        assertThat(lotsTotal()).isZero();
        award(80, null);
        assertThat(balance()).isEqualTo(30);
        assertThat(lotsTotal()).isEqualTo(30);
    }

    @Test
    void awardsPostedInBulkRepayADebtFirstToo() {
        policies.save(operatorId, new PointsPolicy(true, 10_000, 20_000, PointsPolicy.ReversalPolicy.DEBT));
        PointsTransaction earned = award(200, null);
        spend(150);
        reverse(earned, 20_000, 20_000);
        assertThat(balance()).isEqualTo(-150);

        List<PointsTransaction> posted = ledger.awardAll(
                operatorId,
                List.of(
                        new PointsLedger.Award(
                                "bulk-a-" + UUID.randomUUID(), member.ownerId(), 100, null, "BULK", null, null, null),
                        new PointsLedger.Award(
                                "bulk-b-" + UUID.randomUUID(), member.ownerId(), 80, null, "BULK", null, null, null)));

        assertThat(posted).hasSize(2);
        assertThat(balance()).isEqualTo(30);
        assertThat(lotsTotal()).isEqualTo(30);
        assertThat(ledger.lots(operatorId, member))
                .singleElement()
                .satisfies(lot -> assertThat(lot.remaining()).isEqualTo(30));
    }

    @Test
    void withoutADebtPolicyTheDatabaseItselfRefusesADebt() {
        PointsTransaction earned = award(10, null);
        spend(10);

        assertThatThrownBy(() -> ledger.post(new PostTransaction(
                                operatorId,
                                UUID.randomUUID().toString(),
                                "REVERSAL",
                                null,
                                null,
                                null,
                                null,
                                List.of(
                                        new Posting(member, -10),
                                        new Posting(Account.system(AccountType.ISSUANCE), 10)))
                        .reversing(earned.id())
                        .allowingDebt()))
                .hasMessageContaining("points_account_balance_not_negative");
        assertThat(balance()).isZero();
    }

    @Test
    void aReplayedReversalReturnsTheFirstResult() {
        PointsTransaction earned = award(100, null);
        String key = UUID.randomUUID().toString();
        var command = new PointsReversals.ReverseEarning(operatorId, key, earned.id(), 5_000, 10_000);

        List<PointsReversals.Reversal> first = reversals.reverse(command);
        List<PointsReversals.Reversal> again = reversals.reverse(command);

        assertThat(again).isEqualTo(first);
        assertThat(balance()).isEqualTo(50);
    }
}
