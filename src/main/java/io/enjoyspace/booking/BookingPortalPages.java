package io.enjoyspace.booking;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.Sites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The member portal: a site's availability grid, the booking form and the member's own reservations. */
@Controller
class BookingPortalPages {

    static final int SLOT_MINUTES = 30;
    static final List<Integer> LENGTHS = List.of(30, 60, 90, 120, 180, 240);

    private final Availability availability;
    private final Reservations reservations;
    private final Resources resources;
    private final Sites sites;
    private final Members members;
    private final Operators operators;
    private final MessageSource messages;
    private final Clock clock;

    private final ReservationDeposits deposits;
    private final org.springframework.beans.factory.ObjectProvider<MemberTiers> tiers;

    BookingPortalPages(
            Availability availability,
            Reservations reservations,
            Resources resources,
            Sites sites,
            Members members,
            Operators operators,
            MessageSource messages,
            Clock clock,
            ReservationDeposits deposits,
            org.springframework.beans.factory.ObjectProvider<MemberTiers> tiers) {
        this.deposits = deposits;
        this.tiers = tiers;
        this.availability = availability;
        this.reservations = reservations;
        this.resources = resources;
        this.sites = sites;
        this.members = members;
        this.operators = operators;
        this.messages = messages;
        this.clock = clock;
    }

    /** One cell of the grid: FREE (bookable, with its start), BUSY, CLOSED or PAST. */
    record Cell(String state, Instant startsAt, String label) {}

    record Row(long resourceId, String label, String detail, LocalDate day, List<Cell> cells) {}

    @GetMapping("/portal/booking")
    String grid(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) LocalDate date,
            @RequestParam(defaultValue = "day") String view,
            @RequestParam(required = false) String resourceId,
            Model model) {
        long operatorId = actor.requireOperator();
        ZoneId zone = operators.get(operatorId).timeZone();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate day = date == null || date.isBefore(today) ? today : date;
        List<Site> siteList = sites.list(operatorId);
        long site = siteId != null
                ? Ids.parse(siteId)
                : members.get(operatorId, actor.requireMember()).siteId();
        sites.get(operatorId, site);
        boolean week = view.equals("week");
        List<Availability.ResourceAvailability> rows = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        List<Resource> siteResources;
        Instant now = clock.instant();
        if (week) {
            siteResources = resources.list(operatorId, site, null, null, false);
            long chosen = resourceId != null
                    ? Ids.parse(resourceId)
                    : siteResources.isEmpty() ? -1 : siteResources.get(0).id();
            if (chosen > 0) {
                Instant from = day.atStartOfDay(zone).toInstant();
                Availability.ResourceAvailability weekly = availability.ofResource(
                        operatorId,
                        chosen,
                        from,
                        day.plusDays(7).atStartOfDay(zone).toInstant());
                if (weekly.resource().siteId() != site) {
                    throw new NotFoundException();
                }
                for (int i = 0; i < 7; i++) {
                    rows.add(weekly);
                    days.add(day.plusDays(i));
                }
                model.addAttribute("resourceId", chosen);
            }
        } else {
            Availability.SiteAvailability whole = availability.ofSite(
                    operatorId,
                    site,
                    null,
                    day.atStartOfDay(zone).toInstant(),
                    day.plusDays(1).atStartOfDay(zone).toInstant());
            siteResources = whole.resources().stream()
                    .map(Availability.ResourceAvailability::resource)
                    .toList();
            rows.addAll(whole.resources());
            rows.forEach(row -> days.add(day));
        }
        int[] bounds = bounds(rows, zone);
        List<LocalTime> columns = new ArrayList<>();
        for (int minute = bounds[0]; minute < bounds[1]; minute += SLOT_MINUTES) {
            columns.add(LocalTime.ofSecondOfDay(minute * 60L));
        }
        List<Row> grid = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Availability.ResourceAvailability row = rows.get(i);
            LocalDate rowDay = days.get(i);
            List<Cell> cells = new ArrayList<>();
            for (LocalTime column : columns) {
                Instant start = ZonedDateTime.of(rowDay, column, zone).toInstant();
                cells.add(new Cell(
                        state(row, start, start.plus(Duration.ofMinutes(SLOT_MINUTES)), now),
                        start,
                        column.toString()));
            }
            Resource resource = row.resource();
            grid.add(new Row(
                    resource.id(),
                    week ? rowDay.toString() : resource.name(),
                    week
                            ? rowDay.getDayOfWeek()
                                    .getDisplayName(java.time.format.TextStyle.SHORT, LocaleContextHolder.getLocale())
                            : detail(resource),
                    rowDay,
                    cells));
        }
        model.addAttribute("sites", siteList);
        model.addAttribute("siteId", site);
        model.addAttribute("day", day);
        model.addAttribute("today", today);
        model.addAttribute("view", week ? "week" : "day");
        model.addAttribute("columns", columns);
        model.addAttribute("grid", grid);
        model.addAttribute("siteResources", siteResources);
        return "booking/portal-booking";
    }

    private static String detail(Resource resource) {
        return resource.capacity() + (resource.floor() == null ? "" : " · " + resource.floor());
    }

    private static String state(Availability.ResourceAvailability row, Instant start, Instant end, Instant now) {
        for (Availability.Slot slot : row.free()) {
            if (!slot.startsAt().isAfter(start) && !slot.endsAt().isBefore(end)) {
                return "FREE";
            }
        }
        if (start.isBefore(now)) {
            return "PAST";
        }
        for (Availability.Busy busy : row.busy()) {
            if (busy.startsAt().isBefore(end) && busy.endsAt().isAfter(start)) {
                return "BUSY";
            }
        }
        return "CLOSED";
    }

    /**
     * The grid spans the earliest to the latest time any row is free or busy, as minutes of the day rounded out to
     * half hours; 08:00 to 21:00 when nothing is open.
     */
    private static int[] bounds(List<Availability.ResourceAvailability> rows, ZoneId zone) {
        int earliest = Integer.MAX_VALUE;
        int latest = Integer.MIN_VALUE;
        for (Availability.ResourceAvailability row : rows) {
            List<Instant[]> intervals = new ArrayList<>();
            row.free().forEach(slot -> intervals.add(new Instant[] {slot.startsAt(), slot.endsAt()}));
            row.busy().forEach(busy -> intervals.add(new Instant[] {busy.startsAt(), busy.endsAt()}));
            for (Instant[] interval : intervals) {
                ZonedDateTime from = interval[0].atZone(zone);
                ZonedDateTime to = interval[1].atZone(zone);
                int start = from.getHour() * 60 + from.getMinute();
                int end = to.toLocalDate().isAfter(from.toLocalDate()) ? 1440 : to.getHour() * 60 + to.getMinute();
                earliest = Math.min(earliest, start);
                latest = Math.max(latest, end);
            }
        }
        if (earliest == Integer.MAX_VALUE) {
            return new int[] {8 * 60, 21 * 60};
        }
        int first = earliest / SLOT_MINUTES * SLOT_MINUTES;
        int last = Math.min(1440, (latest + SLOT_MINUTES - 1) / SLOT_MINUTES * SLOT_MINUTES);
        return new int[] {first, last};
    }

    @GetMapping("/portal/booking/new")
    String form(Actor actor, @RequestParam String resourceId, @RequestParam String startsAt, Model model) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(resourceId));
        if (!resource.active()) {
            throw new NotFoundException();
        }
        Instant start = parseInstant(startsAt);
        ZoneId zone = operators.get(operatorId).timeZone();
        EffectivePolicy policy = reservations.policyFor(operatorId, actor.requireMember(), resource.id());
        List<Integer> lengths = LENGTHS.stream()
                .filter(minutes -> policy.minLengthMinutes() == null || minutes >= policy.minLengthMinutes())
                .filter(minutes -> policy.maxLengthMinutes() == null || minutes <= policy.maxLengthMinutes())
                .toList();
        model.addAttribute("resource", resource);
        model.addAttribute("site", sites.get(operatorId, resource.siteId()));
        model.addAttribute("startsAt", start);
        model.addAttribute("localStart", start.atZone(zone).toLocalDateTime());
        model.addAttribute("lengths", lengths.isEmpty() ? LENGTHS : lengths);
        model.addAttribute("policy", policy);
        model.addAttribute("currency", operators.get(operatorId).currency());
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        deposits.depositOf(operatorId, resource.id()).ifPresent(deposit -> {
            model.addAttribute("deposit", deposit);
            MemberTiers lookup = tiers.getIfAvailable();
            model.addAttribute("depositFree", lookup != null && lookup.depositFree(operatorId, actor.requireMember()));
        });
        return "booking/portal-book";
    }

    @PostMapping("/portal/booking")
    String book(
            Actor actor,
            @RequestParam String resourceId,
            @RequestParam String startsAt,
            @RequestParam(defaultValue = "60") int minutes,
            @RequestParam String idempotencyKey,
            @RequestParam(required = false) String couponCodes,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Instant start = parseInstant(startsAt);
        try {
            Reservations.Booked booked = reservations.book(new Reservations.BookReservation(
                    operatorId,
                    actor.userId(),
                    actor.requireMember(),
                    new IdempotencyKey(idempotencyKey),
                    Ids.parse(resourceId),
                    start,
                    start.plus(Duration.ofMinutes(Math.max(1, Math.min(minutes, 24 * 60)))),
                    null,
                    couponCodes == null || couponCodes.isBlank()
                            ? List.of()
                            : List.of(couponCodes.strip().split("[\\s,;，]+"))));
            redirect.addFlashAttribute("booked", booked.reservation().id());
            return "redirect:/portal/reservations";
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", List.of(message(e.code(), List.of())));
        }
        redirect.addAttribute("resourceId", resourceId);
        redirect.addAttribute("startsAt", start.toString());
        return "redirect:/portal/booking/new";
    }

    /** A reservation as the member's list shows it, with what cancelling now would give back. */
    record Line(
            Reservation reservation,
            String resourceName,
            ZonedDateTime startsAt,
            ZonedDateTime endsAt,
            CancellationTerms.Refund refundNow,
            boolean canCheckIn) {}

    @GetMapping("/portal/reservations")
    String mine(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        ZoneId zone = operators.get(operatorId).timeZone();
        Instant now = clock.instant();
        Map<Long, String> names = resources.list(operatorId, null, null, null, true).stream()
                .collect(Collectors.toMap(Resource::id, Resource::name));
        List<Line> lines = reservations.ofMember(operatorId, actor.requireMember(), 100).stream()
                .map(r -> new Line(
                        r,
                        names.getOrDefault(r.resourceId(), "#" + r.resourceId()),
                        r.startsAt().atZone(zone),
                        r.endsAt().atZone(zone),
                        !r.status().cancellable() || !now.isBefore(r.startsAt())
                                ? null
                                : r.status() == ReservationStatus.PENDING_APPROVAL
                                        ? new CancellationTerms.Refund(
                                                100, r.price().totalMinor())
                                        : CancellationTerms.refund(
                                                r.cancellation(), r.price().totalMinor(), r.startsAt(), now),
                        r.status() == ReservationStatus.CONFIRMED
                                && !now.isBefore(r.checkInOpensAt())
                                && !now.isAfter(r.checkInClosesAt())))
                .toList();
        model.addAttribute("lines", lines);
        return "booking/portal-reservations";
    }

    @PostMapping("/portal/reservations/{id}/cancel")
    String cancel(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        try {
            Reservations.Cancelled cancelled = reservations.cancel(
                    actor.requireOperator(), Ids.parse(id), actor.userId(), actor.requireMember(), null);
            redirect.addFlashAttribute("cancelled", cancelled);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", List.of(message(e.code(), List.of())));
        }
        return "redirect:/portal/reservations";
    }

    @PostMapping("/portal/reservations/{id}/check-in")
    String checkIn(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        try {
            reservations.checkIn(actor.requireOperator(), Ids.parse(id), actor.requireMember());
            redirect.addFlashAttribute("checkedIn", true);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", List.of(message(e.code(), List.of())));
        }
        return "redirect:/portal/reservations";
    }

    @GetMapping("/portal/reservations/{id}.ics")
    ResponseEntity<String> calendar(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Reservation reservation = reservations.getOwn(operatorId, actor.requireMember(), Ids.parse(id));
        return ics(operatorId, List.of(reservation), "reservation-" + reservation.id() + ".ics");
    }

    @GetMapping("/portal/reservations.ics")
    ResponseEntity<String> myCalendar(Actor actor) {
        long operatorId = actor.requireOperator();
        return ics(
                operatorId,
                reservations.ofMember(operatorId, actor.requireMember(), 500).stream()
                        .filter(r -> r.status() != ReservationStatus.CANCELLED)
                        .toList(),
                "my-reservations.ics");
    }

    private ResponseEntity<String> ics(long operatorId, List<Reservation> list, String filename) {
        Map<Long, Resource> byId = resources.list(operatorId, null, null, null, true).stream()
                .collect(Collectors.toMap(Resource::id, Function.identity()));
        Map<Long, String> siteNames = sites.list(operatorId).stream().collect(Collectors.toMap(Site::id, Site::name));
        List<Calendars.Entry> entries = new ArrayList<>();
        for (Reservation reservation : list) {
            Resource resource = byId.get(reservation.resourceId());
            String site = siteNames.get(resource.siteId());
            entries.add(new Calendars.Entry(
                    reservation, resource.name(), resource.floor() == null ? site : site + ", " + resource.floor()));
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(Calendars.MEDIA_TYPE))
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .body(Calendars.calendar(entries, clock.instant(), "enjoyspace.io"));
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new NotFoundException();
        }
    }

    List<String> messages(InvalidInputException e) {
        return e.errors().stream()
                .map(error -> message(error.code(), error.args()))
                .toList();
    }

    String message(String code, List<Object> args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(code, args.toArray(), code, locale);
    }
}
