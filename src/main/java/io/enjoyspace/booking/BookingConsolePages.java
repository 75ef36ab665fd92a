package io.enjoyspace.booking;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.Sites;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator console: resources and their calendars, booking policies, and the day's reservations. */
@Controller
class BookingConsolePages {

    private final Resources resources;
    private final BookingPolicies policies;
    private final Reservations reservations;
    private final Sites sites;
    private final Members members;
    private final Enterprises enterprises;
    private final Operators operators;
    private final MessageSource messages;
    private final Clock clock;

    BookingConsolePages(
            Resources resources,
            BookingPolicies policies,
            Reservations reservations,
            Sites sites,
            Members members,
            Enterprises enterprises,
            Operators operators,
            MessageSource messages,
            Clock clock) {
        this.resources = resources;
        this.policies = policies;
        this.reservations = reservations;
        this.sites = sites;
        this.members = members;
        this.enterprises = enterprises;
        this.operators = operators;
        this.messages = messages;
        this.clock = clock;
    }

    // ---- resources

    @GetMapping("/console/resources")
    String resourceList(Actor actor, @RequestParam(required = false) String siteId, Model model) {
        long operatorId = actor.requireOperator();
        List<Site> siteList = sites.list(operatorId);
        long site = siteId != null ? Ids.parse(siteId) : siteList.get(0).id();
        sites.get(operatorId, site);
        model.addAttribute("sites", siteList);
        model.addAttribute("siteId", site);
        model.addAttribute("resources", resources.list(operatorId, site, null, null, true));
        model.addAttribute("holidays", resources.holidays(operatorId, site));
        model.addAttribute("types", ResourceType.values());
        model.addAttribute("currency", operators.get(operatorId).currency());
        return "booking/console-resources";
    }

    @PostMapping("/console/resources")
    String createResource(Actor actor, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            Resource created = resources.create(operatorId, draft(form, null));
            redirect.addFlashAttribute("saved", created.name());
            return "redirect:/console/resources/" + created.id();
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
            redirect.addFlashAttribute("form", form);
            return "redirect:/console/resources?siteId=" + form.getOrDefault("siteId", "");
        }
    }

    @GetMapping("/console/resources/{id}")
    String resource(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        Map<DayOfWeek, OpeningHours> hours = resources.openingHours(operatorId, resource.id()).stream()
                .collect(Collectors.toMap(OpeningHours::weekday, h -> h));
        ZoneId zone = operators.get(operatorId).timeZone();
        model.addAttribute("resource", resource);
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("types", ResourceType.values());
        model.addAttribute("weekdays", DayOfWeek.values());
        model.addAttribute("hours", hours);
        model.addAttribute("zone", zone);
        model.addAttribute(
                "blackouts",
                resources.blackouts(operatorId, resource.id(), clock.instant()).stream()
                        .map(b -> new LocalBlackout(
                                b.id(),
                                LocalDateTime.ofInstant(b.startsAt(), zone),
                                LocalDateTime.ofInstant(b.endsAt(), zone),
                                b.reason()))
                        .toList());
        model.addAttribute("currency", operators.get(operatorId).currency());
        return "booking/console-resource";
    }

    record LocalBlackout(long id, LocalDateTime startsAt, LocalDateTime endsAt, String reason) {}

    @PostMapping("/console/resources/{id}")
    String updateResource(
            Actor actor, @PathVariable String id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        try {
            resources.update(operatorId, resource.id(), draft(form, resource));
            redirect.addFlashAttribute("saved", resource.name());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
        }
        return "redirect:/console/resources/" + resource.id();
    }

    @PostMapping("/console/resources/{id}/hours")
    String saveHours(
            Actor actor, @PathVariable String id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        List<OpeningHours> hours = new ArrayList<>();
        try {
            for (DayOfWeek day : DayOfWeek.values()) {
                String opens = form.getOrDefault("opens" + day.getValue(), "").strip();
                String closes = form.getOrDefault("closes" + day.getValue(), "").strip();
                if (opens.isEmpty() && closes.isEmpty()) {
                    continue;
                }
                hours.add(new OpeningHours(day, time("opens", opens), time("closes", closes)));
            }
            resources.setOpeningHours(operatorId, resource.id(), hours);
            redirect.addFlashAttribute("saved", resource.name());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
        }
        return "redirect:/console/resources/" + resource.id();
    }

    @PostMapping("/console/resources/{id}/blackouts")
    String addBlackout(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String startsAt,
            @RequestParam(defaultValue = "") String endsAt,
            @RequestParam(defaultValue = "") String reason,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Resource resource = resources.get(operatorId, Ids.parse(id));
        ZoneId zone = operators.get(operatorId).timeZone();
        try {
            resources.addBlackout(
                    operatorId,
                    resource.id(),
                    localDateTime("startsAt", startsAt).atZone(zone).toInstant(),
                    localDateTime("endsAt", endsAt).atZone(zone).toInstant(),
                    reason);
            redirect.addFlashAttribute("saved", resource.name());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
        }
        return "redirect:/console/resources/" + resource.id();
    }

    @PostMapping("/console/resources/{id}/blackouts/{blackoutId}/delete")
    String removeBlackout(Actor actor, @PathVariable String id, @PathVariable String blackoutId) {
        long operatorId = actor.requireOperator();
        resources.removeBlackout(operatorId, Ids.parse(id), Ids.parse(blackoutId));
        return "redirect:/console/resources/" + id;
    }

    @PostMapping("/console/sites/{siteId}/holidays")
    String addHoliday(
            Actor actor,
            @PathVariable String siteId,
            @RequestParam(defaultValue = "") String day,
            @RequestParam(defaultValue = "") String name,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            LocalDate date;
            try {
                date = LocalDate.parse(day.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("day", "validation.type");
            }
            resources.addHoliday(operatorId, Ids.parse(siteId), date, name);
            redirect.addFlashAttribute("saved", name);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
        }
        return "redirect:/console/resources?siteId=" + siteId;
    }

    @PostMapping("/console/sites/{siteId}/holidays/{day}/delete")
    String removeHoliday(Actor actor, @PathVariable String siteId, @PathVariable LocalDate day) {
        resources.removeHoliday(actor.requireOperator(), Ids.parse(siteId), day);
        return "redirect:/console/resources?siteId=" + siteId;
    }

    private Resources.ResourceDraft draft(Map<String, String> form, Resource current) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        long siteId;
        try {
            siteId = Ids.parse(form.getOrDefault("siteId", ""));
        } catch (NotFoundException e) {
            throw new InvalidInputException("siteId", "booking.unknownSite");
        }
        ResourceType type;
        try {
            type = ResourceType.valueOf(form.getOrDefault("type", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("type", "NotNull");
        }
        Long peak = form.getOrDefault("peakPrice", "").isBlank()
                ? null
                : yuan("peakPricePerHourMinor", form.get("peakPrice"));
        Set<DayOfWeek> peakDays = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (form.containsKey("peakDay" + day.getValue())) {
                peakDays.add(day);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String amenities = form.getOrDefault("amenities", "");
        return new Resources.ResourceDraft(
                siteId,
                type,
                form.getOrDefault("name", ""),
                number("capacity", form.getOrDefault("capacity", "")),
                Arrays.stream(amenities.split("[,，]"))
                        .map(String::strip)
                        .filter(a -> !a.isEmpty())
                        .toList(),
                form.get("floor"),
                yuan("pricePerHourMinor", form.getOrDefault("price", "")),
                form.containsKey("minBillableMinutes")
                        ? number("minBillableMinutes", form.get("minBillableMinutes"))
                        : 0,
                peak,
                peak == null ? Set.of() : peakDays,
                peak == null ? null : time("peakStarts", form.getOrDefault("peakStarts", "")),
                peak == null ? null : time("peakEnds", form.getOrDefault("peakEnds", "")),
                form.containsKey("checkInOpensMinutes")
                        ? number("checkInOpensMinutes", form.get("checkInOpensMinutes"))
                        : 15,
                form.containsKey("checkInClosesMinutes")
                        ? number("checkInClosesMinutes", form.get("checkInClosesMinutes"))
                        : 15,
                current == null || form.containsKey("active"));
    }

    // ---- policies

    @GetMapping("/console/booking-policies")
    String policyList(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        List<BookingPolicy> list = policies.list(operatorId);
        Map<Long, String> memberNames = members.names(
                operatorId,
                list.stream()
                        .map(BookingPolicy::scopeMemberId)
                        .filter(java.util.Objects::nonNull)
                        .toList());
        model.addAttribute("policies", list);
        model.addAttribute("memberNames", memberNames);
        model.addAttribute("enterprises", enterprises.list(operatorId));
        model.addAttribute(
                "enterpriseNames",
                enterprises.list(operatorId).stream()
                        .collect(Collectors.toMap(e -> e.id(), e -> e.name(), (a, b) -> a)));
        model.addAttribute("types", ResourceType.values());
        model.addAttribute("scopes", PolicyScope.values());
        return "booking/console-policies";
    }

    @PostMapping("/console/booking-policies")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    String createPolicy(Actor actor, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            PolicyScope scope = PolicyScope.valueOf(form.getOrDefault("scope", "ALL"));
            Long memberId = null;
            if (scope == PolicyScope.MEMBER) {
                memberId = members.findByMobile(operatorId, form.getOrDefault("scopeMobile", ""))
                        .map(Member::id)
                        .orElseThrow(() -> new InvalidInputException("scopeMemberId", "booking.unknownMobile"));
            }
            Long enterpriseId = null;
            if (scope == PolicyScope.ENTERPRISE
                    && !form.getOrDefault("scopeEnterpriseId", "").isBlank()) {
                enterpriseId = Ids.parse(form.get("scopeEnterpriseId"));
            }
            String type = form.getOrDefault("resourceType", "");
            boolean terms = !form.getOrDefault("freeHours", "").isBlank();
            BookingPolicy created = policies.create(
                    operatorId,
                    new BookingPolicy(
                            0,
                            number("position", form.getOrDefault("position", "")),
                            form.getOrDefault("name", ""),
                            scope,
                            scope == PolicyScope.TIER ? form.getOrDefault("scopeTierCode", "") : null,
                            enterpriseId,
                            memberId,
                            type.isBlank() ? null : ResourceType.valueOf(type),
                            optional("maxDaysAhead", form),
                            optional("minMinutesAhead", form),
                            optional("minLengthMinutes", form),
                            optional("maxLengthMinutes", form),
                            optional("bufferMinutes", form),
                            optional("weeklyQuotaHours", form),
                            form.containsKey("approvalRequired") ? Boolean.TRUE : null,
                            terms
                                    ? new CancellationTerms(
                                            number("cancellation.freeHoursBefore", form.get("freeHours")),
                                            number(
                                                    "cancellation.partialRefundPercent",
                                                    form.getOrDefault("partialPercent", "0")),
                                            number(
                                                    "cancellation.partialRefundHoursBefore",
                                                    form.getOrDefault("partialHours", "0")))
                                    : null));
            redirect.addFlashAttribute("saved", created.name());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
        } catch (IllegalArgumentException | NotFoundException e) {
            redirect.addFlashAttribute("errors", List.of(message("booking.scopeTarget", List.of())));
        }
        return "redirect:/console/booking-policies";
    }

    @PostMapping("/console/booking-policies/{id}/delete")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    String deletePolicy(Actor actor, @PathVariable String id) {
        policies.delete(actor.requireOperator(), Ids.parse(id));
        return "redirect:/console/booking-policies";
    }

    // ---- reservations

    /** A reservation as the console's day list shows it. */
    record Row(
            Reservation reservation,
            String resourceName,
            String memberName,
            LocalDateTime startsAt,
            LocalDateTime endsAt) {}

    @GetMapping("/console/reservations")
    String reservationList(Actor actor, @RequestParam(required = false) LocalDate date, Model model) {
        long operatorId = actor.requireOperator();
        ZoneId zone = operators.get(operatorId).timeZone();
        LocalDate day = date != null ? date : LocalDate.now(clock.withZone(zone));
        List<Resource> all = resources.list(operatorId, null, null, null, true);
        Map<Long, String> resourceNames = all.stream().collect(Collectors.toMap(Resource::id, Resource::name));
        List<Reservation> onDay = reservations.onDay(operatorId, day, null);
        List<Reservation> pending = reservations.pending(operatorId);
        Set<Long> memberIds = new java.util.HashSet<>();
        onDay.forEach(r -> memberIds.add(r.memberId()));
        pending.forEach(r -> memberIds.add(r.memberId()));
        Map<Long, String> memberNames = members.names(operatorId, memberIds);
        java.util.function.Function<Reservation, Row> row = r -> new Row(
                r,
                resourceNames.getOrDefault(r.resourceId(), "#" + r.resourceId()),
                memberNames.getOrDefault(r.memberId(), "#" + r.memberId()),
                LocalDateTime.ofInstant(r.startsAt(), zone),
                LocalDateTime.ofInstant(r.endsAt(), zone));
        model.addAttribute("day", day);
        model.addAttribute("rows", onDay.stream().map(row).toList());
        model.addAttribute("pending", pending.stream().map(row).toList());
        model.addAttribute("resources", all.stream().filter(Resource::active).toList());
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "booking/console-reservations";
    }

    @PostMapping("/console/reservations")
    String bookOnBehalf(
            Actor actor,
            @RequestParam(defaultValue = "") String mobile,
            @RequestParam(defaultValue = "") String resourceId,
            @RequestParam(defaultValue = "") String date,
            @RequestParam(defaultValue = "") String time,
            @RequestParam(defaultValue = "60") String minutes,
            @RequestParam(defaultValue = "") String overrideReason,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        ZoneId zone = operators.get(operatorId).timeZone();
        String back = "redirect:/console/reservations" + (date.isBlank() ? "" : "?date=" + date.strip());
        try {
            Member member = members.findByMobile(operatorId, mobile)
                    .orElseThrow(() -> new InvalidInputException("memberId", "booking.unknownMobile"));
            LocalDate day;
            try {
                day = LocalDate.parse(date.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("startsAt", "validation.type");
            }
            Instant startsAt = day.atTime(time("startsAt", time)).atZone(zone).toInstant();
            long resource;
            try {
                resource = Ids.parse(resourceId);
            } catch (NotFoundException e) {
                throw new InvalidInputException("resourceId", "NotNull");
            }
            Reservations.Booked booked = reservations.book(new Reservations.BookReservation(
                    operatorId,
                    actor.userId(),
                    member.id(),
                    new IdempotencyKey(idempotencyKey),
                    resource,
                    startsAt,
                    startsAt.plus(Duration.ofMinutes(number("endsAt", minutes))),
                    overrideReason.isBlank() ? null : overrideReason));
            redirect.addFlashAttribute("booked", booked.reservation().id());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", messages(e));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", List.of(message(e.code(), List.of())));
        }
        return back;
    }

    @PostMapping("/console/reservations/{id}/approve")
    String approve(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        try {
            reservations.approve(actor.requireOperator(), Ids.parse(id), actor.userId());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", List.of(message(e.code(), List.of())));
        }
        return "redirect:/console/reservations";
    }

    @PostMapping("/console/reservations/{id}/reject")
    String reject(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        try {
            reservations.reject(actor.requireOperator(), Ids.parse(id), actor.userId(), null);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", List.of(message(e.code(), List.of())));
        }
        return "redirect:/console/reservations";
    }

    @PostMapping("/console/reservations/{id}/cancel")
    String cancel(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        try {
            reservations.cancel(actor.requireOperator(), Ids.parse(id), actor.userId(), null, null);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", List.of(message(e.code(), List.of())));
        }
        return "redirect:/console/reservations";
    }

    // ---- form parsing

    private static Integer optional(String field, Map<String, String> form) {
        String value = form.getOrDefault(field, "");
        return value.isBlank() ? null : number(field, value);
    }

    private static int number(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "validation.type");
        }
    }

    private static long yuan(String field, String value) {
        try {
            return new BigDecimal(value.strip()).movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException(field, "booking.priceNegative");
        }
    }

    private static LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "validation.type");
        }
    }

    private static LocalDateTime localDateTime(String field, String value) {
        try {
            return LocalDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "validation.type");
        }
    }

    private List<String> messages(InvalidInputException e) {
        return e.errors().stream()
                .map(error -> message(error.code(), error.args()))
                .toList();
    }

    private String message(String code, List<Object> args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(code, args.toArray(), code, locale);
    }
}
