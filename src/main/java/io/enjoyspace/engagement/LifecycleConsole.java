package io.enjoyspace.engagement;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's lifecycle automation: thresholds, actions per stage, a run on demand, and their results. */
@Controller
class LifecycleConsole {

    static final int LOG_PAGE = 50;

    private final LifecyclePlans plans;
    private final LifecycleReports reports;
    private final LifecycleRun run;

    LifecycleConsole(LifecyclePlans plans, LifecycleReports reports, LifecycleRun run) {
        this.plans = plans;
        this.reports = reports;
        this.run = run;
    }

    /** Settings as a form or JSON body; a missing number is named as a field error. */
    record SettingsForm(
            Integer silverUsesPerMonth,
            Integer goldUsesPerMonth,
            Integer dormantAfterDays,
            Integer churnAfterDays,
            Integer churnDropPercent,
            Integer conversionDays) {

        static SettingsForm of(LifecycleSettings settings) {
            return new SettingsForm(
                    settings.silverUsesPerMonth(),
                    settings.goldUsesPerMonth(),
                    settings.dormantAfterDays(),
                    settings.churnAfterDays(),
                    settings.churnDropPercent(),
                    settings.conversionDays());
        }

        /** The values by field name, in the order the form shows them. */
        Map<String, Integer> values() {
            Map<String, Integer> values = new LinkedHashMap<>();
            values.put("silverUsesPerMonth", silverUsesPerMonth);
            values.put("goldUsesPerMonth", goldUsesPerMonth);
            values.put("dormantAfterDays", dormantAfterDays);
            values.put("churnAfterDays", churnAfterDays);
            values.put("churnDropPercent", churnDropPercent);
            values.put("conversionDays", conversionDays);
            return values;
        }

        LifecycleSettings settings() {
            List<InvalidInputException.FieldError> errors = new ArrayList<>();
            values().forEach((field, value) -> {
                if (value == null) {
                    errors.add(new InvalidInputException.FieldError(field, "engagement.lifecycle.required"));
                }
            });
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            return new LifecycleSettings(
                    silverUsesPerMonth,
                    goldUsesPerMonth,
                    dormantAfterDays,
                    churnAfterDays,
                    churnDropPercent,
                    conversionDays);
        }
    }

    record ActionForm(String trigger, String kind, Integer points, Long couponTemplateId) {

        LifecyclePlans.NewAction action() {
            return new LifecyclePlans.NewAction(
                    parse(LifecyclePlans.Trigger.class, trigger, "trigger", "engagement.lifecycle.trigger"),
                    parse(LifecyclePlans.Kind.class, kind, "kind", "engagement.lifecycle.kind"),
                    points,
                    couponTemplateId);
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field, String code) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, code);
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, code);
        }
    }

    @GetMapping("/console/lifecycle")
    String page(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        if (!model.containsAttribute("settingValues")) {
            model.addAttribute(
                    "settingValues", SettingsForm.of(plans.settings(operatorId)).values());
        }
        model.addAttribute("distribution", reports.distribution(operatorId));
        model.addAttribute("results", reports.results(operatorId));
        model.addAttribute("log", reports.log(operatorId, null, 0, LOG_PAGE));
        model.addAttribute("triggers", Arrays.asList(LifecyclePlans.Trigger.values()));
        model.addAttribute("kinds", Arrays.asList(LifecyclePlans.Kind.values()));
        return "engagement/console-lifecycle";
    }

    @PostMapping("/console/lifecycle/settings")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    String saveSettings(Actor actor, SettingsForm form, Model model, RedirectAttributes redirect) {
        try {
            plans.save(actor.requireOperator(), form.settings());
        } catch (InvalidInputException e) {
            model.addAttribute("settingValues", form.values());
            model.addAttribute("settingsErrors", fieldCodes(e));
            return page(actor, model);
        }
        redirect.addFlashAttribute("done", "engagement.lifecycle.saved");
        return "redirect:/console/lifecycle";
    }

    @PostMapping("/console/lifecycle/actions")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    String addAction(Actor actor, ActionForm form, Model model, RedirectAttributes redirect) {
        try {
            plans.add(actor.requireOperator(), form.action());
        } catch (InvalidInputException e) {
            model.addAttribute("actionForm", form);
            model.addAttribute("actionErrors", fieldCodes(e));
            return page(actor, model);
        }
        redirect.addFlashAttribute("done", "engagement.lifecycle.actionAdded");
        return "redirect:/console/lifecycle";
    }

    @PostMapping("/console/lifecycle/actions/{id}/enabled")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    String enable(Actor actor, @PathVariable String id, @RequestParam boolean enabled) {
        plans.enable(actor.requireOperator(), Ids.parse(id), enabled);
        return "redirect:/console/lifecycle";
    }

    @PostMapping("/console/lifecycle/run")
    String runNow(Actor actor, RedirectAttributes redirect) {
        LifecycleRun.Result result = run.run(actor.requireOperator());
        redirect.addFlashAttribute("result", result);
        return "redirect:/console/lifecycle";
    }

    private static Map<String, String> fieldCodes(InvalidInputException e) {
        Map<String, String> codes = new LinkedHashMap<>();
        e.errors().forEach(error -> codes.putIfAbsent(error.field(), error.code()));
        return codes;
    }

    @Tag(name = "Lifecycle")
    @RestController
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    static class LifecycleApiController {

        private final LifecyclePlans plans;
        private final LifecycleReports reports;
        private final LifecycleRun run;

        LifecycleApiController(LifecyclePlans plans, LifecycleReports reports, LifecycleRun run) {
            this.plans = plans;
            this.reports = reports;
            this.run = run;
        }

        record ActionView(
                String id,
                String trigger,
                String kind,
                Integer points,
                String couponTemplateId,
                boolean enabled,
                long reached,
                long skipped,
                long failed,
                long converted,
                long conversionPercent) {

            static ActionView of(LifecycleReports.ActionResult result) {
                LifecyclePlans.Action action = result.action();
                return new ActionView(
                        Long.toString(action.id()),
                        action.trigger().name(),
                        action.kind().name(),
                        action.points(),
                        action.couponTemplateId() == null ? null : Long.toString(action.couponTemplateId()),
                        action.enabled(),
                        result.reached(),
                        result.skipped(),
                        result.failed(),
                        result.converted(),
                        result.conversionPercent());
            }
        }

        record Overview(LifecycleSettings settings, Map<LifecycleStage, Long> stages, List<ActionView> actions) {}

        @Operation(summary = "Lifecycle thresholds, members per stage, and each action with its conversion")
        @GetMapping("/api/v1/lifecycle")
        Overview overview(Actor actor) {
            long operatorId = actor.requireOperator();
            return new Overview(
                    plans.settings(operatorId),
                    reports.distribution(operatorId),
                    reports.results(operatorId).stream().map(ActionView::of).toList());
        }

        @Operation(summary = "Change the lifecycle thresholds")
        @PutMapping("/api/v1/lifecycle/settings")
        @PreAuthorize("hasRole('OPERATOR_ADMIN')")
        LifecycleSettings settings(Actor actor, @RequestBody SettingsForm form) {
            return plans.save(actor.requireOperator(), form.settings());
        }

        @Operation(
                summary = "Add an action",
                description = "trigger: NEW, ACTIVE, SILVER, GOLD, DORMANT, CHURN_RISK or BIRTHDAY; kind: POINTS (with"
                        + " points), MESSAGE, or COUPON (with couponTemplateId).")
        @PostMapping("/api/v1/lifecycle/actions")
        @PreAuthorize("hasRole('OPERATOR_ADMIN')")
        @ResponseStatus(HttpStatus.CREATED)
        ActionView add(Actor actor, @RequestBody ActionForm form) {
            LifecyclePlans.Action action = plans.add(actor.requireOperator(), form.action());
            return ActionView.of(new LifecycleReports.ActionResult(action, 0, 0, 0, 0));
        }

        record Enabled(Boolean enabled) {}

        @Operation(summary = "Switch an action on or off (its log stays)")
        @PutMapping("/api/v1/lifecycle/actions/{id}")
        @PreAuthorize("hasRole('OPERATOR_ADMIN')")
        @ResponseStatus(HttpStatus.NO_CONTENT)
        void enable(Actor actor, @PathVariable String id, @RequestBody Enabled body) {
            if (body.enabled() == null) {
                throw new InvalidInputException("enabled", "engagement.lifecycle.required");
            }
            plans.enable(actor.requireOperator(), Ids.parse(id), body.enabled());
        }

        @Operation(summary = "Compute stages now and run the actions due")
        @PostMapping("/api/v1/lifecycle/runs")
        LifecycleRun.Result runNow(Actor actor) {
            return run.run(actor.requireOperator());
        }

        record LogLineView(
                String id,
                String actionId,
                String trigger,
                String kind,
                String memberId,
                String memberName,
                String occasion,
                String status,
                String detail,
                OffsetDateTime performedAt,
                OffsetDateTime convertedAt) {}

        record LogPage(List<LogLineView> items, int page, int size, long total) {}

        @Operation(summary = "Every action run, newest first: whom it reached and whether they converted")
        @GetMapping("/api/v1/lifecycle/log")
        LogPage log(
                Actor actor,
                @RequestParam(required = false) String actionId,
                @RequestParam(defaultValue = "0") int page,
                @RequestParam(defaultValue = "50") int size) {
            if (page < 0) {
                throw new InvalidInputException("page", "engagement.inbox.page");
            }
            if (size < 1 || size > 200) {
                throw new InvalidInputException("size", "engagement.inbox.size");
            }
            Long action = actionId == null || actionId.isBlank() ? null : Ids.parse(actionId);
            LifecycleReports.Log log = reports.log(actor.requireOperator(), action, page * size, size);
            return new LogPage(
                    log.lines().stream()
                            .map(line -> new LogLineView(
                                    Long.toString(line.id()),
                                    Long.toString(line.actionId()),
                                    line.trigger().name(),
                                    line.kind().name(),
                                    Long.toString(line.memberId()),
                                    line.memberName(),
                                    line.occasion(),
                                    line.status(),
                                    line.detail(),
                                    line.performedAt().atOffset(ZoneOffset.UTC),
                                    line.convertedAt() == null
                                            ? null
                                            : line.convertedAt().atOffset(ZoneOffset.UTC)))
                            .toList(),
                    page,
                    size,
                    log.total());
        }

        @Operation(summary = "A member's lifecycle stage and transitions")
        @GetMapping("/api/v1/lifecycle/members/{memberId}")
        LifecycleReports.Standing member(Actor actor, @PathVariable String memberId) {
            return reports.standing(actor.requireOperator(), Ids.parse(memberId));
        }
    }
}
