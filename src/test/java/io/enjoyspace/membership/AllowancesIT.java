package io.enjoyspace.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.membership.MembershipWorlds.World;
import io.enjoyspace.ordering.DiscountBasket;
import io.enjoyspace.ordering.DiscountLine;
import io.enjoyspace.ordering.DiscountPart;
import io.enjoyspace.shared.IdempotencyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

@EnjoySpaceTest
class AllowancesIT {

    static final Instant MAY_20 = Instant.parse("2031-05-20T02:00:00Z");
    /** 10:00 to 12:00 on 3 June in Shanghai: a booking next month. */
    static final Instant JUNE_3_AT_10 = Instant.parse("2031-06-03T02:00:00Z");

    private static final AtomicLong orders = new AtomicLong(1_814_000_000L);

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Tiers tiers;

    @Autowired
    TierEvaluation evaluation;

    @Autowired
    Allowances allowances;

    @Autowired
    AllowanceCheckout checkout;

    @Autowired
    Catalog catalog;

    @Autowired
    MutableClock clock;

    @Autowired
    TransactionTemplate transaction;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    /** A Gold tier with 300 meeting-room minutes a calendar month; the member holds it. */
    private long goldMember(World world, Long enterpriseId, Rollover rollover, long cap) {
        Tier gold = tiers.create(
                world.operatorId(),
                Audience.MEMBER,
                new Tiers.TierDraft("GOLD", "Gold", 1, 8, 100, null, false, false, 0));
        allowances.createPlan(
                world.operatorId(),
                new Allowances.PlanDraft(
                        "Meeting-room time",
                        AllowanceUnit.MINUTES,
                        300,
                        List.of("MEETING_ROOM"),
                        List.of(),
                        AllowancePeriod.CALENDAR_MONTH,
                        rollover,
                        cap,
                        gold.id(),
                        true));
        long member = worlds.member(world, enterpriseId);
        evaluation.assign(world.operatorId(), Audience.MEMBER, member, gold.id(), world.adminUserId(), "test");
        return member;
    }

    private static DiscountLine room(int lineNumber, Instant startsAt, Duration length, long priceMinor) {
        return new DiscountLine(
                lineNumber, 1, null, "RESOURCE", "MEETING_ROOM", 1, priceMinor, startsAt, startsAt.plus(length));
    }

    private List<DiscountPart> apply(World world, long memberId, Long enterpriseId, DiscountLine... lines) {
        long orderId = orders.incrementAndGet();
        return transaction.execute(status -> checkout.apply(new DiscountBasket(
                world.operatorId(),
                orderId,
                memberId,
                enterpriseId,
                world.siteId(),
                List.of(lines),
                List.of(),
                true,
                clock.instant())));
    }

    private List<Allowances.Grant> grants(World world, Audience audience, long ownerId) {
        return allowances.grants(world.operatorId(), audience, ownerId, false);
    }

    private Allowances.Grant manual(
            World world,
            Audience audience,
            long ownerId,
            AllowanceSource source,
            AllowanceUnit unit,
            long quantity,
            List<String> types,
            List<Long> categories,
            Instant until) {
        return allowances.grant(
                world.operatorId(),
                audience,
                ownerId,
                new Allowances.GrantCommand(source, unit, quantity, types, categories, null, null, until, null),
                new IdempotencyKey(UUID.randomUUID().toString()),
                world.adminUserId());
    }

    @Test
    void aBookingNextMonthDrawsNextMonthsGrant() {
        World world = worlds.create();
        long member = goldMember(world, null, Rollover.NONE, 0);
        clock.pin(MAY_20);

        List<DiscountPart> parts = apply(world, member, null, room(1, JUNE_3_AT_10, Duration.ofMinutes(120), 24_000));

        assertThat(parts).singleElement().satisfies(part -> {
            assertThat(part.kind()).isEqualTo("ALLOWANCE");
            assertThat(part.amountMinor()).isEqualTo(24_000);
            assertThat(part.units()).isEqualTo(120);
            assertThat(part.unit()).isEqualTo("MINUTES");
            assertThat(part.lineNumber()).isEqualTo(1);
        });
        List<Allowances.Grant> all = grants(world, Audience.MEMBER, member);
        Allowances.Grant june = all.stream()
                .filter(grant -> grant.validFrom().equals(Instant.parse("2031-05-31T16:00:00Z")))
                .findFirst()
                .orElseThrow();
        Allowances.Grant may = all.stream()
                .filter(grant -> grant.validFrom().equals(Instant.parse("2031-04-30T16:00:00Z")))
                .findFirst()
                .orElseThrow();
        assertThat(june.used()).isEqualTo(120);
        assertThat(june.source()).isEqualTo(AllowanceSource.TIER);
        assertThat(may.used()).isZero();
        assertThat(allowances.meters(world.operatorId(), member))
                .extracting(Allowances.Grant::remaining)
                .containsExactly(300L);
    }

    @Test
    void minutesCoverTheirShareOfALongerBooking() {
        World world = worlds.create();
        long member = worlds.member(world, null);
        clock.pin(MAY_20);
        manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.PURCHASE,
                AllowanceUnit.MINUTES,
                90,
                List.of("MEETING_ROOM"),
                List.of(),
                MAY_20.plus(Duration.ofDays(60)));

        List<DiscountPart> parts =
                apply(world, member, null, room(1, MAY_20.plus(Duration.ofDays(1)), Duration.ofMinutes(120), 12_000));

        assertThat(parts)
                .extracting(DiscountPart::units, DiscountPart::amountMinor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(90L, 9_000L));
    }

    @Test
    void ownRecurringUnitsGoFirstThenPurchasedSoonestExpiringThenTheCompanyPool() {
        World world = worlds.create();
        long member = worlds.member(world, world.enterpriseId());
        clock.pin(MAY_20);
        List<String> rooms = List.of("MEETING_ROOM");
        Allowances.Grant pool = manual(
                world,
                Audience.ENTERPRISE,
                world.enterpriseId(),
                AllowanceSource.PURCHASE,
                AllowanceUnit.MINUTES,
                600,
                rooms,
                List.of(),
                MAY_20.plus(Duration.ofDays(2)));
        Allowances.Grant later = manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.PURCHASE,
                AllowanceUnit.MINUTES,
                30,
                rooms,
                List.of(),
                MAY_20.plus(Duration.ofDays(30)));
        Allowances.Grant sooner = manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.PROMOTION,
                AllowanceUnit.MINUTES,
                30,
                rooms,
                List.of(),
                MAY_20.plus(Duration.ofDays(5)));

        List<DiscountPart> parts = apply(
                world,
                member,
                world.enterpriseId(),
                room(1, MAY_20.plus(Duration.ofHours(1)), Duration.ofMinutes(120), 12_000));

        assertThat(parts)
                .extracting(DiscountPart::units, DiscountPart::amountMinor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(30L, 3_000L),
                        org.assertj.core.groups.Tuple.tuple(30L, 3_000L),
                        org.assertj.core.groups.Tuple.tuple(60L, 6_000L));
        assertThat(allowances.grantById(world.operatorId(), sooner.id()).used()).isEqualTo(30);
        assertThat(allowances.grantById(world.operatorId(), later.id()).used()).isEqualTo(30);
        assertThat(allowances.grantById(world.operatorId(), pool.id()).used()).isEqualTo(60);
        assertThat(parts.stream().mapToLong(DiscountPart::amountMinor).sum()).isEqualTo(12_000);
    }

    @Test
    void recurringUnitsGoBeforePurchasedOnes() {
        World world = worlds.create();
        long member = goldMember(world, null, Rollover.NONE, 0);
        clock.pin(MAY_20);
        Allowances.Grant purchased = manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.PURCHASE,
                AllowanceUnit.MINUTES,
                60,
                List.of("MEETING_ROOM"),
                List.of(),
                MAY_20.plus(Duration.ofDays(3)));

        List<DiscountPart> parts =
                apply(world, member, null, room(1, MAY_20.plus(Duration.ofHours(1)), Duration.ofMinutes(60), 6_000));

        assertThat(parts).extracting(DiscountPart::label).containsExactly("Meeting-room time");
        assertThat(allowances.grantById(world.operatorId(), purchased.id()).used())
                .isZero();
    }

    @Test
    void usesPagesAndMoneyCoverTheirOwnWay() {
        World world = worlds.create();
        long member = worlds.member(world, null);
        long printing = catalog.createCategory(world.operatorId(), "Printing", CategoryKind.OFFICE)
                .id();
        long coffee = catalog.createCategory(world.operatorId(), "Coffee", CategoryKind.LIFESTYLE)
                .id();
        long cleaning = catalog.createCategory(world.operatorId(), "Cleaning", CategoryKind.OFFICE)
                .id();
        clock.pin(MAY_20);
        Instant until = MAY_20.plus(Duration.ofDays(10));
        manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.MANUAL,
                AllowanceUnit.PAGES,
                40,
                List.of(),
                List.of(printing),
                until);
        manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.MANUAL,
                AllowanceUnit.USES,
                1,
                List.of(),
                List.of(coffee),
                until);
        manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.MANUAL,
                AllowanceUnit.MONEY,
                5_000,
                List.of(),
                List.of(cleaning),
                until);

        List<DiscountPart> parts = apply(
                world,
                member,
                null,
                new DiscountLine(1, 1, printing, "SERVICE", null, 100, 3_000, null, null),
                new DiscountLine(2, 2, coffee, "SERVICE", null, 3, 1_500, null, null),
                new DiscountLine(3, 3, cleaning, "SERVICE", null, 1, 68_000, null, null),
                new DiscountLine(4, 4, null, "SERVICE", null, 1, 68_000, null, null));

        assertThat(parts)
                .extracting(
                        DiscountPart::lineNumber, DiscountPart::units, DiscountPart::unit, DiscountPart::amountMinor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 40L, "PAGES", 1_200L),
                        org.assertj.core.groups.Tuple.tuple(2, 1L, "USES", 500L),
                        org.assertj.core.groups.Tuple.tuple(3, 5_000L, "MONEY", 5_000L));
    }

    @Test
    void restoringGivesBackExactlyWhatWasDrawnOnce() {
        World world = worlds.create();
        long member = worlds.member(world, world.enterpriseId());
        clock.pin(MAY_20);
        Allowances.Grant own = manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.PURCHASE,
                AllowanceUnit.MINUTES,
                45,
                List.of("MEETING_ROOM"),
                List.of(),
                MAY_20.plus(Duration.ofDays(3)));
        Allowances.Grant pool = manual(
                world,
                Audience.ENTERPRISE,
                world.enterpriseId(),
                AllowanceSource.PURCHASE,
                AllowanceUnit.MINUTES,
                100,
                List.of("MEETING_ROOM"),
                List.of(),
                MAY_20.plus(Duration.ofDays(3)));
        long orderId = orders.incrementAndGet();
        List<DiscountPart> parts = transaction.execute(status -> checkout.apply(new DiscountBasket(
                world.operatorId(),
                orderId,
                member,
                world.enterpriseId(),
                world.siteId(),
                List.of(room(1, MAY_20.plus(Duration.ofHours(2)), Duration.ofMinutes(90), 9_000)),
                List.of(),
                true,
                clock.instant())));
        assertThat(parts).hasSize(2);
        assertThat(allowances.grantById(world.operatorId(), pool.id()).used()).isEqualTo(45);

        for (int round = 0; round < 2; round++) {
            for (DiscountPart part : parts) {
                transaction.executeWithoutResult(status -> checkout.restore(world.operatorId(), orderId, part));
            }
        }
        assertThat(allowances.grantById(world.operatorId(), own.id()).used()).isZero();
        assertThat(allowances.grantById(world.operatorId(), pool.id()).used()).isZero();
    }

    @Test
    void aMemberWhoDoesNotWantAllowancesIsNotDrawn() {
        World world = worlds.create();
        long member = goldMember(world, null, Rollover.NONE, 0);
        clock.pin(MAY_20);
        List<DiscountPart> parts = transaction.execute(status -> checkout.apply(new DiscountBasket(
                world.operatorId(),
                orders.incrementAndGet(),
                member,
                null,
                world.siteId(),
                List.of(room(1, MAY_20.plus(Duration.ofHours(2)), Duration.ofMinutes(90), 9_000)),
                List.of(),
                false,
                clock.instant())));
        assertThat(parts).isEmpty();
    }

    @Test
    void racingCheckoutsNeverDrawMoreThanTheLastMinutes() throws Exception {
        World world = worlds.create();
        long member = worlds.member(world, null);
        clock.pin(MAY_20);
        Allowances.Grant last = manual(
                world,
                Audience.MEMBER,
                member,
                AllowanceSource.PURCHASE,
                AllowanceUnit.MINUTES,
                60,
                List.of("MEETING_ROOM"),
                List.of(),
                MAY_20.plus(Duration.ofDays(3)));
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<DiscountPart>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                int hour = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return apply(
                            world,
                            member,
                            null,
                            room(1, MAY_20.plus(Duration.ofHours(hour + 1)), Duration.ofMinutes(45), 4_500));
                }));
            }
            start.countDown();
            List<DiscountPart> drawn = Collections.synchronizedList(new ArrayList<>());
            for (Future<List<DiscountPart>> result : results) {
                drawn.addAll(result.get());
            }
            assertThat(drawn.stream().mapToLong(DiscountPart::units).sum()).isEqualTo(60);
            assertThat(drawn).extracting(DiscountPart::units).containsExactlyInAnyOrder(45L, 15L);
            assertThat(allowances.grantById(world.operatorId(), last.id()).used())
                    .isEqualTo(60);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCappedRolloverCarriesUnusedMinutesIntoTheNextMonth() {
        World world = worlds.create();
        long member = goldMember(world, null, Rollover.CAPPED, 60);
        clock.pin(MAY_20);
        apply(world, member, null, room(1, MAY_20.plus(Duration.ofHours(1)), Duration.ofMinutes(200), 20_000));

        clock.pin(JUNE_3_AT_10);
        List<Allowances.Grant> june = allowances.meters(world.operatorId(), member);
        assertThat(june)
                .extracting(Allowances.Grant::label, Allowances.Grant::quantity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Meeting-room time", 300L),
                        org.assertj.core.groups.Tuple.tuple("Meeting-room time (rollover)", 60L));
        // Asked again, nothing is granted twice.
        assertThat(allowances.meters(world.operatorId(), member)).hasSize(2);
    }

    @Test
    void contractMonthsFollowTheLeaseStartDay() {
        Allowances.Span span = Allowances.spanOf(
                AllowancePeriod.CONTRACT_MONTH,
                java.time.LocalDate.of(2030, 1, 31),
                Instant.parse("2031-03-10T04:00:00Z"),
                MembershipWorlds.SHANGHAI);
        assertThat(span.from()).isEqualTo(Instant.parse("2031-02-27T16:00:00Z")); // 28 Feb, the last day it can be
        assertThat(span.until()).isEqualTo(Instant.parse("2031-03-30T16:00:00Z")); // 31 Mar
    }
}
