package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.GapMembers;
import io.enjoyspace.MutableClock;
import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.membership.Tiers;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.wallet.MemberWallets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A resource's deposit is taken from the wallet when booking, given back at check-in or cancellation, kept on a
 * no-show; members of a deposit-free tier book without it.
 */
@EnjoySpaceTest
class ReservationDepositsIT {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final long DEPOSIT = 5_000;

    @LocalServerPort
    int port;

    @Autowired
    BookingFixtures fixtures;

    @Autowired
    GapMembers people;

    @Autowired
    Reservations reservations;

    @Autowired
    ReservationDeposits deposits;

    @Autowired
    NoShowRelease release;

    @Autowired
    MemberWallets wallets;

    @Autowired
    Tiers tiers;

    @Autowired
    TierEvaluation evaluation;

    @Autowired
    MutableClock clock;

    @Autowired
    io.enjoyspace.membership.MembershipWorlds worlds;

    @Autowired
    io.enjoyspace.tenancy.Operators operators;

    Instant starts;
    Resource room;

    @BeforeEach
    void room() {
        clock.pin(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        starts = ZonedDateTime.of(LocalDate.now(SHANGHAI).plusDays(3), LocalTime.of(10, 0), SHANGHAI)
                .toInstant();
        // A free room, so that the wallet moves only for the deposit.
        room = fixtures.room("demo", "Deposit room " + UUID.randomUUID(), 0);
        Api.Response set = Api.as(port, "admin")
                .put("/api/v1/resources/" + room.id() + "/deposit", Api.map("depositMinor", DEPOSIT));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("depositMinor").asLong()).isEqualTo(DEPOSIT);
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    private Reservation book(GapMembers.Person person, Instant at) {
        return reservations
                .book(new Reservations.BookReservation(
                        person.operatorId(),
                        fixtures.staffUserId(),
                        person.memberId(),
                        new IdempotencyKey(UUID.randomUUID().toString()),
                        room.id(),
                        at,
                        at.plus(Duration.ofHours(1)),
                        null))
                .reservation();
    }

    private long wallet(GapMembers.Person person) {
        return wallets.balance(person.operatorId(), person.memberId()).amountMinor();
    }

    private String depositStatus(Reservation reservation) {
        return deposits.of(reservation.operatorId(), reservation.id())
                .orElseThrow()
                .status();
    }

    @Test
    void theBookingPageTellsTheMemberAboutTheDeposit() {
        GapMembers.Person person = people.personWithWallet("demo", "Deposit reader", 20_000);
        io.enjoyspace.PageSession portal =
                io.enjoyspace.PageSession.signIn(port, person.username(), GapMembers.PASSWORD);
        String page = "/portal/booking/new?resourceId=" + room.id() + "&startsAt=" + starts;

        for (String language : java.util.List.of("en", "zh-CN")) {
            java.net.http.HttpResponse<String> shown = portal.get(page, language);
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.body()).contains("id=\"book-deposit\"").doesNotContain("??");
        }
        assertThat(portal.get(page).body()).contains("Deposit ¥50.00");
    }

    @Test
    void theDepositIsHeldAtBookingAndGivenBackAtCheckIn() {
        GapMembers.Person person = people.personWithWallet("demo", "Deposit payer", 20_000);

        Reservation booked = book(person, starts);

        assertThat(depositStatus(booked)).isEqualTo("HELD");
        assertThat(wallet(person)).isEqualTo(20_000 - DEPOSIT);
        clock.pin(starts.minus(Duration.ofMinutes(5)));
        reservations.checkIn(person.operatorId(), booked.id(), person.memberId());
        reservations.checkIn(person.operatorId(), booked.id(), person.memberId());
        assertThat(depositStatus(booked)).isEqualTo("RETURNED");
        assertThat(wallet(person)).isEqualTo(20_000);
    }

    @Test
    void aCancellationGivesTheDepositBackAndANoShowForfeitsIt() {
        GapMembers.Person person = people.personWithWallet("demo", "Deposit no-show", 20_000);
        Reservation cancelled = book(person, starts);
        Reservation missed = book(person, starts.plus(Duration.ofHours(2)));
        assertThat(wallet(person)).isEqualTo(20_000 - 2 * DEPOSIT);

        reservations.cancel(person.operatorId(), cancelled.id(), fixtures.staffUserId(), person.memberId(), "plans");
        assertThat(depositStatus(cancelled)).isEqualTo("RETURNED");
        assertThat(wallet(person)).isEqualTo(20_000 - DEPOSIT);

        clock.pin(missed.checkInClosesAt().plus(Duration.ofMinutes(1)));
        release.releaseDue(50);
        assertThat(reservations.get(person.operatorId(), missed.id()).status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(depositStatus(missed)).isEqualTo("FORFEITED");
        assertThat(wallet(person)).isEqualTo(20_000 - DEPOSIT);
    }

    @Test
    void aDepositFreeTierBooksWithoutADeposit() {
        // An operator of its own, so that its tiers are this test's alone.
        io.enjoyspace.membership.MembershipWorlds.World world = worlds.create();
        String code = operators.get(world.operatorId()).code();
        tiers.create(
                world.operatorId(),
                Audience.MEMBER,
                new Tiers.TierDraft("STANDARD", "Standard", 0, 0, 100, null, false, false, 0));
        long goldTier = tiers.create(
                        world.operatorId(),
                        Audience.MEMBER,
                        new Tiers.TierDraft("GOLD", "Gold", 1, 8, 100, null, true, false, 0))
                .id();
        Resource worldRoom = fixtures.room(code, "Deposit-free room", 0);
        deposits.setDeposit(world.operatorId(), worldRoom.id(), DEPOSIT);
        long gold = worlds.member(world, null);
        long standard = worlds.member(world, null);
        evaluation.assign(world.operatorId(), Audience.MEMBER, gold, goldTier, world.adminUserId(), "test");
        for (long memberId : java.util.List.of(gold, standard)) {
            wallets.topUp(
                    world.operatorId(),
                    memberId,
                    io.enjoyspace.shared.Money.of(10_000, "CNY"),
                    new IdempotencyKey("deposit-free-" + memberId),
                    world.adminUserId(),
                    "test");
        }

        Reservation waived = bookIn(world, worldRoom, gold, starts);
        Reservation held = bookIn(world, worldRoom, standard, starts.plus(Duration.ofHours(2)));

        assertThat(depositStatus(waived)).isEqualTo("WAIVED");
        assertThat(wallets.balance(world.operatorId(), gold).amountMinor()).isEqualTo(10_000);
        assertThat(depositStatus(held)).isEqualTo("HELD");
        assertThat(wallets.balance(world.operatorId(), standard).amountMinor()).isEqualTo(10_000 - DEPOSIT);
    }

    private Reservation bookIn(
            io.enjoyspace.membership.MembershipWorlds.World world, Resource resource, long memberId, Instant at) {
        return reservations
                .book(new Reservations.BookReservation(
                        world.operatorId(),
                        world.adminUserId(),
                        memberId,
                        new IdempotencyKey(UUID.randomUUID().toString()),
                        resource.id(),
                        at,
                        at.plus(Duration.ofHours(1)),
                        null))
                .reservation();
    }

    @Test
    void tooLittleInTheWalletRefusesTheBookingNamingTheDeposit() {
        GapMembers.Person poor = people.personWithWallet("demo", "Deposit short", 1_000);

        assertThatThrownBy(() -> book(poor, starts))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("deposit"));
        assertThat(wallet(poor)).isEqualTo(1_000);
        assertThat(reservations.ofMember(poor.operatorId(), poor.memberId(), 10))
                .isEmpty();
    }

    @Test
    void anotherOperatorCannotSetTheDeposit() {
        Api.Response refused = Api.as(port, "mall-admin")
                .put("/api/v1/resources/" + room.id() + "/deposit", Map.of("depositMinor", 1));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(deposits.depositOf(fixtures.operatorId("demo"), room.id())).contains(DEPOSIT);
    }
}
