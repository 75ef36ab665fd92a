package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The console's points rules: “award N points per M yuan paid when an order is completed”. */
@Controller
class RulePages {

    private final EarningRules rules;

    RulePages(EarningRules rules) {
        this.rules = rules;
    }

    record RuleForm(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Min(1) @Max(100_000) Integer pointsAwarded,

            @NotNull @DecimalMin("0.01") @DecimalMax("1000000.00") @Digits(integer = 7, fraction = 2)
            BigDecimal perYuan,

            boolean active,
            @NotNull ExpiryPolicy.Kind expiryKind,
            @NotNull @Min(0) @Max(3650) Integer expiryCount,
            @NotNull @Min(0) @Max(365) Integer pendingDays) {

        EarningRules.RuleSettings settings() {
            return new EarningRules.RuleSettings(
                    name,
                    pointsAwarded,
                    perYuan.movePointRight(2).longValueExact(),
                    active,
                    RuleApiController.expiry(expiryKind, expiryCount),
                    pendingDays);
        }

        static RuleForm of(EarningRule rule) {
            return new RuleForm(
                    rule.name(),
                    rule.pointsAwarded(),
                    BigDecimal.valueOf(rule.perAmountMinor(), 2),
                    rule.active(),
                    rule.expiry().kind(),
                    rule.expiry().count(),
                    rule.pendingDays());
        }
    }

    @ModelAttribute("expiryKinds")
    ExpiryPolicy.Kind[] expiryKinds() {
        return ExpiryPolicy.Kind.values();
    }

    @GetMapping("/console/rules")
    String list(Actor actor, Model model) {
        model.addAttribute("form", new RuleForm("", 1, BigDecimal.ONE, true, ExpiryPolicy.Kind.END_OF_YEAR, 1, 0));
        return page(actor, model);
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/rules")
    String create(Actor actor, @Valid @ModelAttribute("form") RuleForm form, BindingResult errors, Model model) {
        if (!errors.hasErrors()) {
            try {
                rules.create(actor.requireOperator(), EarningRule.ORDER_COMPLETED, form.settings());
                return "redirect:/console/rules";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                errors.rejectValue("expiryCount", "rules.expiryCountInvalid");
            }
        }
        return page(actor, model);
    }

    @GetMapping("/console/rules/{id}")
    String edit(Actor actor, @PathVariable String id, Model model) {
        EarningRule rule = rules.get(actor.requireOperator(), Ids.parse(id));
        model.addAttribute("rule", rule);
        model.addAttribute("form", RuleForm.of(rule));
        return "rules/console-rule";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/rules/{id}")
    String update(
            Actor actor,
            @PathVariable String id,
            @Valid @ModelAttribute("form") RuleForm form,
            BindingResult errors,
            Model model) {
        EarningRule rule = rules.get(actor.requireOperator(), Ids.parse(id));
        if (!errors.hasErrors()) {
            try {
                rules.update(actor.requireOperator(), rule.id(), form.settings());
                return "redirect:/console/rules";
            } catch (ConflictException e) {
                errors.rejectValue("name", e.code());
            } catch (InvalidInputException e) {
                errors.rejectValue("expiryCount", "rules.expiryCountInvalid");
            }
        }
        model.addAttribute("rule", rule);
        return "rules/console-rule";
    }

    private String page(Actor actor, Model model) {
        model.addAttribute("rules", rules.list(actor.requireOperator()));
        return "rules/console-rules";
    }
}
