package io.enjoyspace.booking;

import io.enjoyspace.booking.BookingViews.ReservationView;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Reservations")
@RestController
@RequestMapping("/api/v1/reservations")
class ReservationApiController {

    private final Reservations reservations;
    private final Resources resources;
    private final Sites sites;
    private final Operators operators;
    private final MessageSource messages;
    private final Clock clock;

    ReservationApiController(
            Reservations reservations,
            Resources resources,
            Sites sites,
            Operators operators,
            MessageSource messages,
            Clock clock) {
        this.reservations = reservations;
        this.resources = resources;
        this.sites = sites;
        this.operators = operators;
        this.messages = messages;
        this.clock = clock;
    }

    record BookRequest(
            @NotBlank @Size(max = 20) String resourceId,
            @NotNull OffsetDateTime startsAt,
            @NotNull OffsetDateTime endsAt,
            @Size(max = 20) String memberId,
            @Size(max = 500) String overrideReason,
            @Size(max = 5) List<@NotBlank @Size(max = 40) String> couponCodes) {}

    record RecurringRequest(
            @NotBlank @Size(max = 20) String resourceId,
            @NotNull OffsetDateTime startsAt,
            @NotNull OffsetDateTime endsAt,
            @NotNull @Min(1) @Max(52) Integer weeks,
            Boolean allOrNothing,
            @Size(max = 20) String memberId,
            @Size(max = 500) String overrideReason) {}

    record ClashView(
            int occurrence,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            String field,
            String reason,
            String message) {}

    record RecurringView(
            String recurrenceId, boolean allOrNothing, List<ReservationView> booked, List<ClashView> clashes) {}

    record CancelRequest(@Size(max = 500) String reason) {}

    record CancellationResult(ReservationView reservation, long refundMinor, int refundPercent, String currency) {}

    record RejectRequest(@Size(max = 500) String reason) {}

    @Operation(
            summary = "Book a resource (member; staff book on a member's behalf with memberId, and may override the"
                    + " policy with overrideReason). couponCodes pay part of a priced reservation, as at checkout;"
                    + " they come back when it is cancelled. Idempotency-Key required: a replay returns the first"
                    + " reservation."
                    + " 409 when the time is taken, 400 naming the field a policy refuses.")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping
    ResponseEntity<ReservationView> book(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody BookRequest request) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        long memberId = memberFor(actor, request.memberId(), request.overrideReason());
        Reservations.Booked booked = reservations.book(new Reservations.BookReservation(
                actor.requireOperator(),
                actor.userId(),
                memberId,
                key,
                Ids.parse(request.resourceId()),
                request.startsAt().toInstant(),
                request.endsAt().toInstant(),
                request.overrideReason(),
                request.couponCodes()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(
                        "/api/v1/reservations/" + booked.reservation().id()))
                .header("Idempotent-Replayed", Boolean.toString(booked.replayed()))
                .body(ReservationView.of(booked.reservation()));
    }

    @Operation(
            summary = "Book the same time every week for N weeks. Every free occurrence is booked and each clash is"
                    + " reported with its reason; with allOrNothing, one clash books nothing. 201 when something was"
                    + " booked, 409 with the clashes when nothing was.")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/recurring")
    ResponseEntity<Object> recurring(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody RecurringRequest request) {
        IdempotencyKey key = new IdempotencyKey(idempotencyKey);
        long memberId = memberFor(actor, request.memberId(), request.overrideReason());
        Reservations.RecurringResult result = reservations.bookRecurring(new Reservations.BookRecurring(
                actor.requireOperator(),
                actor.userId(),
                memberId,
                key,
                Ids.parse(request.resourceId()),
                request.startsAt().toInstant(),
                request.endsAt().toInstant(),
                request.weeks(),
                Boolean.TRUE.equals(request.allOrNothing()),
                request.overrideReason()));
        Locale locale = LocaleContextHolder.getLocale();
        List<ClashView> clashes = result.clashes().stream()
                .map(clash -> new ClashView(
                        clash.occurrence(),
                        BookingViews.time(clash.startsAt()),
                        BookingViews.time(clash.endsAt()),
                        clash.field(),
                        clash.code(),
                        messages.getMessage(clash.code(), clash.args().toArray(), clash.code(), locale)))
                .toList();
        RecurringView view = new RecurringView(
                result.recurrenceId() == null ? null : result.recurrenceId().toString(),
                result.allOrNothing(),
                result.booked().stream().map(ReservationView::of).toList(),
                clashes);
        if (result.booked().isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.CONFLICT);
            problem.setType(URI.create("https://enjoyspace.io/problems/conflict"));
            problem.setTitle(HttpStatus.CONFLICT.getReasonPhrase());
            problem.setDetail(messages.getMessage("booking.nothingBooked", null, locale));
            problem.setInstance(URI.create("/api/v1/reservations/recurring"));
            problem.setProperty("clashes", clashes);
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(result.replayed()))
                .body(view);
    }

    @Operation(
            summary = "Reservations: a member's own (latest first); for staff, the operator's on one day"
                    + " (?date=, default today) and status")
    @GetMapping
    List<ReservationView> list(
            Actor actor,
            @RequestParam(required = false) LocalDate date,
            @RequestParam(required = false) ReservationStatus status) {
        long operatorId = actor.requireOperator();
        if (actor.isStaff()) {
            LocalDate day = date != null
                    ? date
                    : LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()));
            return reservations.onDay(operatorId, day, status).stream()
                    .map(ReservationView::of)
                    .toList();
        }
        return reservations.ofMember(operatorId, actor.requireMember(), 200).stream()
                .filter(reservation -> status == null || reservation.status() == status)
                .map(ReservationView::of)
                .toList();
    }

    @Operation(summary = "My reservations as an iCalendar file")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping(value = "/calendar.ics")
    ResponseEntity<String> myCalendar(Actor actor) {
        long operatorId = actor.requireOperator();
        return ics(
                operatorId,
                reservations.ofMember(operatorId, actor.requireMember(), 500).stream()
                        .filter(r -> r.status() != ReservationStatus.CANCELLED)
                        .toList(),
                "my-reservations.ics");
    }

    @Operation(summary = "One reservation: a member's own, or any of the operator's for staff")
    @GetMapping("/{id}")
    ReservationView get(Actor actor, @PathVariable String id) {
        return ReservationView.of(visible(actor, id));
    }

    @Operation(summary = "One reservation as an iCalendar file (RFC 5545)")
    @GetMapping("/{id}.ics")
    ResponseEntity<String> calendar(Actor actor, @PathVariable String id) {
        Reservation reservation = visible(actor, id);
        return ics(reservation.operatorId(), List.of(reservation), "reservation-" + reservation.id() + ".ics");
    }

    @Operation(
            summary = "Cancel before the start; answers the refund under the cancellation terms fixed at booking."
                    + " Cancelling again answers the same refund.")
    @PostMapping("/{id}/cancel")
    CancellationResult cancel(
            Actor actor, @PathVariable String id, @Valid @RequestBody(required = false) CancelRequest request) {
        long operatorId = actor.requireOperator();
        Reservations.Cancelled cancelled = reservations.cancel(
                operatorId,
                Ids.parse(id),
                actor.userId(),
                actor.isStaff() ? null : actor.requireMember(),
                request == null ? null : request.reason());
        return new CancellationResult(
                ReservationView.of(cancelled.reservation()),
                cancelled.refundMinor(),
                cancelled.refundPercent(),
                cancelled.reservation().price().currency());
    }

    @Operation(summary = "Check in within the reservation's check-in window")
    @PostMapping("/{id}/check-in")
    ReservationView checkIn(Actor actor, @PathVariable String id) {
        return ReservationView.of(reservations.checkIn(
                actor.requireOperator(), Ids.parse(id), actor.isStaff() ? null : actor.requireMember()));
    }

    @Operation(summary = "Approve a reservation that waits for approval (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/approve")
    ReservationView approve(Actor actor, @PathVariable String id) {
        return ReservationView.of(reservations.approve(actor.requireOperator(), Ids.parse(id), actor.userId()));
    }

    @Operation(summary = "Reject a reservation that waits for approval; it is cancelled in full (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/reject")
    ReservationView reject(
            Actor actor, @PathVariable String id, @Valid @RequestBody(required = false) RejectRequest request) {
        return ReservationView.of(reservations.reject(
                actor.requireOperator(), Ids.parse(id), actor.userId(), request == null ? null : request.reason()));
    }

    private Reservation visible(Actor actor, String id) {
        long operatorId = actor.requireOperator();
        if (actor.isStaff()) {
            return reservations.get(operatorId, Ids.parse(id));
        }
        if (!actor.isMember()) {
            throw new NotFoundException();
        }
        return reservations.getOwn(operatorId, actor.requireMember(), Ids.parse(id));
    }

    /** Members book for themselves only; staff name the member, and only staff may override the policy. */
    private static long memberFor(Actor actor, String memberId, String overrideReason) {
        if (actor.isStaff()) {
            if (memberId == null || memberId.isBlank()) {
                throw new InvalidInputException("memberId", "NotNull");
            }
            try {
                return Ids.parse(memberId);
            } catch (NotFoundException e) {
                throw new InvalidInputException("memberId", "booking.unknownMember");
            }
        }
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (memberId != null && !memberId.equals(Long.toString(actor.requireMember()))) {
            errors.add(new InvalidInputException.FieldError("memberId", "booking.staffOnly"));
        }
        if (overrideReason != null && !overrideReason.isBlank()) {
            errors.add(new InvalidInputException.FieldError("overrideReason", "booking.staffOnly"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return actor.requireMember();
    }

    private ResponseEntity<String> ics(long operatorId, List<Reservation> list, String filename) {
        Map<Long, Resource> byId = new java.util.HashMap<>();
        Map<Long, String> siteNames = new java.util.HashMap<>();
        List<Calendars.Entry> entries = new ArrayList<>();
        for (Reservation reservation : list) {
            Resource resource = byId.computeIfAbsent(reservation.resourceId(), rid -> resources.get(operatorId, rid));
            String site = siteNames.computeIfAbsent(
                    resource.siteId(), sid -> sites.get(operatorId, sid).name());
            String location = resource.floor() == null ? site : site + ", " + resource.floor();
            entries.add(new Calendars.Entry(reservation, resource.name(), location));
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(Calendars.MEDIA_TYPE))
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .body(Calendars.calendar(entries, clock.instant(), "enjoyspace.io"));
    }
}
