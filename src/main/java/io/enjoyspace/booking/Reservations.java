package io.enjoyspace.booking;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Books, cancels, approves and checks in reservations. The database refuses a second reservation over a held time
 * range (an exclusion constraint), so concurrent requests for one slot yield exactly one reservation and the others a
 * 409. A member's own bookings are serialised by an advisory lock, so that the weekly quota holds under concurrency.
 */
@Service
public class Reservations {

    static final String EXCLUSION_VIOLATION = "23P01";

    /** The most coupon codes one booking may carry. */
    static final int MAX_COUPONS = 5;

    private static final JsonMapper json = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Resources resources;
    private final BookingPolicies policies;
    private final Members members;
    private final Operators operators;
    private final ObjectProvider<MemberTiers> tiers;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate savepoint;
    private final TransactionTemplate transaction;
    private final SlotClaims claims;
    private final Clock clock;

    Reservations(
            JdbcClient jdbc,
            Resources resources,
            BookingPolicies policies,
            Members members,
            Operators operators,
            ObjectProvider<MemberTiers> tiers,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            SlotClaims claims,
            Clock clock) {
        this.claims = claims;
        this.transaction = new TransactionTemplate(transactions);
        this.jdbc = jdbc;
        this.resources = resources;
        this.policies = policies;
        this.members = members;
        this.operators = operators;
        this.tiers = tiers;
        this.events = events;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * A request to hold a resource for a member. {@code overrideReason}, given by operator staff only, sets the
     * policy's advance window, lengths, quota and approval aside (opening hours, holidays, blackouts and buffers still
     * hold) and is kept on the reservation.
     */
    public record BookReservation(
            long operatorId,
            long userId,
            long memberId,
            IdempotencyKey idempotencyKey,
            long resourceId,
            Instant startsAt,
            Instant endsAt,
            String overrideReason,
            List<String> couponCodes) {

        public BookReservation {
            couponCodes = couponCodes == null
                    ? List.of()
                    : couponCodes.stream()
                            .filter(code -> code != null && !code.isBlank())
                            .map(String::strip)
                            .distinct()
                            .toList();
        }

        /** A booking without coupons. */
        public BookReservation(
                long operatorId,
                long userId,
                long memberId,
                IdempotencyKey idempotencyKey,
                long resourceId,
                Instant startsAt,
                Instant endsAt,
                String overrideReason) {
            this(operatorId, userId, memberId, idempotencyKey, resourceId, startsAt, endsAt, overrideReason, List.of());
        }

        String fingerprint() {
            return IdempotencyKey.fingerprint("one|" + memberId + "|" + resourceId + "|" + startsAt + "|" + endsAt + "|"
                    + overrideReason + (couponCodes.isEmpty() ? "" : "|" + String.join(",", couponCodes)));
        }
    }

    /** The reservation, and whether this call made it or replayed an earlier one with the same key. */
    public record Booked(Reservation reservation, boolean replayed) {}

    /** A weekly series: the first occurrence and {@code weeks - 1} more, one week apart in local time. */
    public record BookRecurring(
            long operatorId,
            long userId,
            long memberId,
            IdempotencyKey idempotencyKey,
            long resourceId,
            Instant startsAt,
            Instant endsAt,
            int weeks,
            boolean allOrNothing,
            String overrideReason) {

        String fingerprint() {
            return IdempotencyKey.fingerprint("weekly|" + memberId + "|" + resourceId + "|" + startsAt + "|" + endsAt
                    + "|" + weeks + "|" + allOrNothing + "|" + overrideReason);
        }
    }

    /** One occurrence of a series that could not be booked, and why (a message key and its arguments). */
    public record Clash(
            int occurrence, Instant startsAt, Instant endsAt, String field, String code, List<Object> args) {}

    /** What a recurring request booked and what clashed. Nothing is booked when all-or-nothing met a clash. */
    public record RecurringResult(
            Long recurrenceId, List<Reservation> booked, List<Clash> clashes, boolean allOrNothing, boolean replayed) {}

    /** A cancellation: the reservation as it is now and the refund it carries. */
    public record Cancelled(Reservation reservation, long refundMinor, int refundPercent, boolean alreadyCancelled) {}

    /**
     * Books one reservation. An attempt at a time this node is booking for someone else this very moment is refused
     * at once (see {@link SlotClaims}); everything else runs in one transaction.
     */
    public Booked book(BookReservation command) {
        SlotClaims.Held[] held = new SlotClaims.Held[1];
        if (command.startsAt() != null
                && command.endsAt() != null
                && command.endsAt().isAfter(command.startsAt())
                && !claims.tryClaim(
                        command.resourceId(),
                        command.startsAt(),
                        command.endsAt(),
                        command.userId() + "|"
                                + (command.idempotencyKey() == null
                                        ? java.util.UUID.randomUUID().toString()
                                        : command.idempotencyKey().value()),
                        held)) {
            throw new ConflictException("booking.timeBeingBooked", "the time is being booked by someone else");
        }
        try {
            return transaction.execute(status -> bookInTransaction(command));
        } finally {
            if (held[0] != null) {
                held[0].close();
            }
        }
    }

    private Booked bookInTransaction(BookReservation command) {
        lockKey(command.operatorId(), command.userId(), command.idempotencyKey());
        String fingerprint = command.fingerprint();
        Optional<Earlier> earlier = earlier(command.operatorId(), command.userId(), command.idempotencyKey());
        if (earlier.isPresent()) {
            if (!earlier.get().hash().equals(fingerprint) || earlier.get().reservationId() == null) {
                throw new ConflictException("booking.keyReused", "idempotency key used for another request");
            }
            return new Booked(get(command.operatorId(), earlier.get().reservationId()), true);
        }
        if (clearlyTaken(command.operatorId(), command.resourceId(), command.startsAt(), command.endsAt())) {
            // Someone already holds part of this time: answer at once, before weighing policies and prices. When a
            // slot is contested, almost every attempt but the first ends here.
            throw new ConflictException("booking.timeTaken", "the time is taken");
        }
        Operator operator = operators.get(command.operatorId());
        Member member = members.get(command.operatorId(), command.memberId());
        lockMember(command.operatorId(), member.id());
        Prepared prepared = prepare(
                operator,
                member,
                command.resourceId(),
                command.startsAt(),
                command.endsAt(),
                command.userId(),
                command.overrideReason());
        if (!command.couponCodes().isEmpty()) {
            if (command.couponCodes().size() > MAX_COUPONS) {
                throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                        "couponCodes", "gaps.booking.tooManyCoupons", List.of(MAX_COUPONS))));
            }
            if (prepared.price().totalMinor() == 0) {
                throw new InvalidInputException("couponCodes", "gaps.booking.couponOnFreeReservation");
            }
            prepared = prepared.withCouponCodes(command.couponCodes());
        }
        long id = insert(prepared, null);
        if (command.idempotencyKey() != null) {
            remember(command.operatorId(), command.userId(), command.idempotencyKey(), fingerprint, id, null);
        }
        return new Booked(get(command.operatorId(), id), false);
    }

    @Transactional
    public RecurringResult bookRecurring(BookRecurring command) {
        if (command.weeks() < 1 || command.weeks() > 52) {
            throw new InvalidInputException(
                    List.of(new InvalidInputException.FieldError("weeks", "booking.range", List.of(1, 52))));
        }
        lockKey(command.operatorId(), command.userId(), command.idempotencyKey());
        String fingerprint = command.fingerprint();
        Optional<Earlier> earlier = earlier(command.operatorId(), command.userId(), command.idempotencyKey());
        if (earlier.isPresent()) {
            if (!earlier.get().hash().equals(fingerprint) || earlier.get().result() == null) {
                throw new ConflictException("booking.keyReused", "idempotency key used for another request");
            }
            return replay(command.operatorId(), earlier.get().result());
        }
        Operator operator = operators.get(command.operatorId());
        Member member = members.get(command.operatorId(), command.memberId());
        lockMember(command.operatorId(), member.id());
        Resource resource = resources.get(command.operatorId(), command.resourceId());
        ZoneId zone = operator.timeZone();
        ZonedDateTime firstStart = command.startsAt().atZone(zone);
        ZonedDateTime firstEnd = command.endsAt().atZone(zone);
        long recurrenceId = jdbc.sql("""
                        insert into booking_recurrence (operator_id, resource_id, member_id, weeks, created_at)
                        values (:operatorId, :resourceId, :memberId, :weeks, :now) returning id
                        """)
                .param("operatorId", command.operatorId())
                .param("resourceId", resource.id())
                .param("memberId", member.id())
                .param("weeks", command.weeks())
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        List<Long> booked = new ArrayList<>();
        List<Clash> clashes = new ArrayList<>();
        List<Prepared> ready = new ArrayList<>();
        for (int week = 0; week < command.weeks(); week++) {
            Instant startsAt = firstStart.plusWeeks(week).toInstant();
            Instant endsAt = firstEnd.plusWeeks(week).toInstant();
            int occurrence = week + 1;
            try {
                Prepared prepared = prepare(
                        operator, member, resource.id(), startsAt, endsAt, command.userId(), command.overrideReason());
                if (command.allOrNothing()) {
                    if (taken(prepared)) {
                        clashes.add(
                                new Clash(occurrence, startsAt, endsAt, "startsAt", "booking.timeTaken", List.of()));
                    } else {
                        ready.add(prepared);
                    }
                } else {
                    // A savepoint per occurrence: a taken slot rolls back that insert only.
                    Long id = savepoint.execute(status -> insert(prepared, recurrenceId));
                    booked.add(id);
                }
            } catch (InvalidInputException e) {
                InvalidInputException.FieldError error = e.errors().get(0);
                clashes.add(new Clash(occurrence, startsAt, endsAt, error.field(), error.code(), error.args()));
            } catch (ConflictException e) {
                clashes.add(new Clash(occurrence, startsAt, endsAt, "startsAt", e.code(), List.of()));
            }
        }
        if (command.allOrNothing() && clashes.isEmpty()) {
            // Checked free a moment ago; if another request took a slot since, the constraint refuses it and the
            // whole series rolls back with a 409.
            for (Prepared prepared : ready) {
                booked.add(insert(prepared, recurrenceId));
            }
        }
        RecurringResult result = new RecurringResult(
                booked.isEmpty() ? null : recurrenceId,
                booked.stream().map(id -> get(command.operatorId(), id)).toList(),
                List.copyOf(clashes),
                command.allOrNothing(),
                false);
        if (booked.isEmpty()) {
            jdbc.sql("delete from booking_recurrence where operator_id = :operatorId and id = :id")
                    .param("operatorId", command.operatorId())
                    .param("id", recurrenceId)
                    .update();
        }
        if (command.idempotencyKey() != null) {
            remember(
                    command.operatorId(),
                    command.userId(),
                    command.idempotencyKey(),
                    fingerprint,
                    null,
                    json.writeValueAsString(new StoredRecurring(
                            result.recurrenceId(), booked, result.clashes(), command.allOrNothing())));
        }
        return result;
    }

    /** What a recurring request's replay needs: the reservations it made (read fresh) and the clashes it reported. */
    record StoredRecurring(Long recurrenceId, List<Long> reservationIds, List<Clash> clashes, boolean allOrNothing) {}

    private RecurringResult replay(long operatorId, String stored) {
        StoredRecurring earlier = json.readValue(stored, new TypeReference<StoredRecurring>() {});
        return new RecurringResult(
                earlier.recurrenceId(),
                earlier.reservationIds().stream().map(id -> get(operatorId, id)).toList(),
                earlier.clashes(),
                earlier.allOrNothing(),
                true);
    }

    /** Cancels a reservation before it starts. {@code memberId} set: only that member's own reservation. */
    @Transactional
    public Cancelled cancel(long operatorId, long reservationId, long userId, Long memberId, String reason) {
        Reservation reservation = lockReservation(operatorId, reservationId, memberId);
        if (reservation.status() == ReservationStatus.CANCELLED) {
            return new Cancelled(reservation, reservation.refundMinor(), reservation.refundPercent(), true);
        }
        if (!reservation.status().cancellable()) {
            throw new ConflictException("booking.notCancellable", "reservation cannot be cancelled");
        }
        Instant now = clock.instant();
        if (!now.isBefore(reservation.startsAt())) {
            throw new ConflictException("booking.alreadyStarted", "reservation has started");
        }
        CancellationTerms.Refund refund = reservation.status() == ReservationStatus.PENDING_APPROVAL
                ? new CancellationTerms.Refund(100, reservation.price().totalMinor())
                : CancellationTerms.refund(
                        reservation.cancellation(), reservation.price().totalMinor(), reservation.startsAt(), now);
        ReservationCancelled.Reason why =
                memberId != null ? ReservationCancelled.Reason.MEMBER : ReservationCancelled.Reason.STAFF;
        Reservation cancelled = markCancelled(reservation, userId, reason, refund, why, now);
        return new Cancelled(cancelled, refund.amountMinor(), refund.percent(), false);
    }

    /** Staff approve a reservation that waits for approval. */
    @Transactional
    public Reservation approve(long operatorId, long reservationId, long userId) {
        Reservation reservation = lockReservation(operatorId, reservationId, null);
        if (reservation.status() != ReservationStatus.PENDING_APPROVAL) {
            throw new ConflictException("booking.notPending", "reservation is not waiting for approval");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        update reservation set status = 'CONFIRMED', decided_at = :now, decided_by = :userId
                        where operator_id = :operatorId and id = :id
                        """)
                .param("now", Timestamp.from(now))
                .param("userId", userId)
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .update();
        events.publishEvent(new ReservationApproved(
                operatorId,
                reservationId,
                reservation.resourceId(),
                reservation.memberId(),
                reservation.enterpriseId(),
                reservation.startsAt(),
                reservation.endsAt(),
                reservation.price().totalMinor(),
                reservation.price().currency(),
                userId,
                now,
                couponCodes(operatorId, reservationId)));
        return get(operatorId, reservationId);
    }

    /** The coupon codes the member entered when booking, redeemed when the reservation is charged. */
    private List<String> couponCodes(long operatorId, long reservationId) {
        return jdbc.sql("select unnest(coupon_codes) from reservation where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .query(String.class)
                .list();
    }

    /** Staff turn down a reservation that waits for approval: it is cancelled with everything refunded. */
    @Transactional
    public Reservation reject(long operatorId, long reservationId, long userId, String reason) {
        Reservation reservation = lockReservation(operatorId, reservationId, null);
        if (reservation.status() != ReservationStatus.PENDING_APPROVAL) {
            throw new ConflictException("booking.notPending", "reservation is not waiting for approval");
        }
        Instant now = clock.instant();
        jdbc.sql(
                        "update reservation set decided_at = :now, decided_by = :userId where operator_id = :operatorId and id = :id")
                .param("now", Timestamp.from(now))
                .param("userId", userId)
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .update();
        return markCancelled(
                reservation,
                userId,
                reason,
                new CancellationTerms.Refund(100, reservation.price().totalMinor()),
                ReservationCancelled.Reason.REJECTED,
                now);
    }

    /** Cancels, with a full refund, a reservation locked by the caller that still waits for approval at its start. */
    void expireUnapproved(Reservation reservation) {
        markCancelled(
                reservation,
                null,
                null,
                new CancellationTerms.Refund(100, reservation.price().totalMinor()),
                ReservationCancelled.Reason.APPROVAL_EXPIRED,
                clock.instant());
    }

    /** Checks a member in within the reservation's check-in window; a second check-in answers the first. */
    @Transactional
    public Reservation checkIn(long operatorId, long reservationId, Long memberId) {
        Reservation reservation = lockReservation(operatorId, reservationId, memberId);
        if (reservation.status() == ReservationStatus.CHECKED_IN) {
            return reservation;
        }
        if (reservation.status() != ReservationStatus.CONFIRMED) {
            throw new ConflictException("booking.notCheckable", "reservation is not confirmed");
        }
        Instant now = clock.instant();
        if (now.isBefore(reservation.checkInOpensAt())) {
            throw new ConflictException("booking.checkInNotYet", "check-in has not opened");
        }
        if (now.isAfter(reservation.checkInClosesAt())) {
            throw new ConflictException("booking.checkInClosed", "check-in has closed");
        }
        jdbc.sql("""
                        update reservation set status = 'CHECKED_IN', checked_in_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("now", Timestamp.from(now))
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .update();
        events.publishEvent(new ReservationCheckedIn(
                operatorId,
                reservationId,
                reservation.resourceId(),
                reservation.memberId(),
                reservation.enterpriseId(),
                reservation.startsAt(),
                reservation.endsAt(),
                reservation.price().totalMinor(),
                reservation.price().currency(),
                now));
        return get(operatorId, reservationId);
    }

    public Reservation get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Reservation> find(long operatorId, long id) {
        return jdbc.sql("select * from reservation where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Reservations::map)
                .optional();
    }

    /** A member's own reservation; another member's, or another operator's, is not found. */
    public Reservation getOwn(long operatorId, long memberId, long id) {
        Reservation reservation = get(operatorId, id);
        if (reservation.memberId() != memberId) {
            throw new NotFoundException();
        }
        return reservation;
    }

    /** A member's reservations, the latest start first. */
    public List<Reservation> ofMember(long operatorId, long memberId, int limit) {
        return jdbc.sql("""
                        select * from reservation where operator_id = :operatorId and member_id = :memberId
                        order by starts_at desc, id desc limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("limit", limit)
                .query(Reservations::map)
                .list();
    }

    /** The reservations that start on a local day, optionally in one status, by start time. */
    public List<Reservation> onDay(long operatorId, LocalDate day, ReservationStatus status) {
        ZoneId zone = operators.get(operatorId).timeZone();
        return jdbc.sql("""
                        select * from reservation
                        where operator_id = :operatorId and starts_at >= :from and starts_at < :to
                          and (cast(:status as text) is null or status = :status)
                        order by starts_at, resource_id, id
                        """)
                .param("operatorId", operatorId)
                .param("from", Timestamp.from(day.atStartOfDay(zone).toInstant()))
                .param("to", Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant()))
                .param("status", status == null ? null : status.name())
                .query(Reservations::map)
                .list();
    }

    /** Every reservation waiting for approval, the soonest first. */
    public List<Reservation> pending(long operatorId) {
        return jdbc.sql("""
                        select * from reservation where operator_id = :operatorId and status = 'PENDING_APPROVAL'
                        order by starts_at, id limit 200
                        """)
                .param("operatorId", operatorId)
                .query(Reservations::map)
                .list();
    }

    /** The settings that would apply to the member booking the resource: for showing the rules on a page. */
    public EffectivePolicy policyFor(long operatorId, long memberId, long resourceId) {
        Member member = members.get(operatorId, memberId);
        return policies.effective(
                operatorId,
                subject(member),
                resources.get(operatorId, resourceId).type());
    }

    /** The price the resource would cost for the range, without booking. */
    public Price quote(long operatorId, long resourceId, Instant startsAt, Instant endsAt) {
        Operator operator = operators.get(operatorId);
        return ReservationPricing.price(
                resources.get(operatorId, resourceId), startsAt, endsAt, operator.timeZone(), operator.currency());
    }

    // ---- booking steps

    /** Everything an insert needs, after every check but the one the database makes. */
    private record Prepared(
            Operator operator,
            Member member,
            Resource resource,
            Instant startsAt,
            Instant endsAt,
            int bufferMinutes,
            ReservationStatus status,
            Price price,
            CancellationTerms cancellation,
            long userId,
            String overrideReason,
            List<String> couponCodes) {

        Prepared withCouponCodes(List<String> codes) {
            return new Prepared(
                    operator,
                    member,
                    resource,
                    startsAt,
                    endsAt,
                    bufferMinutes,
                    status,
                    price,
                    cancellation,
                    userId,
                    overrideReason,
                    List.copyOf(codes));
        }
    }

    private Prepared prepare(
            Operator operator,
            Member member,
            long resourceId,
            Instant startsAt,
            Instant endsAt,
            long userId,
            String overrideReason) {
        long operatorId = operator.id();
        Resource resource = resources.get(operatorId, resourceId);
        ZoneId zone = operator.timeZone();
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (!resource.active()) {
            throw new InvalidInputException("resourceId", "booking.resourceInactive");
        }
        if (startsAt == null || endsAt == null) {
            throw new InvalidInputException(startsAt == null ? "startsAt" : "endsAt", "NotNull");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new InvalidInputException("endsAt", "booking.endsBeforeStarts");
        }
        if (startsAt.getEpochSecond() % 60 != 0
                || startsAt.getNano() != 0
                || endsAt.getEpochSecond() % 60 != 0
                || endsAt.getNano() != 0) {
            throw new InvalidInputException("startsAt", "booking.wholeMinutes");
        }
        Instant now = clock.instant();
        if (startsAt.isBefore(now)) {
            throw new InvalidInputException("startsAt", "booking.inPast");
        }
        checkCalendar(operatorId, resource, startsAt, endsAt, zone);

        EffectivePolicy policy = policies.effective(operatorId, subject(member), resource.type());
        boolean override = overrideReason != null && !overrideReason.isBlank();
        long lengthMinutes = Duration.between(startsAt, endsAt).toMinutes();
        if (!override) {
            if (policy.minMinutesAhead() != null
                    && startsAt.isBefore(now.plus(Duration.ofMinutes(policy.minMinutesAhead())))) {
                errors.add(new InvalidInputException.FieldError(
                        "startsAt", "booking.tooSoon", List.of(policy.minMinutesAhead())));
            }
            if (policy.maxDaysAhead() != null && startsAt.isAfter(now.plus(Duration.ofDays(policy.maxDaysAhead())))) {
                errors.add(new InvalidInputException.FieldError(
                        "startsAt", "booking.tooFarAhead", List.of(policy.maxDaysAhead())));
            }
            if (policy.minLengthMinutes() != null && lengthMinutes < policy.minLengthMinutes()) {
                errors.add(new InvalidInputException.FieldError(
                        "endsAt", "booking.tooShort", List.of(policy.minLengthMinutes())));
            }
            if (policy.maxLengthMinutes() != null && lengthMinutes > policy.maxLengthMinutes()) {
                errors.add(new InvalidInputException.FieldError(
                        "endsAt", "booking.tooLong", List.of(policy.maxLengthMinutes())));
            }
            if (policy.weeklyQuotaHours() != null && errors.isEmpty()) {
                long used = minutesBookedInWeek(operatorId, member.id(), startsAt, zone);
                if (used + lengthMinutes > policy.weeklyQuotaHours() * 60L) {
                    errors.add(new InvalidInputException.FieldError(
                            "endsAt", "booking.quotaExceeded", List.of(policy.weeklyQuotaHours(), hours(used))));
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
        } else if (overrideReason.strip().length() < 3 || overrideReason.strip().length() > 500) {
            throw new InvalidInputException("overrideReason", "booking.reasonRequired");
        }
        ReservationStatus status = policy.approvalRequired() && !override
                ? ReservationStatus.PENDING_APPROVAL
                : ReservationStatus.CONFIRMED;
        Price price = ReservationPricing.price(resource, startsAt, endsAt, zone, operator.currency());
        return new Prepared(
                operator,
                member,
                resource,
                startsAt,
                endsAt,
                policy.bufferMinutes(),
                status,
                price,
                policy.cancellation(),
                userId,
                override ? overrideReason.strip() : null,
                List.of());
    }

    private static String hours(long minutes) {
        return minutes % 60 == 0 ? Long.toString(minutes / 60) : String.format("%.1f", minutes / 60.0);
    }

    /** Opening hours of the local day, the site's holidays and the resource's blackouts. */
    private void checkCalendar(long operatorId, Resource resource, Instant startsAt, Instant endsAt, ZoneId zone) {
        ZonedDateTime start = startsAt.atZone(zone);
        ZonedDateTime end = endsAt.atZone(zone);
        OpeningHours hours = resources.openingHours(operatorId, resource.id()).stream()
                .filter(day -> day.weekday() == start.getDayOfWeek())
                .findFirst()
                .orElse(null);
        if (hours == null) {
            throw new InvalidInputException("startsAt", "booking.closedDay");
        }
        if (!end.toLocalDate().equals(start.toLocalDate())
                || start.toLocalTime().isBefore(hours.opens())
                || end.toLocalTime().isAfter(hours.closes())) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "startsAt",
                    "booking.outsideOpeningHours",
                    List.of(hours.opens().toString(), hours.closes().toString()))));
        }
        if (resources.isHoliday(operatorId, resource.siteId(), start.toLocalDate())) {
            throw new InvalidInputException("startsAt", "booking.holiday");
        }
        resources
                .blackoutOverlapping(operatorId, resource.id(), startsAt, endsAt)
                .ifPresent(blackout -> {
                    throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                            "startsAt", "booking.blackout", List.of(blackout.reason()))));
                });
    }

    private long minutesBookedInWeek(long operatorId, long memberId, Instant startsAt, ZoneId zone) {
        LocalDate monday = startsAt.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return jdbc.sql("""
                        select coalesce(sum(extract(epoch from (ends_at - starts_at))) / 60, 0)::bigint from reservation
                        where operator_id = :operatorId and member_id = :memberId
                          and status in ('PENDING_APPROVAL', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED')
                          and starts_at >= :from and starts_at < :to
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("from", Timestamp.from(monday.atStartOfDay(zone).toInstant()))
                .param(
                        "to",
                        Timestamp.from(monday.plusWeeks(1).atStartOfDay(zone).toInstant()))
                .query(Long.class)
                .single();
    }

    /** True when a live reservation of the operator's resource overlaps the interval (its own buffer included). */
    private boolean clearlyTaken(long operatorId, long resourceId, Instant startsAt, Instant endsAt) {
        if (startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)) {
            return false;
        }
        return jdbc.sql("""
                        select exists (
                            select 1 from reservation
                            where operator_id = :operatorId and resource_id = :resourceId
                              and status in ('PENDING_APPROVAL', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED')
                              and tstzrange(starts_at, blocked_until) && tstzrange(:from, :to))
                        """)
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .param("from", Timestamp.from(startsAt))
                .param("to", Timestamp.from(endsAt))
                .query(Boolean.class)
                .single();
    }

    private boolean taken(Prepared prepared) {
        return jdbc.sql("""
                                select count(*) from reservation
                                where resource_id = :resourceId
                                  and status in ('PENDING_APPROVAL', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED')
                                  and tstzrange(starts_at, blocked_until) && tstzrange(:from, :to)
                                """)
                        .param("resourceId", prepared.resource().id())
                        .param("from", Timestamp.from(prepared.startsAt()))
                        .param("to", Timestamp.from(blockedUntil(prepared)))
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static Instant blockedUntil(Prepared prepared) {
        return prepared.endsAt().plus(Duration.ofMinutes(prepared.bufferMinutes()));
    }

    private long insert(Prepared prepared, Long recurrenceId) {
        Resource resource = prepared.resource();
        // Contenders for one resource queue here: inserting first and letting the exclusion constraint sort them out
        // makes two uncommitted overlapping rows wait for each other (a deadlock PostgreSQL breaks after a second).
        // Behind the lock the first one in books, and every later one finds the time taken at once. The constraint
        // stays the guarantee; the lock only orders the attempts.
        TransactionLocks.lock(jdbc, "booking-resource|" + resource.id());
        if (taken(prepared)) {
            throw new ConflictException("booking.timeTaken", "the time is taken");
        }
        Instant now = clock.instant();
        CancellationTerms terms = prepared.cancellation();
        long id;
        try {
            id = jdbc.sql("""
                            insert into reservation (operator_id, resource_id, member_id, enterprise_id, recurrence_id,
                                status, starts_at, ends_at, buffer_minutes, blocked_until, price_minor, currency,
                                price_breakdown, free_cancel_hours_before, partial_refund_percent,
                                partial_refund_hours_before, check_in_opens_at, check_in_closes_at, booked_by,
                                override_reason, coupon_codes, created_at)
                            values (:operatorId, :resourceId, :memberId, :enterpriseId, :recurrenceId, :status,
                                :startsAt, :endsAt, :buffer, :blockedUntil, :price, :currency, cast(:breakdown as jsonb),
                                :freeHours, :partialPercent, :partialHours, :checkInOpens, :checkInCloses, :bookedBy,
                                :overrideReason, cast(:couponCodes as text[]), :now)
                            returning id
                            """)
                    .param("operatorId", prepared.operator().id())
                    .param("resourceId", resource.id())
                    .param("memberId", prepared.member().id())
                    .param("enterpriseId", prepared.member().enterpriseId())
                    .param("recurrenceId", recurrenceId)
                    .param("status", prepared.status().name())
                    .param("startsAt", Timestamp.from(prepared.startsAt()))
                    .param("endsAt", Timestamp.from(prepared.endsAt()))
                    .param("buffer", prepared.bufferMinutes())
                    .param("blockedUntil", Timestamp.from(blockedUntil(prepared)))
                    .param("price", prepared.price().totalMinor())
                    .param("currency", prepared.price().currency())
                    .param("breakdown", json.writeValueAsString(prepared.price().lines()))
                    .param("freeHours", terms == null ? null : terms.freeHoursBefore())
                    .param("partialPercent", terms == null ? null : terms.partialRefundPercent())
                    .param("partialHours", terms == null ? null : terms.partialRefundHoursBefore())
                    .param(
                            "checkInOpens",
                            Timestamp.from(
                                    prepared.startsAt().minus(Duration.ofMinutes(resource.checkInOpensMinutes()))))
                    .param(
                            "checkInCloses",
                            Timestamp.from(
                                    prepared.startsAt().plus(Duration.ofMinutes(resource.checkInClosesMinutes()))))
                    .param("bookedBy", prepared.userId())
                    .param("overrideReason", prepared.overrideReason())
                    .param("couponCodes", textArray(prepared.couponCodes()))
                    .param("now", Timestamp.from(now))
                    .query(Long.class)
                    .single();
        } catch (DataIntegrityViolationException e) {
            if (isExclusionViolation(e)) {
                throw new ConflictException("booking.timeTaken", "the time is taken");
            }
            throw e;
        }
        events.publishEvent(new ReservationBooked(
                prepared.operator().id(),
                id,
                resource.id(),
                resource.type(),
                prepared.member().id(),
                prepared.member().enterpriseId(),
                prepared.startsAt(),
                prepared.endsAt(),
                prepared.price().totalMinor(),
                prepared.price().currency(),
                prepared.status(),
                prepared.userId(),
                prepared.overrideReason() != null,
                now,
                prepared.couponCodes()));
        return id;
    }

    /** A PostgreSQL array literal of texts, each quoted, so that a code can hold any character. */
    static String textArray(List<String> texts) {
        return texts.stream()
                .map(text -> '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    static boolean isExclusionViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && EXCLUSION_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private Reservation markCancelled(
            Reservation reservation,
            Long userId,
            String reason,
            CancellationTerms.Refund refund,
            ReservationCancelled.Reason why,
            Instant now) {
        jdbc.sql("""
                        update reservation set status = 'CANCELLED', cancelled_at = :now, cancelled_by = :userId,
                            cancel_reason = :reason, refund_minor = :refund, refund_percent = :percent
                        where operator_id = :operatorId and id = :id
                        """)
                .param("now", Timestamp.from(now))
                .param("userId", userId)
                .param("reason", reason == null || reason.isBlank() ? why.name() : reason.strip())
                .param("refund", refund.amountMinor())
                .param("percent", refund.percent())
                .param("operatorId", reservation.operatorId())
                .param("id", reservation.id())
                .update();
        events.publishEvent(new ReservationCancelled(
                reservation.operatorId(),
                reservation.id(),
                reservation.resourceId(),
                reservation.memberId(),
                reservation.enterpriseId(),
                reservation.startsAt(),
                reservation.endsAt(),
                reservation.price().totalMinor(),
                refund.amountMinor(),
                refund.percent(),
                reservation.price().currency(),
                why,
                now));
        return get(reservation.operatorId(), reservation.id());
    }

    private Reservation lockReservation(long operatorId, long reservationId, Long memberId) {
        Reservation reservation = jdbc.sql(
                        "select * from reservation where operator_id = :operatorId and id = :id for update")
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .query(Reservations::map)
                .optional()
                .orElseThrow(NotFoundException::new);
        if (memberId != null && reservation.memberId() != memberId) {
            throw new NotFoundException();
        }
        return reservation;
    }

    BookingPolicy.Subject subject(Member member) {
        MemberTiers lookup = tiers.getIfAvailable();
        String tier = lookup == null
                ? null
                : lookup.tierOf(member.operatorId(), member.id()).orElse(null);
        return new BookingPolicy.Subject(member.id(), member.enterpriseId(), tier);
    }

    private void lockKey(long operatorId, long userId, IdempotencyKey key) {
        if (key != null) {
            TransactionLocks.lock(jdbc, "reservation|" + operatorId + "|" + userId + "|" + key.value());
        }
    }

    private void lockMember(long operatorId, long memberId) {
        TransactionLocks.lock(jdbc, "reservation-member|" + operatorId + "|" + memberId);
    }

    private record Earlier(String hash, Long reservationId, String result) {}

    private Optional<Earlier> earlier(long operatorId, long userId, IdempotencyKey key) {
        if (key == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select request_hash, reservation_id, result::text as result from reservation_request
                        where operator_id = :operatorId and user_id = :userId and idempotency_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("userId", userId)
                .param("key", key.value())
                .query((rs, row) -> new Earlier(
                        rs.getString("request_hash"),
                        io.enjoyspace.shared.Rows.nullableLong(rs, "reservation_id"),
                        rs.getString("result")))
                .optional();
    }

    private void remember(
            long operatorId, long userId, IdempotencyKey key, String hash, Long reservationId, String result) {
        jdbc.sql("""
                        insert into reservation_request (operator_id, user_id, idempotency_key, request_hash,
                            reservation_id, result, created_at)
                        values (:operatorId, :userId, :key, :hash, :reservationId, cast(:result as jsonb), :now)
                        """)
                .param("operatorId", operatorId)
                .param("userId", userId)
                .param("key", key.value())
                .param("hash", hash)
                .param("reservationId", reservationId)
                .param("result", result)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    static Reservation map(ResultSet rs, int row) throws SQLException {
        Integer freeHours = (Integer) rs.getObject("free_cancel_hours_before");
        List<Price.Line> lines =
                json.readValue(rs.getString("price_breakdown"), new TypeReference<List<Price.Line>>() {});
        return new Reservation(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("resource_id"),
                rs.getLong("member_id"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "enterprise_id"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "recurrence_id"),
                ReservationStatus.valueOf(rs.getString("status")),
                rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(),
                rs.getInt("buffer_minutes"),
                new Price(rs.getLong("price_minor"), rs.getString("currency"), lines),
                freeHours == null
                        ? null
                        : new CancellationTerms(
                                freeHours,
                                rs.getInt("partial_refund_percent"),
                                rs.getInt("partial_refund_hours_before")),
                rs.getTimestamp("check_in_opens_at").toInstant(),
                rs.getTimestamp("check_in_closes_at").toInstant(),
                rs.getLong("booked_by"),
                rs.getString("override_reason"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "decided_at"),
                instant(rs, "checked_in_at"),
                instant(rs, "released_at"),
                instant(rs, "cancelled_at"),
                rs.getString("cancel_reason"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "refund_minor"),
                (Integer) rs.getObject("refund_percent"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
