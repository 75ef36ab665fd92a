package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Cancellation refunds, check-in and no-show release, with the clock pinned and moved. */
@EnjoySpaceTest
@RecordApplicationEvents
class BookingLifecycleIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Monday 1 April 2030, 09:00 in Shanghai. */
    static final Instant NOW =
            LocalDateTime.of(2030, 4, 1, 9, 0).atZone(SHANGHAI).toInstant();
    /** Thursday 4 April 2030, 10:00: three days and an hour ahead. */
    static final Instant STARTS =
            LocalDateTime.of(2030, 4, 4, 10, 0).atZone(SHANGHAI).toInstant();

    @Autowired
    BookingFixtures fixtures;

    @Autowired
    Reservations reservations;

    @Autowired
    BookingPolicies policies;

    @Autowired
    NoShowRelease release;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationEvents events;

    long operatorId;
    long memberId;
    long userId;
    Resource room;

    @BeforeEach
    void setUp() {
        clock.pin(NOW);
        operatorId = fixtures.operatorId("demo");
        memberId = fixtures.member("demo", "Lifecycle member");
        userId = fixtures.staffUserId();
        room = fixtures.room("demo", "Lifecycle room", 10_000);
        // Free until 24 hours before, half back until 2 hours before, nothing after; no buffer.
        policies.create(
                operatorId,
                new BookingPolicy(
                        0,
                        0,
                        "Lifecycle terms",
                        PolicyScope.MEMBER,
                        null,
                        null,
                        memberId,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        null,
                        null,
                        new CancellationTerms(24, 50, 2)));
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    Reservation book(Instant startsAt, Duration length) {
        return reservations
                .book(new Reservations.BookReservation(
                        operatorId,
                        userId,
                        memberId,
                        new IdempotencyKey(UUID.randomUUID().toString()),
                        room.id(),
                        startsAt,
                        startsAt.plus(length),
                        null))
                .reservation();
    }

    @ParameterizedTest(name = "cancelled {0} minutes before the start: {1} % back")
    @CsvSource({
        "4320, 100, 20000", // three days ahead
        "1441, 100, 20000",
        "1440, 100, 20000", // exactly 24 hours: still free
        "1439, 50, 10000",
        "180, 50, 10000",
        "120, 50, 10000", // exactly 2 hours: still half
        "119, 0, 0",
        "1, 0, 0"
    })
    void theRefundFollowsTheTermsFixedAtBooking(long minutesBefore, int percent, long refundMinor) {
        Reservation reservation = book(STARTS, Duration.ofHours(2));
        assertThat(reservation.price().totalMinor()).isEqualTo(20_000);
        // A later change of policy does not change what the member was promised.
        policies.create(
                operatorId,
                new BookingPolicy(
                        0,
                        0,
                        "Harsher terms",
                        PolicyScope.MEMBER,
                        null,
                        null,
                        memberId,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new CancellationTerms(100, 0, 100)));

        clock.pin(STARTS.minus(Duration.ofMinutes(minutesBefore)));
        Reservations.Cancelled cancelled = reservations.cancel(operatorId, reservation.id(), userId, memberId, null);

        assertThat(cancelled.refundPercent()).isEqualTo(percent);
        assertThat(cancelled.refundMinor()).isEqualTo(refundMinor);
        assertThat(cancelled.reservation().status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(cancelled.reservation().refundMinor()).isEqualTo(refundMinor);
        assertThat(events.stream(ReservationCancelled.class).filter(e -> e.reservationId() == reservation.id()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.refundMinor()).isEqualTo(refundMinor);
                    assertThat(e.priceMinor()).isEqualTo(20_000);
                    assertThat(e.currency()).isEqualTo("CNY");
                    assertThat(e.reason()).isEqualTo(ReservationCancelled.Reason.MEMBER);
                });
    }

    @Test
    void aStartedReservationCannotBeCancelled() {
        Reservation reservation = book(STARTS, Duration.ofHours(1));
        clock.pin(STARTS);

        assertThatThrownBy(() -> reservations.cancel(operatorId, reservation.id(), userId, memberId, null))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo("booking.alreadyStarted"));
    }

    @Test
    void checkInOpensFifteenMinutesBeforeTheStartAndClosesFifteenAfter() {
        Reservation early = book(STARTS, Duration.ofHours(1));
        Reservation late = book(STARTS.plus(Duration.ofHours(2)), Duration.ofHours(1));

        clock.pin(STARTS.minus(Duration.ofMinutes(16)));
        assertThatThrownBy(() -> reservations.checkIn(operatorId, early.id(), memberId))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo("booking.checkInNotYet"));
        clock.pin(STARTS.minus(Duration.ofMinutes(15)));
        Reservation checkedIn = reservations.checkIn(operatorId, early.id(), memberId);
        assertThat(checkedIn.status()).isEqualTo(ReservationStatus.CHECKED_IN);
        assertThat(reservations.checkIn(operatorId, early.id(), memberId).checkedInAt())
                .isEqualTo(checkedIn.checkedInAt());

        clock.pin(late.startsAt().plus(Duration.ofMinutes(15)));
        assertThat(reservations.checkIn(operatorId, late.id(), memberId).status())
                .isEqualTo(ReservationStatus.CHECKED_IN);
        assertThat(events.stream(ReservationCheckedIn.class).filter(e -> e.memberId() == memberId))
                .hasSize(2);
    }

    @Test
    void aNoShowIsReleasedWhenTheCheckInWindowClosesAndItsTimeBecomesFree() {
        Reservation noShow = book(STARTS, Duration.ofHours(2));
        Reservation attended = book(STARTS.plus(Duration.ofHours(3)), Duration.ofHours(1));

        clock.pin(STARTS.plus(Duration.ofMinutes(15)));
        release.releaseDue(50);
        assertThat(reservations.get(operatorId, noShow.id()).status()).isEqualTo(ReservationStatus.CONFIRMED);

        clock.pin(STARTS.plus(Duration.ofMinutes(16)));
        release.releaseDue(50);

        Reservation released = reservations.get(operatorId, noShow.id());
        assertThat(released.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(released.releasedAt()).isEqualTo(STARTS.plus(Duration.ofMinutes(16)));
        assertThat(reservations.get(operatorId, attended.id()).status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThatThrownBy(() -> reservations.checkIn(operatorId, noShow.id(), memberId))
                .isInstanceOf(ConflictException.class);
        assertThat(events.stream(ReservationReleased.class).filter(e -> e.reservationId() == noShow.id()))
                .singleElement()
                .satisfies(e -> assertThat(e.priceMinor()).isEqualTo(20_000));
        // Someone else may take the rest of the released time.
        long walkIn = fixtures.member("demo", "Walk-in after a no-show");
        Reservation taken = reservations
                .book(new Reservations.BookReservation(
                        operatorId,
                        userId,
                        walkIn,
                        new IdempotencyKey(UUID.randomUUID().toString()),
                        room.id(),
                        STARTS.plus(Duration.ofMinutes(30)),
                        STARTS.plus(Duration.ofMinutes(90)),
                        null))
                .reservation();
        assertThat(taken.status()).isEqualTo(ReservationStatus.CONFIRMED);

        // A checked-in stay completes when it ends.
        clock.pin(attended.startsAt());
        reservations.checkIn(operatorId, attended.id(), memberId);
        clock.pin(attended.endsAt());
        release.releaseDue(50);
        assertThat(reservations.get(operatorId, attended.id()).status()).isEqualTo(ReservationStatus.COMPLETED);
    }

    @Test
    void aRequestStillWaitingForApprovalAtItsStartIsCancelledInFull() {
        policies.create(
                operatorId,
                new BookingPolicy(
                        0,
                        0,
                        "Approval",
                        PolicyScope.MEMBER,
                        null,
                        null,
                        memberId,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        true,
                        null));
        Reservation pending = book(STARTS, Duration.ofHours(1));
        assertThat(pending.status()).isEqualTo(ReservationStatus.PENDING_APPROVAL);

        clock.pin(STARTS);
        release.releaseDue(50);

        Reservation expired = reservations.get(operatorId, pending.id());
        assertThat(expired.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(expired.refundPercent()).isEqualTo(100);
        assertThat(events.stream(ReservationCancelled.class).filter(e -> e.reservationId() == pending.id()))
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(ReservationCancelled.Reason.APPROVAL_EXPIRED));
    }
}
