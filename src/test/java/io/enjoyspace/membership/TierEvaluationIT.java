package io.enjoyspace.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.membership.MembershipWorlds.World;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.ordering.PaymentMethod;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.AccountType;
import io.enjoyspace.points.PointsPosted;
import io.enjoyspace.points.Posting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

@EnjoySpaceTest
@RecordApplicationEvents
class TierEvaluationIT {

    // Mid-May 2031 in Shanghai; months are the operator's calendar months.
    static final Instant MAY = Instant.parse("2031-05-10T04:00:00Z");
    static final Instant JUNE = Instant.parse("2031-06-10T04:00:00Z");
    static final Instant JULY_FIRST = Instant.parse("2031-06-30T16:01:00Z"); // 00:01 on 1 July in Shanghai
    static final Instant AUGUST_FIRST = Instant.parse("2031-07-31T16:01:00Z");

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Tiers tiers;

    @Autowired
    TierEvaluation evaluation;

    @Autowired
    io.enjoyspace.points.PointsLedger ledger;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationEvents applicationEvents;

    @Autowired
    MembershipActivity activity;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    org.springframework.context.ApplicationContext applicationContext;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    /** Standard, Silver at 3 and Gold at 8 of the measure, under the given policy and grace. */
    private World ladder(Measure measure, DowngradePolicy policy, int grace) {
        World world = worlds.create();
        tiers.saveProgram(world.operatorId(), Audience.MEMBER, measure, policy, grace);
        tiers.create(
                world.operatorId(),
                Audience.MEMBER,
                new Tiers.TierDraft("STANDARD", "Standard", 0, 0, 100, null, false, false, 0));
        tiers.create(
                world.operatorId(),
                Audience.MEMBER,
                new Tiers.TierDraft("SILVER", "Silver", 1, 3, 120, 14, false, false, 0));
        tiers.create(
                world.operatorId(), Audience.MEMBER, new Tiers.TierDraft("GOLD", "Gold", 2, 8, 150, 30, true, true, 0));
        return world;
    }

    private void uses(World world, long memberId, int count) {
        for (int i = 0; i < count; i++) {
            evaluation.count(world.operatorId(), memberId, null, "use:" + UUID.randomUUID(), clock.instant(), 1, 0, 0);
        }
    }

    private String tierCode(World world, long memberId) {
        return evaluation
                .standing(world.operatorId(), Audience.MEMBER, memberId)
                .tier()
                .code();
    }

    @Test
    void anUpgradeReachesTheMembersInboxTheInsightsFactsAndTheTierAudience() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, null);
        long other = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, member, 3);
        io.enjoyspace.Journey.awaitEventsDelivered(jdbc);

        assertThat(jdbc.sql("""
                                select code from inbox_message
                                where operator_id = :operatorId and member_id = :memberId and category = 'TIER'
                                """)
                        .param("operatorId", world.operatorId())
                        .param("memberId", member)
                        .query(String.class)
                        .list())
                .containsExactly("engagement.tier.up");
        assertThat(jdbc.sql("""
                                select count(*) from activity_fact_current
                                where operator_id = :operatorId and member_id = :memberId and kind = 'TIER_UPGRADED'
                                """)
                        .param("operatorId", world.operatorId())
                        .param("memberId", member)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(evaluation.membersWithTier(world.operatorId(), "SILVER")).containsExactly(member);
        assertThat(evaluation.membersWithTier(world.operatorId(), "STANDARD"))
                .contains(other)
                .doesNotContain(member);
        assertThat(evaluation.membersWithTier(world.operatorId(), "PLATINUM")).isEmpty();
    }

    @Test
    void upgradesTheMomentActivityQualifiesAndSaysSo() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, null);
        clock.pin(MAY);

        uses(world, member, 2);
        assertThat(tierCode(world, member)).isEqualTo("STANDARD");
        uses(world, member, 1);

        TierEvaluation.Standing standing = evaluation.standing(world.operatorId(), Audience.MEMBER, member);
        assertThat(standing.tier().code()).isEqualTo("SILVER");
        assertThat(standing.next().code()).isEqualTo("GOLD");
        assertThat(standing.value()).isEqualTo(3);
        assertThat(standing.toNext()).isEqualTo(5);
        assertThat(standing.history())
                .extracting(TierEvaluation.Change::toTierCode, TierEvaluation.Change::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SILVER", "QUALIFIED"));
        assertThat(applicationEvents.stream(TierChanged.class).filter(event -> event.ownerId() == member))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.operatorId()).isEqualTo(world.operatorId());
                    assertThat(event.fromTierCode()).isEqualTo("STANDARD");
                    assertThat(event.toTierCode()).isEqualTo("SILVER");
                    assertThat(event.upgrade()).isTrue();
                    assertThat(event.reason()).isEqualTo("QUALIFIED");
                });
    }

    @Test
    void aRepeatedFactCountsOnce() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        for (int i = 0; i < 5; i++) {
            evaluation.count(world.operatorId(), member, null, "order-paid:42", MAY, 1, 1000, 0);
        }
        assertThat(evaluation
                        .standing(world.operatorId(), Audience.MEMBER, member)
                        .value())
                .isEqualTo(1);
    }

    @Test
    void downgradesOnlyAtTheEndOfAMonthOneLevelAtATime() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, member, 8);
        assertThat(tierCode(world, member)).isEqualTo("GOLD");

        // June: no use at all, yet Gold holds all month; May qualified for Gold.
        clock.pin(JUNE);
        assertThat(tierCode(world, member)).isEqualTo("GOLD");
        clock.pin(JULY_FIRST.minus(Duration.ofMinutes(2)));
        assertThat(tierCode(world, member)).isEqualTo("GOLD");

        clock.pin(JULY_FIRST);
        assertThat(tierCode(world, member)).isEqualTo("SILVER");
        clock.pin(AUGUST_FIRST);
        assertThat(tierCode(world, member)).isEqualTo("STANDARD");
        assertThat(evaluation
                        .standing(world.operatorId(), Audience.MEMBER, member)
                        .history())
                .extracting(TierEvaluation.Change::toTierCode, TierEvaluation.Change::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("STANDARD", "PERIOD_END"),
                        org.assertj.core.groups.Tuple.tuple("SILVER", "PERIOD_END"),
                        org.assertj.core.groups.Tuple.tuple("GOLD", "QUALIFIED"),
                        org.assertj.core.groups.Tuple.tuple("SILVER", "QUALIFIED"));
        assertThat(applicationEvents.stream(TierChanged.class).filter(event -> event.ownerId() == member))
                .extracting(TierChanged::toTierCode, TierChanged::upgrade)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("SILVER", true),
                        org.assertj.core.groups.Tuple.tuple("GOLD", true),
                        org.assertj.core.groups.Tuple.tuple("SILVER", false),
                        org.assertj.core.groups.Tuple.tuple("STANDARD", false));
    }

    @Test
    void aMonthThatQualifiesKeepsTheTier() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, member, 3);
        clock.pin(JUNE);
        uses(world, member, 3);
        clock.pin(JULY_FIRST);
        assertThat(tierCode(world, member)).isEqualTo("SILVER");
    }

    @Test
    void graceKeepsTheTierForTheGivenMonthsBelow() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 1);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, member, 3);

        clock.pin(JULY_FIRST); // June was below: the one month of grace
        assertThat(tierCode(world, member)).isEqualTo("SILVER");
        clock.pin(AUGUST_FIRST); // July below too: grace used up
        assertThat(tierCode(world, member)).isEqualTo("STANDARD");
    }

    @Test
    void aQualifyingMonthResetsTheGrace() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 1);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, member, 3);
        clock.pin(JULY_FIRST); // June below: in grace
        uses(world, member, 3); // July qualifies again
        clock.pin(AUGUST_FIRST);
        assertThat(tierCode(world, member)).isEqualTo("SILVER");
        assertThat(evaluation
                        .standing(world.operatorId(), Audience.MEMBER, member)
                        .history())
                .hasSize(1);
    }

    @Test
    void recomputeDropsStraightToTheLevelTheMonthEarned() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.RECOMPUTE, 0);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, member, 8);
        clock.pin(JULY_FIRST);
        assertThat(tierCode(world, member)).isEqualTo("STANDARD");
    }

    @Test
    void neverKeepsTheTier() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.NEVER, 0);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, member, 8);
        clock.pin(AUGUST_FIRST.plus(Duration.ofDays(100)));
        assertThat(tierCode(world, member)).isEqualTo("GOLD");
    }

    @Test
    void theMonthlyCloseLowersEveryHolderOnce() {
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0);
        long first = worlds.member(world, null);
        long second = worlds.member(world, null);
        clock.pin(MAY);
        uses(world, first, 3);
        uses(world, second, 8);
        clock.pin(JULY_FIRST);

        assertThat(evaluation.closeAllEndedMonths(world.operatorId())).isEqualTo(2);
        assertThat(evaluation.closeAllEndedMonths(world.operatorId())).isZero();
        assertThat(tierCode(world, first)).isEqualTo("STANDARD");
        assertThat(tierCode(world, second)).isEqualTo("SILVER");
    }

    @Test
    void spendCountsOverTwelveMonthsAndARefundComesOffTheMonthOfPayment() {
        World world = ladder(Measure.SPEND_12_MONTHS, DowngradePolicy.RECOMPUTE, 0);
        long member = worlds.member(world, null);
        clock.pin(MAY);
        evaluation.count(world.operatorId(), member, null, "order-paid:1", MAY, 1, 5, 0);
        clock.pin(JUNE);
        evaluation.count(world.operatorId(), member, null, "order-paid:2", JUNE, 1, 4, 0);
        assertThat(tierCode(world, member)).isEqualTo("GOLD"); // 5 + 4 over twelve months

        evaluation.uncount(world.operatorId(), null, "order-paid:1", "order-refund:1", 0, 5);
        evaluation.uncount(world.operatorId(), null, "order-paid:1", "order-refund:1", 0, 5);
        TierEvaluation.Standing standing = evaluation.standing(world.operatorId(), Audience.MEMBER, member);
        assertThat(standing.value()).isEqualTo(4);
        assertThat(standing.tier().code()).isEqualTo("GOLD"); // upgrades stand until the month closes

        clock.pin(JULY_FIRST);
        assertThat(tierCode(world, member)).isEqualTo("SILVER");
    }

    @Test
    void companiesRiseWithTheirEmployeesActivity() {
        World world = worlds.create();
        tiers.create(
                world.operatorId(),
                Audience.ENTERPRISE,
                new Tiers.TierDraft("PARTNER", "Partner", 0, 0, 100, null, false, false, 0));
        tiers.create(
                world.operatorId(),
                Audience.ENTERPRISE,
                new Tiers.TierDraft("PREMIER", "Premier", 1, 4, 100, null, true, true, 0));
        long first = worlds.member(world, world.enterpriseId());
        long second = worlds.member(world, world.enterpriseId());
        clock.pin(MAY);
        for (long member : List.of(first, second, first)) {
            evaluation.count(
                    world.operatorId(), member, world.enterpriseId(), "use:" + UUID.randomUUID(), MAY, 1, 0, 0);
        }
        // The companies' share is counted by a job, not in the member's transaction.
        assertThat(evaluation.tierOf(world.operatorId(), Audience.ENTERPRISE, world.enterpriseId()))
                .map(Tier::code)
                .contains("PARTNER");
        evaluation.countCompanies(1_000);
        assertThat(evaluation.tierOf(world.operatorId(), Audience.ENTERPRISE, world.enterpriseId()))
                .map(Tier::code)
                .contains("PARTNER");
        evaluation.count(world.operatorId(), second, world.enterpriseId(), "use:" + UUID.randomUUID(), MAY, 1, 0, 0);
        evaluation.countCompanies(1_000);
        assertThat(evaluation.tierOf(world.operatorId(), Audience.ENTERPRISE, world.enterpriseId()))
                .map(Tier::code)
                .contains("PREMIER");
        // Member tiers are their own: this operator has none for members.
        assertThat(evaluation.tierOf(world.operatorId(), Audience.MEMBER, first))
                .isEmpty();
    }

    @Test
    void paidOrdersAndEarnedPointsCountButTransfersDoNot() {
        // The listener itself, called in this thread (the bean's proxy would run it asynchronously).
        MembershipActivity activity = org.springframework.test.util.AopTestUtils.getTargetObject(this.activity);
        World world = ladder(Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, null);
        for (int i = 0; i < 3; i++) {
            OrderPaid paid = new OrderPaid(
                    world.operatorId(),
                    1_814_000_000L + member * 10 + i,
                    member,
                    null,
                    null,
                    1000,
                    1000,
                    0,
                    "CNY",
                    PaymentMethod.WALLET,
                    List.of(),
                    Instant.now());
            // Delivered twice: at least once is all the registry promises.
            activity.on(paid);
            activity.on(paid);
        }
        assertThat(evaluation.tierOf(world.operatorId(), Audience.MEMBER, member))
                .map(Tier::code)
                .contains("SILVER");
        assertThat(evaluation
                        .standing(world.operatorId(), Audience.MEMBER, member)
                        .value())
                .isEqualTo(3);

        World growth = ladder(Measure.GROWTH_POINTS_12_MONTHS, DowngradePolicy.ONE_LEVEL, 0);
        long earner = worlds.member(growth, null);
        long receiver = worlds.member(growth, null);
        activity.on(new PointsPosted(
                growth.operatorId(),
                1_814_000_000L + earner,
                "EARN",
                "EVENT",
                "1",
                9,
                List.of(new Posting(Account.system(AccountType.ISSUANCE), -9), new Posting(Account.member(earner), 9)),
                Instant.now()));
        activity.on(new PointsPosted(
                growth.operatorId(),
                1_814_000_000L + receiver,
                "TRANSFER",
                "EVENT",
                "2",
                0,
                List.of(new Posting(Account.member(earner), -9), new Posting(Account.member(receiver), 9)),
                Instant.now()));
        assertThat(evaluation.tierOf(growth.operatorId(), Audience.MEMBER, earner))
                .map(Tier::code)
                .contains("GOLD");
        assertThat(evaluation
                        .standing(growth.operatorId(), Audience.MEMBER, earner)
                        .value())
                .isEqualTo(9);
        assertThat(evaluation
                        .standing(growth.operatorId(), Audience.MEMBER, receiver)
                        .value())
                .isZero();
    }

    @Test
    void pointsAwardedInBulkGrowAndUpgradeLikeSingleOnes() {
        World growth = ladder(Measure.GROWTH_POINTS_12_MONTHS, DowngradePolicy.ONE_LEVEL, 0);
        long earner = worlds.member(growth, null);
        long other = worlds.member(growth, null);
        String batch = "bulk-" + System.nanoTime() + "-";
        List<io.enjoyspace.points.PointsLedger.Award> awards = List.of(
                new io.enjoyspace.points.PointsLedger.Award(batch + 1, earner, 5, null, "EARN", "EVENT", "1", null),
                new io.enjoyspace.points.PointsLedger.Award(batch + 2, earner, 4, null, "EARN", "EVENT", "2", null),
                new io.enjoyspace.points.PointsLedger.Award(batch + 3, other, 3, null, "EARN", "EVENT", "3", null));

        ledger.awardAll(growth.operatorId(), awards);

        assertThat(evaluation
                        .standing(growth.operatorId(), Audience.MEMBER, earner)
                        .value())
                .isEqualTo(9);
        assertThat(evaluation.tierOf(growth.operatorId(), Audience.MEMBER, earner))
                .map(Tier::code)
                .contains("GOLD");
        assertThat(evaluation
                        .standing(growth.operatorId(), Audience.MEMBER, other)
                        .value())
                .isEqualTo(3);

        // The same awards again (a replayed batch) answer their first transactions and count nothing more.
        ledger.awardAll(growth.operatorId(), awards);
        assertThat(evaluation
                        .standing(growth.operatorId(), Audience.MEMBER, earner)
                        .value())
                .isEqualTo(9);
    }

    @Test
    void earnedPointsGrowInThePostingsOwnTransactionWithoutAnEventPublication() {
        World world = ladder(Measure.GROWTH_POINTS_12_MONTHS, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, null);
        long spend = 1_814_500_000L + member * 10;
        long earn = spend + 1;
        transaction.executeWithoutResult(status -> applicationContext.publishEvent(new PointsPosted(
                world.operatorId(),
                spend,
                "SPEND",
                "ORDER",
                "1",
                0,
                List.of(new Posting(Account.member(member), -5), new Posting(Account.system(AccountType.REDEEMED), 5)),
                Instant.now())));
        transaction.executeWithoutResult(status -> applicationContext.publishEvent(new PointsPosted(
                world.operatorId(),
                earn,
                "EARN",
                "EVENT",
                "2",
                7,
                List.of(new Posting(Account.system(AccountType.ISSUANCE), -7), new Posting(Account.member(member), 7)),
                Instant.now())));

        assertThat(evaluation
                        .standing(world.operatorId(), Audience.MEMBER, member)
                        .value())
                .isEqualTo(7);
        assertThat(membershipPublications(spend)).isZero();
        assertThat(membershipPublications(earn)).isZero();
    }

    private long membershipPublications(long transactionId) {
        return jdbc.sql("select count(*) from event_publication where listener_id like '%MembershipActivity%'"
                        + " and serialized_event like :id")
                .param("id", "%\"transactionId\":" + transactionId + ",%")
                .query(Long.class)
                .single();
    }

    @Test
    void aCancelledPaidOrderIsNoUseAndItsRefundComesOffTheSpendOnce() {
        MembershipActivity activity = org.springframework.test.util.AopTestUtils.getTargetObject(this.activity);
        World world = ladder(Measure.SPEND_12_MONTHS, DowngradePolicy.ONE_LEVEL, 0);
        long member = worlds.member(world, world.enterpriseId());
        long orderId = 1_814_500_000L + member;
        Instant now = Instant.now();
        activity.on(new OrderPaid(
                world.operatorId(),
                orderId,
                member,
                world.enterpriseId(),
                null,
                7,
                7,
                0,
                "CNY",
                PaymentMethod.ENTERPRISE_BILLING,
                List.of(),
                now));
        // Cancelling a paid order refunds it in full: both events arrive, each possibly twice.
        for (int i = 0; i < 2; i++) {
            activity.on(
                    new io.enjoyspace.ordering.OrderRefunded(world.operatorId(), orderId, 99, member, 7, 7, 7, now));
            activity.on(new io.enjoyspace.ordering.OrderCancelled(world.operatorId(), orderId, member, 7, null, now));
        }
        evaluation.countCompanies(1_000);
        assertThat(jdbc.sql("""
                        select uses, spend_minor from membership_activity
                        where operator_id = :operatorId and owner_kind = 'MEMBER' and owner_id = :member
                        """)
                        .param("operatorId", world.operatorId())
                        .param("member", member)
                        .query((rs, row) -> List.of(rs.getLong("uses"), rs.getLong("spend_minor")))
                        .single())
                .containsExactly(0L, 0L);
        assertThat(jdbc.sql("""
                        select uses, spend_minor from membership_activity
                        where operator_id = :operatorId and owner_kind = 'ENTERPRISE' and owner_id = :company
                        """)
                        .param("operatorId", world.operatorId())
                        .param("company", world.enterpriseId())
                        .query((rs, row) -> List.of(rs.getLong("uses"), rs.getLong("spend_minor")))
                        .single())
                .containsExactly(0L, 0L);
    }
}
