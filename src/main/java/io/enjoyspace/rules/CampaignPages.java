package io.enjoyspace.rules;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Operators;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The campaign calendar: a month of campaigns day by day, each with its budget meter, and the campaign editor. */
@Controller
class CampaignPages {

    private final Campaigns campaigns;
    private final Operators operators;
    private final Clock clock;

    CampaignPages(Campaigns campaigns, Operators operators, Clock clock) {
        this.campaigns = campaigns;
        this.operators = operators;
        this.clock = clock;
    }

    /** A campaign's days are whole days in the operator's time zone, both ends included. */
    record CampaignForm(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 500) String description,

            @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate startsOn,

            @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
            LocalDate endsOn,

            @Min(1) @Max(1_000_000_000) Long budgetPoints,
            @Pattern(regexp = "^#[0-9a-fA-F]{6}$") String color,
            @Min(1) @Max(1_000_000_000) Long couponBudgetYuan) {

        Campaigns.Settings settings(ZoneId zone) {
            return new Campaigns.Settings(
                    name,
                    description,
                    startsOn.atStartOfDay(zone).toInstant(),
                    endsOn.plusDays(1).atStartOfDay(zone).toInstant(),
                    budgetPoints,
                    color,
                    couponBudgetYuan == null ? null : couponBudgetYuan * 100);
        }

        static CampaignForm of(Campaign campaign, ZoneId zone) {
            return new CampaignForm(
                    campaign.name(),
                    campaign.description(),
                    LocalDate.ofInstant(campaign.startsAt(), zone),
                    LocalDate.ofInstant(campaign.endsAt().minusNanos(1), zone),
                    campaign.budgetPoints(),
                    campaign.color(),
                    campaign.couponBudgetMinor() == null ? null : campaign.couponBudgetMinor() / 100);
        }
    }

    /** One day of the calendar and the campaigns running on it. */
    record Day(LocalDate date, boolean inMonth, boolean today, List<Campaign> campaigns) {}

    @GetMapping("/console/campaigns")
    String calendar(Actor actor, @RequestParam(required = false) String month, Model model) {
        long operatorId = actor.requireOperator();
        ZoneId zone = zone(operatorId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        model.addAttribute("form", new CampaignForm("", "", today, today.plusDays(6), null, "#e8590c", null));
        return calendar(operatorId, month(month, today), model);
    }

    private static YearMonth month(String month, LocalDate today) {
        if (month == null || month.isBlank()) {
            return YearMonth.from(today);
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            return YearMonth.from(today);
        }
    }

    private String calendar(long operatorId, YearMonth month, Model model) {
        ZoneId zone = zone(operatorId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate first = month.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = month.atEndOfMonth().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
        List<Campaign> running = campaigns.overlapping(
                operatorId,
                first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant());
        List<List<Day>> weeks = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.MONDAY) {
                weeks.add(new ArrayList<>());
            }
            java.time.Instant from = day.atStartOfDay(zone).toInstant();
            java.time.Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
            List<Campaign> onDay = running.stream()
                    .filter(c -> c.startsAt().isBefore(to) && c.endsAt().isAfter(from))
                    .toList();
            weeks.get(weeks.size() - 1).add(new Day(day, YearMonth.from(day).equals(month), day.equals(today), onDay));
        }
        model.addAttribute("month", month);
        model.addAttribute("previous", month.minusMonths(1));
        model.addAttribute("next", month.plusMonths(1));
        model.addAttribute("weeks", weeks);
        model.addAttribute(
                "meters",
                campaigns.list(operatorId).stream()
                        .map(c -> campaigns.meter(operatorId, c.id()))
                        .toList());
        model.addAttribute("zone", zone);
        return "rules/console-campaigns";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/campaigns")
    String create(Actor actor, @Valid @ModelAttribute("form") CampaignForm form, BindingResult errors, Model model) {
        long operatorId = actor.requireOperator();
        if (!errors.hasErrors()) {
            try {
                Campaign campaign = campaigns.create(operatorId, form.settings(zone(operatorId)));
                return "redirect:/console/campaigns?month=" + YearMonth.from(form.startsOn()) + "&created="
                        + campaign.id();
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                errors.rejectValue("endsOn", e.errors().get(0).code());
            }
        }
        return calendar(operatorId, YearMonth.from(LocalDate.now(clock.withZone(zone(operatorId)))), model);
    }

    @GetMapping("/console/campaigns/{id}")
    String edit(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        Campaigns.Meter meter = campaigns.meter(operatorId, Ids.parse(id));
        model.addAttribute("meter", meter);
        model.addAttribute("form", CampaignForm.of(meter.campaign(), zone(operatorId)));
        return "rules/console-campaign";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/campaigns/{id}")
    String update(
            Actor actor,
            @PathVariable String id,
            @Valid @ModelAttribute("form") CampaignForm form,
            BindingResult errors,
            Model model) {
        long operatorId = actor.requireOperator();
        Campaigns.Meter meter = campaigns.meter(operatorId, Ids.parse(id));
        if (!errors.hasErrors()) {
            try {
                campaigns.update(operatorId, meter.campaign().id(), form.settings(zone(operatorId)));
                return "redirect:/console/campaigns/" + meter.campaign().id() + "?saved";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                errors.rejectValue("endsOn", e.errors().get(0).code());
            }
        }
        model.addAttribute("meter", meter);
        return "rules/console-campaign";
    }

    private ZoneId zone(long operatorId) {
        return operators.get(operatorId).timeZone();
    }
}
