package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Period;
import io.enjoyspace.rules.RuleDefinition.Rounding;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's rules: the list by event type, an editor that checks the condition as it is typed and simulates the
 * draft against a member and an event before it is saved, and each rule's version history.
 */
@Controller
class RulePages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Rules rules;
    private final RuleConditions conditions;
    private final EventTypes eventTypes;
    private final Campaigns campaigns;
    private final EventIntake intake;
    private final Members members;
    private final Operators operators;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<RuleCouponTemplates> couponTemplates;

    RulePages(
            Rules rules,
            RuleConditions conditions,
            EventTypes eventTypes,
            Campaigns campaigns,
            EventIntake intake,
            Members members,
            Operators operators,
            Clock clock,
            org.springframework.beans.factory.ObjectProvider<RuleCouponTemplates> couponTemplates) {
        this.couponTemplates = couponTemplates;
        this.rules = rules;
        this.conditions = conditions;
        this.eventTypes = eventTypes;
        this.campaigns = campaigns;
        this.intake = intake;
        this.members = members;
        this.operators = operators;
        this.clock = clock;
    }

    /** The editor's fields; times are local to the operator's time zone. */
    record RuleForm(
            String name,
            String eventType,
            String condition,
            Action action,
            Integer points,
            BigDecimal rate,
            String amountAttribute,
            Rounding rounding,
            Long memberDaily,
            Long memberWeekly,
            Long memberMonthly,
            Long memberEver,
            Long enterpriseCap,
            Period enterprisePeriod,
            Long budgetTotal,
            Long budgetPeriodCap,
            Period budgetPeriod,

            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
            LocalDateTime validFrom,

            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
            LocalDateTime validUntil,

            Integer priority,
            boolean stopAfter,
            ExpiryPolicy.Kind expiryKind,
            Integer expiryCount,
            Integer pendingDays,
            Long campaignId,
            Rule.Status status,
            Long couponTemplateId) {

        static RuleForm blank() {
            return new RuleForm(
                    "",
                    EventTypes.ORDER_COMPLETED,
                    "",
                    Action.PER_YUAN,
                    null,
                    BigDecimal.ONE,
                    "amount",
                    Rounding.DOWN,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    100,
                    false,
                    ExpiryPolicy.Kind.NEVER,
                    0,
                    0,
                    null,
                    Rule.Status.ACTIVE,
                    null);
        }

        static RuleForm of(Rule rule, ZoneId zone) {
            RuleDefinition d = rule.definition();
            Limits l = d.limits();
            return new RuleForm(
                    d.name(),
                    d.eventType(),
                    d.condition(),
                    d.action(),
                    d.points(),
                    d.rate() == null ? null : d.rate().stripTrailingZeros(),
                    d.amountAttribute(),
                    d.rounding(),
                    l.memberDaily(),
                    l.memberWeekly(),
                    l.memberMonthly(),
                    l.memberEver(),
                    l.enterpriseCap(),
                    l.enterprisePeriod(),
                    l.budgetTotal(),
                    l.budgetPeriodCap(),
                    l.budgetPeriod(),
                    local(d.validFrom(), zone),
                    local(d.validUntil(), zone),
                    d.priority(),
                    d.stopAfter(),
                    d.expiry().kind(),
                    d.expiry().count(),
                    d.pendingDays(),
                    d.campaignId(),
                    rule.status(),
                    d.couponTemplateId());
        }

        private static LocalDateTime local(Instant instant, ZoneId zone) {
            return instant == null ? null : LocalDateTime.ofInstant(instant, zone);
        }

        RuleDefinition definition(ZoneId zone) {
            return new RuleDefinition(
                    name == null ? "" : name,
                    eventType,
                    condition,
                    action,
                    action == Action.FIXED ? points : null,
                    action == Action.FIXED || action == Action.COUPON ? null : rate,
                    amountAttribute,
                    rounding,
                    new Limits(
                            memberDaily,
                            memberWeekly,
                            memberMonthly,
                            memberEver,
                            enterpriseCap,
                            enterpriseCap == null ? null : enterprisePeriod,
                            budgetTotal,
                            budgetPeriodCap,
                            budgetPeriodCap == null ? null : budgetPeriod),
                    validFrom == null ? null : validFrom.atZone(zone).toInstant(),
                    validUntil == null ? null : validUntil.atZone(zone).toInstant(),
                    priority == null ? 100 : priority,
                    stopAfter,
                    RulesApiController.expiry(expiryKind, expiryCount),
                    pendingDays == null ? 0 : pendingDays,
                    campaignId,
                    action == Action.COUPON ? couponTemplateId : null);
        }
    }

    @ModelAttribute("actions")
    Action[] actions() {
        return Action.values();
    }

    @ModelAttribute("roundings")
    Rounding[] roundings() {
        return Rounding.values();
    }

    @ModelAttribute("periods")
    Period[] periods() {
        return Period.values();
    }

    @ModelAttribute("expiryKinds")
    ExpiryPolicy.Kind[] expiryKinds() {
        return ExpiryPolicy.Kind.values();
    }

    @ModelAttribute("statuses")
    Rule.Status[] statuses() {
        return Rule.Status.values();
    }

    @GetMapping("/console/rules")
    String list(Actor actor, @RequestParam(defaultValue = "false") boolean archived, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("rules", rules.list(operatorId, archived));
        model.addAttribute("archived", archived);
        model.addAttribute("campaignNames", campaignNames(operatorId));
        model.addAttribute("eventTypes", eventTypes.list(operatorId));
        return "rules/console-rules";
    }

    @GetMapping("/console/rules/new")
    String newRule(Actor actor, Model model) {
        return editor(actor.requireOperator(), null, RuleForm.blank(), model);
    }

    @GetMapping("/console/rules/{id}")
    String edit(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        Rule rule = rules.get(operatorId, Ids.parse(id));
        return editor(operatorId, rule, RuleForm.of(rule, zone(operatorId)), model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/rules")
    String create(Actor actor, @ModelAttribute("form") RuleForm form, BindingResult errors, Model model) {
        long operatorId = actor.requireOperator();
        if (!errors.hasErrors()) {
            try {
                Rule rule = rules.create(
                        operatorId,
                        form.definition(zone(operatorId)),
                        form.status() == null ? Rule.Status.ACTIVE : form.status(),
                        actor.userId());
                return "redirect:/console/rules/" + rule.id() + "?saved";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                reject(e, errors);
            } catch (NotFoundException e) {
                errors.rejectValue("couponTemplateId", "gaps.rules.couponTemplateUnknown");
            }
        }
        return editor(operatorId, null, form, model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/rules/{id}")
    String update(
            Actor actor,
            @PathVariable String id,
            @ModelAttribute("form") RuleForm form,
            BindingResult errors,
            Model model) {
        long operatorId = actor.requireOperator();
        Rule rule = rules.get(operatorId, Ids.parse(id));
        if (!errors.hasErrors()) {
            try {
                rules.update(operatorId, rule.id(), form.definition(zone(operatorId)), form.status(), actor.userId());
                return "redirect:/console/rules/" + rule.id() + "?saved";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                reject(e, errors);
            } catch (NotFoundException e) {
                errors.rejectValue("couponTemplateId", "gaps.rules.couponTemplateUnknown");
            }
        }
        return editor(operatorId, rule, form, model);
    }

    private static void reject(InvalidInputException e, BindingResult errors) {
        for (InvalidInputException.FieldError error : e.errors()) {
            String field =
                    error.field().startsWith("limits.") ? error.field().substring("limits.".length()) : error.field();
            errors.rejectValue(field, error.code(), error.arguments(), null);
        }
    }

    private String editor(long operatorId, Rule rule, RuleForm form, Model model) {
        model.addAttribute("rule", rule);
        model.addAttribute("form", form);
        model.addAttribute("eventTypes", eventTypes.list(operatorId));
        model.addAttribute("campaigns", campaigns.list(operatorId));
        model.addAttribute("variables", RuleConditions.VARIABLES);
        RuleCouponTemplates templates = couponTemplates.getIfAvailable();
        model.addAttribute(
                "couponTemplates",
                templates == null ? List.<RuleCouponTemplates.Choice>of() : templates.choices(operatorId));
        if (rule != null) {
            model.addAttribute("versions", rules.versions(operatorId, rule.id()));
        }
        return "rules/console-rule";
    }

    /** The condition's check, as a fragment under the field: fine, or each problem with a caret under its column. */
    @PostMapping("/console/rules/check-condition")
    String checkCondition(Actor actor, @RequestParam(defaultValue = "") String condition, Model model) {
        actor.requireOperator();
        model.addAttribute("condition", condition);
        model.addAttribute("lines", List.of(condition.split("\n", -1)));
        model.addAttribute("problems", conditions.check(condition));
        return "rules/console-rule :: conditionCheck";
    }

    /**
     * Simulates an event for the member with {@code simMobile}: with the saved rules, or with the editor's draft in
     * place of the rule being edited when {@code draft} is set.
     */
    @PostMapping("/console/rules/simulate")
    String simulate(
            Actor actor,
            @ModelAttribute("form") RuleForm form,
            BindingResult errors,
            @RequestParam(defaultValue = "false") boolean draft,
            @RequestParam(required = false) String ruleId,
            @RequestParam(required = false) String simType,
            @RequestParam(defaultValue = "") String simMobile,
            @RequestParam(defaultValue = "") String simAttributes,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    LocalDateTime simOccurredAt,
            Model model) {
        long operatorId = actor.requireOperator();
        ZoneId zone = zone(operatorId);
        try {
            long memberId = members.findByMobile(operatorId, simMobile)
                    .orElseThrow(() -> new InvalidInputException("simMobile", "rules.simMemberUnknown"))
                    .id();
            JsonNode attributes;
            try {
                attributes = simAttributes.isBlank() ? null : JSON.readTree(simAttributes);
            } catch (RuntimeException e) {
                throw new InvalidInputException("simAttributes", "rules.simAttributesInvalid");
            }
            if (attributes != null && !attributes.isObject()) {
                throw new InvalidInputException("simAttributes", "rules.simAttributesInvalid");
            }
            Rule draftRule = null;
            String type = simType;
            if (draft && !errors.hasErrors()) {
                RuleDefinition definition = form.definition(zone);
                rules.validate(operatorId, definition);
                long id = ruleId == null || ruleId.isBlank() ? 0 : Ids.parse(ruleId);
                int version = id == 0 ? 0 : rules.get(operatorId, id).version() + 1;
                draftRule = new Rule(id, operatorId, Rule.Status.ACTIVE, version, definition, clock.instant());
                type = definition.eventType();
            }
            if (type == null || type.isBlank()) {
                throw new InvalidInputException("simType", "events.typeUnknown");
            }
            Instant at = simOccurredAt == null
                    ? clock.instant()
                    : simOccurredAt.atZone(zone).toInstant();
            model.addAttribute(
                    "simulation",
                    intake.simulate(
                            operatorId,
                            new EventIntake.EventCommand("simulation", type, memberId, at, attributes),
                            draftRule));
        } catch (InvalidInputException e) {
            model.addAttribute("simulationErrors", e.errors());
        } catch (NotFoundException e) {
            model.addAttribute(
                    "simulationErrors", List.of(new InvalidInputException.FieldError("simMobile", "problem.notFound")));
        }
        return "rules/console-rule :: simulation";
    }

    private java.util.Map<Long, String> campaignNames(long operatorId) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        campaigns.list(operatorId).forEach(campaign -> names.put(campaign.id(), campaign.name()));
        return names;
    }

    private ZoneId zone(long operatorId) {
        return operators.get(operatorId).timeZone();
    }
}
