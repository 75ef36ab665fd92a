package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The booking policy, setting by setting, with the clock pinned and moved. Each test's policy is scoped to its own new
 * member, so the demo operator's other members and tests are not affected.
 */
@EnjoySpaceTest
class BookingPoliciesIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Monday 4 March 2030, 09:00 in Shanghai. */
    static final Instant MONDAY_NINE =
            LocalDateTime.of(2030, 3, 4, 9, 0).atZone(SHANGHAI).toInstant();

    @Autowired
    BookingFixtures fixtures;

    @Autowired
    Reservations reservations;

    @Autowired
    BookingPolicies policies;

    @Autowired
    MutableClock clock;

    long operatorId;
    long memberId;
    long userId;
    Resource room;

    @BeforeEach
    void pinClock() {
        clock.pin(MONDAY_NINE);
        operatorId = fixtures.operatorId("demo");
        memberId = fixtures.member("demo", "Policy subject");
        userId = fixtures.staffUserId();
        room = fixtures.room("demo", "Policy room", 6_000);
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    /** A policy for this test's member only, ahead of every demo policy; null settings are left to later ones. */
    BookingPolicy policy(
            Integer maxDaysAhead,
            Integer minMinutesAhead,
            Integer minLength,
            Integer maxLength,
            Integer buffer,
            Integer quotaHours,
            Boolean approval) {
        return policies.create(
                operatorId,
                new BookingPolicy(
                        0,
                        0,
                        "Test policy",
                        PolicyScope.MEMBER,
                        null,
                        null,
                        memberId,
                        null,
                        maxDaysAhead,
                        minMinutesAhead,
                        minLength,
                        maxLength,
                        buffer,
                        quotaHours,
                        approval,
                        null));
    }

    Reservation book(long member, Instant startsAt, Duration length) {
        return book(member, startsAt, length, null);
    }

    Reservation book(long member, Instant startsAt, Duration length, String overrideReason) {
        return reservations
                .book(new Reservations.BookReservation(
                        operatorId,
                        userId,
                        member,
                        new IdempotencyKey(UUID.randomUUID().toString()),
                        room.id(),
                        startsAt,
                        startsAt.plus(length),
                        overrideReason))
                .reservation();
    }

    static Instant local(int day, int hour, int minute) {
        return LocalDateTime.of(2030, 3, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    void refused(Runnable booking, String field, String code) {
        assertThatThrownBy(booking::run)
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(
                                        InvalidInputException.FieldError::field, InvalidInputException.FieldError::code)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple(field, code)));
    }

    @Test
    void theAdvanceWindowRefusesTooSoonAndTooFarAheadAndMovesWithTheClock() {
        policy(7, 60, null, null, 0, null, null);

        refused(
                () -> book(memberId, MONDAY_NINE.plus(Duration.ofMinutes(30)), Duration.ofHours(1)),
                "startsAt",
                "booking.tooSoon");
        refused(
                () -> book(memberId, MONDAY_NINE.minus(Duration.ofHours(1)), Duration.ofHours(1)),
                "startsAt",
                "booking.inPast");
        assertThat(book(memberId, MONDAY_NINE.plus(Duration.ofMinutes(60)), Duration.ofHours(1))
                        .status())
                .isEqualTo(ReservationStatus.CONFIRMED);
        Instant eightDaysAhead = MONDAY_NINE.plus(Duration.ofDays(8));
        refused(() -> book(memberId, eightDaysAhead, Duration.ofHours(1)), "startsAt", "booking.tooFarAhead");

        clock.advance(Duration.ofDays(1));

        assertThat(book(memberId, eightDaysAhead, Duration.ofHours(1)).startsAt())
                .isEqualTo(eightDaysAhead);
    }

    @Test
    void theLengthMustLieBetweenTheMinimumAndTheMaximum() {
        policy(null, null, 30, 120, 0, null, null);
        Instant tomorrow = local(5, 10, 0);

        refused(() -> book(memberId, tomorrow, Duration.ofMinutes(20)), "endsAt", "booking.tooShort");
        refused(() -> book(memberId, tomorrow, Duration.ofMinutes(150)), "endsAt", "booking.tooLong");
        assertThat(book(memberId, tomorrow, Duration.ofMinutes(30)).lengthMinutes())
                .isEqualTo(30);
        assertThat(book(memberId, local(5, 14, 0), Duration.ofMinutes(120)).lengthMinutes())
                .isEqualTo(120);
    }

    @Test
    void theBufferKeepsTheRoomFreeAfterEveryBooking() {
        policy(null, null, null, null, 15, null, null);
        book(memberId, local(5, 10, 0), Duration.ofHours(1));

        assertThatThrownBy(() -> book(memberId, local(5, 11, 0), Duration.ofHours(1)))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo("booking.timeTaken"));
        assertThatThrownBy(() -> book(memberId, local(5, 9, 0), Duration.ofMinutes(50)))
                .isInstanceOf(ConflictException.class);
        assertThat(book(memberId, local(5, 11, 15), Duration.ofHours(1)).bufferMinutes())
                .isEqualTo(15);
        assertThat(book(memberId, local(5, 8, 45), Duration.ofHours(1)).endsAt())
                .isEqualTo(local(5, 9, 45));
    }

    @Test
    void theWeeklyQuotaCountsTheMembersBookingsOfThatWeekOnly() {
        policy(null, null, null, null, 0, 3, null);
        book(memberId, local(4, 10, 0), Duration.ofHours(2));
        Reservation tuesday = book(memberId, local(5, 10, 0), Duration.ofHours(1));

        refused(() -> book(memberId, local(6, 10, 0), Duration.ofMinutes(30)), "endsAt", "booking.quotaExceeded");
        // Next Monday starts a new week; another member has a quota of their own.
        assertThat(book(memberId, local(11, 10, 0), Duration.ofHours(3)).status())
                .isEqualTo(ReservationStatus.CONFIRMED);
        long other = fixtures.member("demo", "Quota neighbour");
        assertThat(book(other, local(6, 10, 0), Duration.ofHours(2)).status()).isEqualTo(ReservationStatus.CONFIRMED);

        reservations.cancel(operatorId, tuesday.id(), userId, memberId, null);

        assertThat(book(memberId, local(6, 14, 0), Duration.ofHours(1)).status())
                .isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void aPolicyThatAsksForApprovalHoldsTheTimeUntilStaffDecide() {
        policy(null, null, null, null, 0, null, true);
        Reservation approved = book(memberId, local(5, 10, 0), Duration.ofHours(1));
        Reservation rejected = book(memberId, local(5, 14, 0), Duration.ofHours(1));

        assertThat(approved.status()).isEqualTo(ReservationStatus.PENDING_APPROVAL);
        assertThatThrownBy(() -> book(fixtures.member("demo", "Too late"), local(5, 10, 30), Duration.ofHours(1)))
                .isInstanceOf(ConflictException.class);
        assertThat(reservations.pending(operatorId)).extracting(Reservation::id).contains(approved.id(), rejected.id());

        assertThat(reservations.approve(operatorId, approved.id(), userId).status())
                .isEqualTo(ReservationStatus.CONFIRMED);
        Reservation turnedDown = reservations.reject(operatorId, rejected.id(), userId, "Room kept for the landlord");

        assertThat(turnedDown.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(turnedDown.refundPercent()).isEqualTo(100);
        assertThat(turnedDown.cancelReason()).isEqualTo("Room kept for the landlord");
        assertThatThrownBy(() -> reservations.approve(operatorId, approved.id(), userId))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo("booking.notPending"));
    }

    @Test
    void staffOverrideThePolicyWithAReasonThatTheReservationKeeps() {
        policy(1, 120, null, 60, 0, 1, true);

        refused(() -> book(memberId, local(6, 10, 0), Duration.ofHours(1)), "startsAt", "booking.tooFarAhead");
        Reservation overridden = book(memberId, local(6, 10, 0), Duration.ofHours(3), "Annual general meeting");

        assertThat(overridden.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(overridden.overrideReason()).isEqualTo("Annual general meeting");
        refused(
                () -> book(memberId, local(7, 10, 0), Duration.ofHours(1), "no"),
                "overrideReason",
                "booking.reasonRequired");
    }

    @Test
    void theFirstMatchingPolicyThatSetsASettingWins() {
        // The demo default (position 100) allows 240 minutes; this member's policy comes first and allows 60.
        policy(null, null, null, 60, null, null, null);
        long other = fixtures.member("demo", "Default member");

        refused(() -> book(memberId, local(5, 10, 0), Duration.ofMinutes(90)), "endsAt", "booking.tooLong");
        assertThat(book(other, local(5, 10, 0), Duration.ofMinutes(90)).lengthMinutes())
                .isEqualTo(90);
        EffectivePolicy mine = reservations.policyFor(operatorId, memberId, room.id());
        assertThat(mine.maxLengthMinutes()).isEqualTo(60);
        // Settings this policy leaves open come from the default.
        assertThat(mine.bufferMinutes()).isEqualTo(10);
        assertThat(mine.cancellation()).isEqualTo(new CancellationTerms(24, 50, 2));
        assertThat(reservations.policyFor(operatorId, other, room.id()).maxLengthMinutes())
                .isEqualTo(240);
    }

    @Test
    void theCalendarRefusesClosedDaysHolidaysAndBlackouts() {
        Resource office = fixtures.room("demo", "Office hours room", 6_000);
        resourcesSetWeekdayHours(office);
        fixtures.resources()
                .addHoliday(operatorId, office.siteId(), java.time.LocalDate.of(2030, 3, 12), "Test holiday");
        fixtures.resources().addBlackout(operatorId, office.id(), local(13, 9, 0), local(13, 12, 0), "Painting");

        refused(() -> bookOn(office, local(9, 10, 0)), "startsAt", "booking.closedDay");
        refused(() -> bookOn(office, local(5, 7, 0)), "startsAt", "booking.outsideOpeningHours");
        refused(() -> bookOn(office, local(12, 10, 0)), "startsAt", "booking.holiday");
        refused(() -> bookOn(office, local(13, 11, 0)), "startsAt", "booking.blackout");
        assertThat(bookOn(office, local(13, 12, 0)).status()).isEqualTo(ReservationStatus.CONFIRMED);
        fixtures.resources().removeHoliday(operatorId, office.siteId(), java.time.LocalDate.of(2030, 3, 12));
    }

    private void resourcesSetWeekdayHours(Resource office) {
        List<OpeningHours> hours = new java.util.ArrayList<>();
        for (java.time.DayOfWeek day :
                java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY)) {
            hours.add(new OpeningHours(day, java.time.LocalTime.of(8, 0), java.time.LocalTime.of(20, 0)));
        }
        fixtures.resources().setOpeningHours(operatorId, office.id(), hours);
    }

    private Reservation bookOn(Resource resource, Instant startsAt) {
        return reservations
                .book(new Reservations.BookReservation(
                        operatorId,
                        userId,
                        memberId,
                        new IdempotencyKey(UUID.randomUUID().toString()),
                        resource.id(),
                        startsAt,
                        startsAt.plus(Duration.ofHours(1)),
                        null))
                .reservation();
    }
}
