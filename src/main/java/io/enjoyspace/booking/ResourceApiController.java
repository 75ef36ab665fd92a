package io.enjoyspace.booking;

import io.enjoyspace.booking.BookingViews.HoursView;
import io.enjoyspace.booking.BookingViews.PolicyView;
import io.enjoyspace.booking.BookingViews.ResourceAvailabilityView;
import io.enjoyspace.booking.BookingViews.ResourceView;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Booking resources")
@RestController
@RequestMapping("/api/v1")
class ResourceApiController {

    private final Resources resources;
    private final Availability availability;
    private final BookingPolicies policies;

    private final SiteAvailabilityCache cache;
    private final tools.jackson.databind.ObjectMapper json;

    private final ReservationDeposits deposits;

    ResourceApiController(
            Resources resources,
            Availability availability,
            BookingPolicies policies,
            SiteAvailabilityCache cache,
            tools.jackson.databind.ObjectMapper json,
            ReservationDeposits deposits) {
        this.deposits = deposits;
        this.cache = cache;
        this.json = json;
        this.resources = resources;
        this.availability = availability;
        this.policies = policies;
    }

    record ResourceRequest(
            @NotBlank @Size(max = 20) String siteId,
            @NotNull ResourceType type,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Min(1) @Max(100_000) Integer capacity,
            @Size(max = 30) List<@NotBlank @Size(max = 50) String> amenities,
            @Size(max = 20) String floor,
            @NotNull @Min(0) @Max(100_000_000) Long pricePerHourMinor,
            @Min(0) @Max(1440) Integer minBillableMinutes,
            @Min(0) @Max(100_000_000) Long peakPricePerHourMinor,
            @Size(max = 7) List<@NotNull @Min(1) @Max(7) Integer> peakWeekdays,
            LocalTime peakStarts,
            LocalTime peakEnds,
            @Min(0) @Max(1440) Integer checkInOpensMinutes,
            @Min(0) @Max(1440) Integer checkInClosesMinutes,
            Boolean active) {

        Resources.ResourceDraft draft() {
            long site;
            try {
                site = Ids.parse(siteId);
            } catch (NotFoundException e) {
                throw new InvalidInputException("siteId", "booking.unknownSite");
            }
            Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
            if (peakWeekdays != null) {
                peakWeekdays.forEach(day -> weekdays.add(DayOfWeek.of(day)));
            }
            return new Resources.ResourceDraft(
                    site,
                    type,
                    name,
                    capacity,
                    amenities == null ? List.of() : amenities,
                    floor,
                    pricePerHourMinor,
                    minBillableMinutes == null ? 0 : minBillableMinutes,
                    peakPricePerHourMinor,
                    weekdays,
                    peakStarts,
                    peakEnds,
                    checkInOpensMinutes == null ? 15 : checkInOpensMinutes,
                    checkInClosesMinutes == null ? 15 : checkInClosesMinutes,
                    active == null || active);
        }
    }

    record HoursRequest(@NotNull @Size(max = 7) List<@Valid @NotNull DayHours> hours) {
        record DayHours(
                @NotNull @Min(1) @Max(7) Integer weekday,
                @NotNull LocalTime opens,
                @NotNull LocalTime closes) {}
    }

    record HolidayRequest(
            @NotNull LocalDate day,
            @NotBlank @Size(max = 200) String name) {}

    record HolidayView(String siteId, LocalDate day, String name) {}

    record BlackoutRequest(
            @NotNull OffsetDateTime startsAt,
            @NotNull OffsetDateTime endsAt,
            @NotBlank @Size(max = 500) String reason) {}

    record BlackoutView(String id, String resourceId, OffsetDateTime startsAt, OffsetDateTime endsAt, String reason) {
        static BlackoutView of(Resources.Blackout blackout) {
            return new BlackoutView(
                    Long.toString(blackout.id()),
                    Long.toString(blackout.resourceId()),
                    BookingViews.time(blackout.startsAt()),
                    BookingViews.time(blackout.endsAt()),
                    blackout.reason());
        }
    }

    record TermsRequest(
            @NotNull @Min(0) @Max(8760) Integer freeHoursBefore,
            @NotNull @Min(0) @Max(100) Integer partialRefundPercent,
            @NotNull @Min(0) @Max(8760) Integer partialRefundHoursBefore) {}

    record PolicyRequest(
            @NotNull @Min(0) @Max(100_000) Integer position,
            @NotBlank @Size(max = 200) String name,
            @NotNull PolicyScope scope,
            @Size(max = 50) String scopeTierCode,
            @Size(max = 20) String scopeEnterpriseId,
            @Size(max = 20) String scopeMemberId,
            ResourceType resourceType,
            @Min(0) @Max(3650) Integer maxDaysAhead,
            @Min(0) @Max(525_600) Integer minMinutesAhead,
            @Min(1) @Max(10_080) Integer minLengthMinutes,
            @Min(1) @Max(10_080) Integer maxLengthMinutes,
            @Min(0) @Max(1440) Integer bufferMinutes,
            @Min(0) @Max(168) Integer weeklyQuotaHours,
            Boolean approvalRequired,
            @Valid TermsRequest cancellation) {

        BookingPolicy draft() {
            return new BookingPolicy(
                    0,
                    position,
                    name,
                    scope,
                    scopeTierCode,
                    optionalId("scopeEnterpriseId", scopeEnterpriseId),
                    optionalId("scopeMemberId", scopeMemberId),
                    resourceType,
                    maxDaysAhead,
                    minMinutesAhead,
                    minLengthMinutes,
                    maxLengthMinutes,
                    bufferMinutes,
                    weeklyQuotaHours,
                    approvalRequired,
                    cancellation == null
                            ? null
                            : new CancellationTerms(
                                    cancellation.freeHoursBefore(),
                                    cancellation.partialRefundPercent(),
                                    cancellation.partialRefundHoursBefore()));
        }

        private static Long optionalId(String field, String id) {
            if (id == null || id.isBlank()) {
                return null;
            }
            try {
                return Ids.parse(id);
            } catch (NotFoundException e) {
                throw new InvalidInputException(field, "booking.scopeTarget");
            }
        }
    }

    @Operation(summary = "Bookable resources, filtered by siteId, type and minCapacity")
    @GetMapping("/resources")
    List<ResourceView> list(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) ResourceType type,
            @RequestParam(required = false) @Min(1) @Max(100_000) Integer minCapacity,
            @RequestParam(defaultValue = "false") boolean includeInactive) {
        Long site = siteId == null ? null : Ids.parse(siteId);
        return resources
                .list(actor.requireOperator(), site, type, minCapacity, includeInactive && actor.isStaff())
                .stream()
                .map(resource -> ResourceView.of(resource, null))
                .toList();
    }

    @Operation(summary = "One resource with its opening hours")
    @GetMapping("/resources/{id}")
    ResourceView get(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        if (!resource.active() && !actor.isStaff()) {
            throw new NotFoundException();
        }
        return ResourceView.of(resource, resources.openingHours(operatorId, resource.id()));
    }

    @Operation(
            summary = "Busy intervals and free slots of one resource (from/to ISO-8601 with offset, at most 31 days)")
    @GetMapping("/resources/{id}/availability")
    ResourceAvailabilityView availability(
            Actor actor, @PathVariable String id, @RequestParam OffsetDateTime from, @RequestParam OffsetDateTime to) {
        return ResourceAvailabilityView.of(
                availability.ofResource(actor.requireOperator(), Ids.parse(id), from.toInstant(), to.toInstant()));
    }

    /**
     * A whole site at once, compact: each interval is one ISO-8601 interval string {@code start/end} in UTC, so a week of
     * two hundred resources stays a few hundred kilobytes.
     */
    record SiteAvailabilityView(
            String siteId,
            OffsetDateTime from,
            OffsetDateTime to,
            Map<LocalDate, String> holidays,
            List<CompactResourceView> resources) {}

    record CompactResourceView(
            String resourceId,
            String name,
            ResourceType type,
            int capacity,
            List<String> reserved,
            List<String> blackouts,
            List<String> free) {

        static CompactResourceView of(Availability.ResourceAvailability availability, BookingViews.UtcFormat format) {
            List<String> reserved = new java.util.ArrayList<>();
            List<String> blackouts = new java.util.ArrayList<>();
            for (Availability.Busy busy : availability.busy()) {
                (busy.kind() == Availability.BusyKind.BLACKOUT ? blackouts : reserved)
                        .add(format.interval(busy.startsAt(), busy.endsAt()));
            }
            List<String> free = new java.util.ArrayList<>(availability.free().size());
            for (Availability.Slot slot : availability.free()) {
                free.add(format.interval(slot.startsAt(), slot.endsAt()));
            }
            return new CompactResourceView(
                    Long.toString(availability.resource().id()),
                    availability.resource().name(),
                    availability.resource().type(),
                    availability.resource().capacity(),
                    reserved,
                    blackouts,
                    free);
        }
    }

    @Operation(
            summary = "Busy intervals and free slots of every active resource of a site",
            description =
                    "Each interval is an ISO-8601 interval in UTC, start/end (2026-12-01T02:00:00Z/2026-12-01T03:30:00Z):"
                            + " reserved (taken, buffer included), blackouts and free slots within opening hours.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "application/json",
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(
                                            implementation = SiteAvailabilityView.class)))
    @GetMapping("/sites/{siteId}/availability")
    org.springframework.http.ResponseEntity<byte[]> siteAvailability(
            Actor actor,
            @PathVariable String siteId,
            @RequestParam OffsetDateTime from,
            @RequestParam OffsetDateTime to,
            @RequestParam(required = false) ResourceType type) {
        long operatorId = actor.requireOperator();
        long site = Ids.parse(siteId);
        byte[] body = cache.get(
                new SiteAvailabilityCache.Key(operatorId, site, type, from.toInstant(), to.toInstant()), () -> {
                    Availability.SiteAvailability answer =
                            availability.ofSite(operatorId, site, type, from.toInstant(), to.toInstant());
                    BookingViews.UtcFormat format = new BookingViews.UtcFormat();
                    return json.writeValueAsBytes(new SiteAvailabilityView(
                            siteId,
                            BookingViews.time(answer.from()),
                            BookingViews.time(answer.to()),
                            answer.holidays(),
                            answer.resources().stream()
                                    .map(resource -> CompactResourceView.of(resource, format))
                                    .toList()));
                });
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(body);
    }

    @Operation(summary = "Add a resource (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/resources")
    @ResponseStatus(HttpStatus.CREATED)
    ResourceView create(Actor actor, @Valid @RequestBody ResourceRequest request) {
        return ResourceView.of(resources.create(actor.requireOperator(), request.draft()), List.of());
    }

    @Operation(summary = "Change a resource; active=false takes it off the booking pages (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PutMapping("/resources/{id}")
    ResourceView update(Actor actor, @PathVariable String id, @Valid @RequestBody ResourceRequest request) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.update(operatorId, Ids.parse(id), request.draft());
        return ResourceView.of(resource, resources.openingHours(operatorId, resource.id()));
    }

    @Operation(summary = "A resource's opening hours per weekday (1 = Monday), local time")
    @GetMapping("/resources/{id}/opening-hours")
    List<HoursView> hours(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        return resources.openingHours(operatorId, resource.id()).stream()
                .map(HoursView::of)
                .toList();
    }

    record DepositRequest(@Min(0) @Max(100_000_000) Long depositMinor) {}

    record DepositView(String resourceId, long depositMinor) {}

    @Operation(
            summary = "Set the deposit a resource asks for (operator staff); 0 or null: none. The deposit is taken"
                    + " from the member's wallet when booking, given back at check-in or cancellation, kept on a"
                    + " no-show; members whose tier is deposit-free book without it.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PutMapping("/resources/{id}/deposit")
    DepositView setDeposit(Actor actor, @PathVariable String id, @Valid @RequestBody DepositRequest request) {
        long resourceId = Ids.parse(id);
        return new DepositView(
                id,
                deposits.setDeposit(actor.requireOperator(), resourceId, request.depositMinor())
                        .orElse(0L));
    }

    @Operation(summary = "The deposit a resource asks for (0: none)")
    @GetMapping("/resources/{id}/deposit")
    DepositView deposit(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        return new DepositView(id, deposits.depositOf(operatorId, resource.id()).orElse(0L));
    }

    @Operation(summary = "Replace a resource's opening hours; a weekday left out is closed (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PutMapping("/resources/{id}/opening-hours")
    List<HoursView> setHours(Actor actor, @PathVariable String id, @Valid @RequestBody HoursRequest request) {
        return resources
                .setOpeningHours(
                        actor.requireOperator(),
                        Ids.parse(id),
                        request.hours().stream()
                                .map(day -> new OpeningHours(DayOfWeek.of(day.weekday()), day.opens(), day.closes()))
                                .toList())
                .stream()
                .map(HoursView::of)
                .toList();
    }

    @Operation(summary = "A resource's blackouts still to come (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/resources/{id}/blackouts")
    List<BlackoutView> blackouts(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        return resources.blackouts(operatorId, resource.id(), java.time.Instant.EPOCH).stream()
                .map(BlackoutView::of)
                .toList();
    }

    @Operation(summary = "Block a time range on a resource, with the reason (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/resources/{id}/blackouts")
    @ResponseStatus(HttpStatus.CREATED)
    BlackoutView addBlackout(Actor actor, @PathVariable String id, @Valid @RequestBody BlackoutRequest request) {
        return BlackoutView.of(resources.addBlackout(
                actor.requireOperator(),
                Ids.parse(id),
                request.startsAt().toInstant(),
                request.endsAt().toInstant(),
                request.reason()));
    }

    @Operation(summary = "Remove a blackout (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @DeleteMapping("/resources/{id}/blackouts/{blackoutId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeBlackout(Actor actor, @PathVariable String id, @PathVariable String blackoutId) {
        resources.removeBlackout(actor.requireOperator(), Ids.parse(id), Ids.parse(blackoutId));
    }

    @Operation(summary = "A site's holidays (closed dates)")
    @GetMapping("/sites/{siteId}/holidays")
    List<HolidayView> holidays(Actor actor, @PathVariable String siteId) {
        long operatorId = actor.requireOperator();
        return resources.holidays(operatorId, Ids.parse(siteId)).stream()
                .map(h -> new HolidayView(Long.toString(h.siteId()), h.day(), h.name()))
                .toList();
    }

    @Operation(summary = "Close every resource of a site on a date (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/sites/{siteId}/holidays")
    @ResponseStatus(HttpStatus.CREATED)
    HolidayView addHoliday(Actor actor, @PathVariable String siteId, @Valid @RequestBody HolidayRequest request) {
        Resources.Holiday holiday =
                resources.addHoliday(actor.requireOperator(), Ids.parse(siteId), request.day(), request.name());
        return new HolidayView(Long.toString(holiday.siteId()), holiday.day(), holiday.name());
    }

    @Operation(summary = "Open a site again on a date (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @DeleteMapping("/sites/{siteId}/holidays/{day}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeHoliday(Actor actor, @PathVariable String siteId, @PathVariable LocalDate day) {
        resources.removeHoliday(actor.requireOperator(), Ids.parse(siteId), day);
    }

    @Operation(summary = "The operator's booking policies in evaluation order (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/booking-policies")
    List<PolicyView> policies(Actor actor) {
        return policies.list(actor.requireOperator()).stream()
                .map(PolicyView::of)
                .toList();
    }

    @Operation(
            summary = "Add a booking policy (operator admin). For each setting the first matching policy in"
                    + " position order that sets it wins.")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/booking-policies")
    @ResponseStatus(HttpStatus.CREATED)
    PolicyView createPolicy(Actor actor, @Valid @RequestBody PolicyRequest request) {
        return PolicyView.of(policies.create(actor.requireOperator(), request.draft()));
    }

    @Operation(summary = "One booking policy (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/booking-policies/{id}")
    PolicyView policy(Actor actor, @PathVariable String id) {
        return PolicyView.of(policies.get(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Change a booking policy (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/booking-policies/{id}")
    PolicyView updatePolicy(Actor actor, @PathVariable String id, @Valid @RequestBody PolicyRequest request) {
        return PolicyView.of(policies.update(actor.requireOperator(), Ids.parse(id), request.draft()));
    }

    @Operation(summary = "Delete a booking policy (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @DeleteMapping("/booking-policies/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deletePolicy(Actor actor, @PathVariable String id) {
        policies.delete(actor.requireOperator(), Ids.parse(id));
    }
}
