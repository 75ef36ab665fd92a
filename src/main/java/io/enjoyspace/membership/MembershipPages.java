package io.enjoyspace.membership;

import io.enjoyspace.booking.ResourceType;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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

/**
 * The member's tier card and allowance meters in the portal; the operator's tier and benefit editor and allowance
 * plans, with grants to members, in the console.
 */
@Controller
class MembershipPages {

    private final Tiers tiers;
    private final TierEvaluation evaluation;
    private final Allowances allowances;
    private final Members members;
    private final Operators operators;
    private final Catalog catalog;
    private final MessageSource messages;

    private final org.springframework.beans.factory.ObjectProvider<TierCouponTemplates> couponTemplates;

    MembershipPages(
            Tiers tiers,
            TierEvaluation evaluation,
            Allowances allowances,
            Members members,
            Operators operators,
            Catalog catalog,
            MessageSource messages,
            org.springframework.beans.factory.ObjectProvider<TierCouponTemplates> couponTemplates) {
        this.couponTemplates = couponTemplates;
        this.tiers = tiers;
        this.evaluation = evaluation;
        this.allowances = allowances;
        this.members = members;
        this.operators = operators;
        this.catalog = catalog;
        this.messages = messages;
    }

    /** One allowance as a meter: what is left of what was granted, in words, and until when. */
    record Meter(String label, String left, String total, int percentLeft, String lastDay, boolean pool) {}

    /** A progress bar towards the next tier. */
    record Progress(long value, long threshold, int percent) {}

    @GetMapping("/portal/membership")
    String portal(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long memberId = actor.requireMember();
        Member member = members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        TierEvaluation.Standing standing = evaluation.standing(operatorId, Audience.MEMBER, memberId);
        model.addAttribute("standing", standing);
        model.addAttribute("progress", progress(standing));
        model.addAttribute("benefits", standing.tier() == null ? List.of() : benefits(standing.tier()));
        if (member.enterpriseId() != null) {
            TierEvaluation.Standing company =
                    evaluation.standing(operatorId, Audience.ENTERPRISE, member.enterpriseId());
            model.addAttribute("company", company.tier() == null ? null : company);
        }
        ZoneId zone = operators.get(operatorId).timeZone();
        model.addAttribute(
                "meters",
                allowances.meters(operatorId, memberId).stream()
                        .map(grant -> meter(grant, zone))
                        .toList());
        return "membership/portal-membership";
    }

    private static Progress progress(TierEvaluation.Standing standing) {
        if (standing.next() == null || standing.next().threshold() == 0) {
            return null;
        }
        long threshold = standing.next().threshold();
        return new Progress(standing.value(), threshold, (int)
                Math.min(100, Math.max(0, standing.value() * 100 / threshold)));
    }

    /** The tier's benefits in words. */
    private List<String> benefits(Tier tier) {
        List<String> benefits = new ArrayList<>();
        if (tier.earningMultiplierPercent() != 100) {
            benefits.add(message("membership.benefit.multiplier", tier.earningMultiplierPercent()));
        }
        if (tier.advanceBookingDays() != null) {
            benefits.add(message("membership.benefit.advance", tier.advanceBookingDays()));
        }
        if (tier.depositFree()) {
            benefits.add(message("membership.benefit.depositFree"));
        }
        if (tier.priorityService()) {
            benefits.add(message("membership.benefit.priority"));
        }
        if (tier.birthdayPoints() > 0) {
            benefits.add(message("membership.benefit.birthday", tier.birthdayPoints()));
        }
        if (tier.birthdayCouponTemplateId() != null) {
            TierCouponTemplates templates = couponTemplates.getIfAvailable();
            String name = templates == null
                    ? null
                    : templates.choices(tier.operatorId()).stream()
                            .filter(choice -> choice.id() == tier.birthdayCouponTemplateId())
                            .map(TierCouponTemplates.Choice::name)
                            .findFirst()
                            .orElse(null);
            if (name != null) {
                benefits.add(message("gaps.membership.benefit.birthdayCoupon", name));
            }
        }
        if (tier.rank() > 0) {
            benefits.add(message("membership.benefit.memberPrices"));
        }
        return benefits;
    }

    private Meter meter(Allowances.Grant grant, ZoneId zone) {
        int percent = (int) (grant.remaining() * 100 / grant.quantity());
        return new Meter(
                grant.label(),
                amount(grant.unit(), grant.remaining()),
                amount(grant.unit(), grant.quantity()),
                percent,
                LocalDate.ofInstant(grant.validUntil().minusNanos(1), zone).toString(),
                grant.ownerKind() == Audience.ENTERPRISE);
    }

    /** {@code 3 h 30 min}, {@code 40 pages}, {@code ¥12.00}. */
    String amount(AllowanceUnit unit, long quantity) {
        return switch (unit) {
            case MINUTES -> {
                long hours = quantity / 60;
                long minutes = quantity % 60;
                if (hours == 0) {
                    yield message("membership.duration.m", minutes);
                }
                yield minutes == 0
                        ? message("membership.duration.h", hours)
                        : message("membership.duration.hm", hours, minutes);
            }
            case MONEY -> "¥" + java.math.BigDecimal.valueOf(quantity, 2).toPlainString();
            case PAGES, USES -> quantity + " " + message("membership.unit." + unit.name());
        };
    }

    @GetMapping("/console/tiers")
    String consoleTiers(Actor actor, @RequestParam(defaultValue = "MEMBER") Audience audience, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("audience", audience);
        model.addAttribute("audiences", Audience.values());
        model.addAttribute("program", tiers.program(operatorId, audience));
        model.addAttribute("tiers", tiers.list(operatorId, audience));
        model.addAttribute("measures", Measure.values());
        model.addAttribute("policies", DowngradePolicy.values());
        model.addAttribute("isAdmin", actor.role() == io.enjoyspace.shared.Role.OPERATOR_ADMIN);
        TierCouponTemplates templates = couponTemplates.getIfAvailable();
        model.addAttribute(
                "couponTemplates",
                templates == null ? List.<TierCouponTemplates.Choice>of() : templates.choices(operatorId));
        return "membership/console-tiers";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/tiers/program")
    String saveProgram(
            Actor actor,
            @RequestParam Audience audience,
            @RequestParam(required = false) Measure measure,
            @RequestParam(required = false) DowngradePolicy downgradePolicy,
            @RequestParam(defaultValue = "") String graceMonths,
            RedirectAttributes redirect) {
        redirect.addAttribute("audience", audience);
        try {
            tiers.saveProgram(actor.requireOperator(), audience, measure, downgradePolicy, (int)
                    number("graceMonths", graceMonths));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", errors(e));
        }
        return "redirect:/console/tiers";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/tiers")
    String createTier(
            Actor actor,
            @RequestParam Audience audience,
            @RequestParam Map<String, String> form,
            RedirectAttributes redirect) {
        redirect.addAttribute("audience", audience);
        try {
            tiers.create(actor.requireOperator(), audience, draft(form));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", errors(e));
            redirect.addFlashAttribute("form", form);
        }
        return "redirect:/console/tiers";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/tiers/{id}")
    String updateTier(
            Actor actor, @PathVariable long id, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Tier tier = tiers.get(operatorId, id);
        redirect.addAttribute("audience", tier.audience());
        try {
            tiers.update(operatorId, id, draft(form));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", errors(e));
            redirect.addFlashAttribute("editing", id);
        }
        return "redirect:/console/tiers";
    }

    private static Tiers.TierDraft draft(Map<String, String> form) {
        List<FieldError> errors = new ArrayList<>();
        long rank = number("rank", form.getOrDefault("rank", ""), errors);
        long threshold = number("threshold", form.getOrDefault("threshold", ""), errors);
        long multiplier =
                number("earningMultiplierPercent", form.getOrDefault("earningMultiplierPercent", "100"), errors);
        String advance = form.getOrDefault("advanceBookingDays", "").strip();
        long advanceDays = advance.isEmpty() ? 0 : number("advanceBookingDays", advance, errors);
        long birthday = number("birthdayPoints", form.getOrDefault("birthdayPoints", "0"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Tiers.TierDraft(
                form.getOrDefault("code", "").strip(),
                form.getOrDefault("name", ""),
                (int) rank,
                threshold,
                (int) multiplier,
                advance.isEmpty() ? null : (int) advanceDays,
                form.containsKey("depositFree"),
                form.containsKey("priorityService"),
                birthday,
                birthdayCoupon(form.getOrDefault("birthdayCouponTemplateId", "")));
    }

    private static Long birthdayCoupon(String id) {
        if (id.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("birthdayCouponTemplateId", "gaps.membership.birthdayCouponUnknown");
        }
    }

    @GetMapping("/console/allowances")
    String consoleAllowances(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        List<Tier> allTiers = new ArrayList<>(tiers.list(operatorId, Audience.MEMBER));
        allTiers.addAll(tiers.list(operatorId, Audience.ENTERPRISE));
        Map<Long, Tier> tierById = new LinkedHashMap<>();
        allTiers.forEach(tier -> tierById.put(tier.id(), tier));
        model.addAttribute("plans", allowances.plans(operatorId));
        model.addAttribute("tiers", allTiers);
        model.addAttribute("tierById", tierById);
        Map<Long, String> categories = new LinkedHashMap<>();
        catalog.categories(operatorId).forEach(category -> categories.put(category.id(), category.name()));
        model.addAttribute("categories", categories);
        model.addAttribute("resourceTypes", ResourceType.values());
        model.addAttribute("units", AllowanceUnit.values());
        model.addAttribute("periods", AllowancePeriod.values());
        model.addAttribute("rollovers", Rollover.values());
        model.addAttribute(
                "sources",
                Arrays.stream(AllowanceSource.values())
                        .filter(source -> !source.recurring())
                        .toList());
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        model.addAttribute("isAdmin", actor.role() == io.enjoyspace.shared.Role.OPERATOR_ADMIN);
        return "membership/console-allowances";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/allowances/plans")
    String createPlan(
            Actor actor,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) AllowanceUnit unit,
            @RequestParam(defaultValue = "") String quantity,
            @RequestParam(required = false) List<String> resourceTypes,
            @RequestParam(required = false) List<Long> categoryIds,
            @RequestParam(required = false) AllowancePeriod period,
            @RequestParam(required = false) Rollover rollover,
            @RequestParam(defaultValue = "0") String rolloverCap,
            @RequestParam(required = false) Long tierId,
            RedirectAttributes redirect) {
        try {
            List<FieldError> errors = new ArrayList<>();
            long amount = number("quantity", quantity, errors);
            long cap = number("rolloverCap", rolloverCap, errors);
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            allowances.createPlan(
                    actor.requireOperator(),
                    new Allowances.PlanDraft(
                            name,
                            unit,
                            amount,
                            resourceTypes == null ? List.of() : resourceTypes,
                            categoryIds == null ? List.of() : categoryIds,
                            period,
                            rollover,
                            cap,
                            tierId,
                            true));
            redirect.addFlashAttribute("saved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", errors(e));
        }
        return "redirect:/console/allowances";
    }

    @PostMapping("/console/allowances/grants")
    String grant(
            Actor actor,
            @RequestParam(defaultValue = "") String mobile,
            @RequestParam(required = false) AllowanceSource source,
            @RequestParam(required = false) AllowanceUnit unit,
            @RequestParam(defaultValue = "") String quantity,
            @RequestParam(required = false) List<String> resourceTypes,
            @RequestParam(required = false) List<Long> categoryIds,
            @RequestParam(defaultValue = "") String validUntil,
            @RequestParam(defaultValue = "") String label,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            Member member = members.findByMobile(operatorId, mobile.strip())
                    .orElseThrow(() -> new InvalidInputException("mobile", "membership.console.unknownMember"));
            List<FieldError> errors = new ArrayList<>();
            long amount = number("quantity", quantity, errors);
            Instant until = null;
            try {
                // Valid through the chosen day: until the midnight that ends it, in the operator's time zone.
                until = LocalDate.parse(validUntil)
                        .plusDays(1)
                        .atStartOfDay(operators.get(operatorId).timeZone())
                        .toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(new FieldError("validUntil", "membership.allowance.validUntil"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            allowances.grant(
                    operatorId,
                    Audience.MEMBER,
                    member.id(),
                    new Allowances.GrantCommand(
                            source,
                            unit,
                            amount,
                            resourceTypes == null ? List.of() : resourceTypes,
                            categoryIds == null ? List.of() : categoryIds,
                            label,
                            null,
                            until,
                            null),
                    new IdempotencyKey(idempotencyKey),
                    actor.userId());
            redirect.addFlashAttribute("granted", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", errors(e));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("errors", Map.of("quantity", message(e.code())));
        }
        return "redirect:/console/allowances";
    }

    private static long number(String field, String text) {
        List<FieldError> errors = new ArrayList<>();
        long value = number(field, text, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return value;
    }

    private static long number(String field, String text, List<FieldError> errors) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "membership.console.number"));
            return 0;
        }
    }

    /** Field to message, for the form to show beside each field. */
    private Map<String, String> errors(InvalidInputException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : e.errors()) {
            errors.putIfAbsent(error.field(), message(error.code(), error.arguments()));
        }
        return errors;
    }

    private String message(String code, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(code, args, code, locale);
    }
}
