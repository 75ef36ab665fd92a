package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points rules")
@RestController
@RequestMapping("/api/v1/points-rules")
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class RuleApiController {

    private final EarningRules rules;

    RuleApiController(EarningRules rules) {
        this.rules = rules;
    }

    record RuleView(
            String id,
            String name,
            String eventType,
            int pointsAwarded,
            long perAmountMinor,
            boolean active,
            ExpiryPolicy.Kind expiryKind,
            int expiryCount,
            int pendingDays) {
        static RuleView of(EarningRule rule) {
            return new RuleView(
                    Long.toString(rule.id()),
                    rule.name(),
                    rule.eventType(),
                    rule.pointsAwarded(),
                    rule.perAmountMinor(),
                    rule.active(),
                    rule.expiry().kind(),
                    rule.expiry().count(),
                    rule.pendingDays());
        }
    }

    record RuleRequest(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Min(1) @Max(100_000) Integer pointsAwarded,
            @NotNull @Min(1) @Max(100_000_000) Long perAmountMinor,
            @NotNull Boolean active,
            ExpiryPolicy.Kind expiryKind,
            @Min(0) @Max(3650) Integer expiryCount,
            @Min(0) @Max(365) Integer pendingDays) {

        EarningRules.RuleSettings settings() {
            return new EarningRules.RuleSettings(
                    name,
                    pointsAwarded,
                    perAmountMinor,
                    active,
                    expiry(expiryKind, expiryCount),
                    pendingDays == null ? 0 : pendingDays);
        }
    }

    /** The rule's expiry, or a 400 naming {@code expiryCount} when the combination makes no sense. */
    static ExpiryPolicy expiry(ExpiryPolicy.Kind kind, Integer count) {
        try {
            return new ExpiryPolicy(kind == null ? ExpiryPolicy.Kind.NEVER : kind, count == null ? 0 : count);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("expiryCount", "rules.expiryCountInvalid");
        }
    }

    @Operation(summary = "The operator's earning rules")
    @GetMapping
    List<RuleView> list(Actor actor) {
        return rules.list(actor.requireOperator()).stream().map(RuleView::of).toList();
    }

    @Operation(summary = "One earning rule")
    @GetMapping("/{id}")
    RuleView get(Actor actor, @PathVariable String id) {
        return RuleView.of(rules.get(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(
            summary = "Create a rule awarding points when an order is completed (operator admin)",
            description = "expiryKind: NEVER (default), DAYS_AFTER_EARNING (expiryCount days), END_OF_MONTH"
                    + " (expiryCount months after earning; 0 = this month), END_OF_YEAR (0 = this year)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RuleView create(Actor actor, @Valid @RequestBody RuleRequest request) {
        return RuleView.of(rules.create(actor.requireOperator(), EarningRule.ORDER_COMPLETED, request.settings()));
    }

    @Operation(summary = "Change a rule (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/{id}")
    RuleView update(Actor actor, @PathVariable String id, @Valid @RequestBody RuleRequest request) {
        return RuleView.of(rules.update(actor.requireOperator(), Ids.parse(id), request.settings()));
    }
}
