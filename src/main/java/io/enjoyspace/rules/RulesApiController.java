package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Rounding;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(name = "Rules")
@RestController
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class RulesApiController {

    private final Rules rules;
    private final RuleConditions conditions;
    private final EventIntake intake;
    private final EventTypes eventTypes;
    private final java.time.Clock clock;

    RulesApiController(
            Rules rules, RuleConditions conditions, EventIntake intake, EventTypes eventTypes, java.time.Clock clock) {
        this.rules = rules;
        this.conditions = conditions;
        this.intake = intake;
        this.eventTypes = eventTypes;
        this.clock = clock;
    }

    record RuleRequest(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Size(max = 100) String eventType,
            @Size(max = 2000) String condition,
            @NotNull Action action,
            Integer points,
            BigDecimal rate,
            @Size(max = 40) String amountAttribute,
            Rounding rounding,
            Limits limits,
            OffsetDateTime validFrom,
            OffsetDateTime validUntil,
            Integer priority,
            Boolean stopAfter,
            ExpiryPolicy.Kind expiryKind,
            Integer expiryCount,
            Integer pendingDays,
            @Size(max = 20) String campaignId,
            Rule.Status status,
            @Size(max = 20) String couponTemplateId) {

        RuleDefinition definition() {
            return new RuleDefinition(
                    name,
                    eventType,
                    condition,
                    action,
                    points,
                    rate,
                    amountAttribute,
                    rounding,
                    limits,
                    validFrom == null ? null : validFrom.toInstant(),
                    validUntil == null ? null : validUntil.toInstant(),
                    priority == null ? 100 : priority,
                    Boolean.TRUE.equals(stopAfter),
                    expiry(expiryKind, expiryCount),
                    pendingDays == null ? 0 : pendingDays,
                    campaignId == null || campaignId.isBlank() ? null : Ids.parse(campaignId),
                    couponTemplateId == null || couponTemplateId.isBlank() ? null : Ids.parse(couponTemplateId));
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

    record RuleView(
            String id,
            int version,
            Rule.Status status,
            String name,
            String eventType,
            String condition,
            Action action,
            Integer points,
            BigDecimal rate,
            String amountAttribute,
            Rounding rounding,
            Limits limits,
            OffsetDateTime validFrom,
            OffsetDateTime validUntil,
            int priority,
            boolean stopAfter,
            ExpiryPolicy.Kind expiryKind,
            int expiryCount,
            int pendingDays,
            String campaignId,
            String couponTemplateId,
            OffsetDateTime updatedAt) {

        static RuleView of(Rule rule) {
            return of(Long.toString(rule.id()), rule.version(), rule.status(), rule.definition(), rule.updatedAt());
        }

        static RuleView of(String id, int version, Rule.Status status, RuleDefinition d, Instant at) {
            return new RuleView(
                    id,
                    version,
                    status,
                    d.name(),
                    d.eventType(),
                    d.condition(),
                    d.action(),
                    d.points(),
                    d.rate() == null ? null : d.rate().stripTrailingZeros(),
                    d.amountAttribute(),
                    d.rounding(),
                    d.limits(),
                    utc(d.validFrom()),
                    utc(d.validUntil()),
                    d.priority(),
                    d.stopAfter(),
                    d.expiry().kind(),
                    d.expiry().count(),
                    d.pendingDays(),
                    d.campaignId() == null ? null : d.campaignId().toString(),
                    d.couponTemplateId() == null ? null : d.couponTemplateId().toString(),
                    utc(at));
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    record VersionView(int version, RuleView rule, String createdBy, OffsetDateTime createdAt) {}

    @Operation(summary = "The operator's rules, by event type and priority; archived ones only when asked")
    @GetMapping("/api/v1/rules")
    List<RuleView> list(Actor actor, @RequestParam(defaultValue = "false") boolean archived) {
        return rules.list(actor.requireOperator(), archived).stream()
                .map(RuleView::of)
                .toList();
    }

    @Operation(summary = "One rule, at its current version")
    @GetMapping("/api/v1/rules/{id}")
    RuleView get(Actor actor, @PathVariable String id) {
        return RuleView.of(rules.get(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Every version of a rule, newest first")
    @GetMapping("/api/v1/rules/{id}/versions")
    List<VersionView> versions(Actor actor, @PathVariable String id) {
        long ruleId = Ids.parse(id);
        Rule rule = rules.get(actor.requireOperator(), ruleId);
        return rules.versions(actor.requireOperator(), ruleId).stream()
                .map(version -> new VersionView(
                        version.version(),
                        RuleView.of(id, version.version(), rule.status(), version.definition(), version.createdAt()),
                        version.createdByUserId() == null
                                ? null
                                : version.createdByUserId().toString(),
                        utc(version.createdAt())))
                .toList();
    }

    @Operation(
            summary = "Create a rule (operator admin)",
            description = "action FIXED awards points; PER_YUAN awards rate points per yuan of the attribute"
                    + " amountAttribute (default amount), rounded DOWN, HALF_UP or UP; MULTIPLIER adds (rate - 1) times"
                    + " what the other matching rules awarded; COUPON grants one coupon of couponTemplateId. condition is CEL over type, occurredAt, attributes,"
                    + " member, enterprise and site; a bad condition is refused with its line and column.")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/rules")
    @ResponseStatus(HttpStatus.CREATED)
    RuleView create(Actor actor, @Valid @RequestBody RuleRequest request) {
        return RuleView.of(rules.create(
                actor.requireOperator(),
                request.definition(),
                request.status() == null ? Rule.Status.ACTIVE : request.status(),
                actor.userId()));
    }

    @Operation(summary = "Change a rule: saves a new version and makes it current (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/rules/{id}")
    RuleView update(Actor actor, @PathVariable String id, @Valid @RequestBody RuleRequest request) {
        return RuleView.of(rules.update(
                actor.requireOperator(), Ids.parse(id), request.definition(), request.status(), actor.userId()));
    }

    @Operation(summary = "Archive a rule: it stops awarding and leaves the list; its awards and versions stay")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @DeleteMapping("/api/v1/rules/{id}")
    RuleView archive(Actor actor, @PathVariable String id) {
        return RuleView.of(rules.setStatus(actor.requireOperator(), Ids.parse(id), Rule.Status.ARCHIVED));
    }

    record ConditionRequest(@Size(max = 2000) String condition) {}

    record ConditionCheck(boolean valid, List<RuleConditions.Problem> problems) {}

    @Operation(summary = "Check a CEL condition without saving anything; problems give line and column (1-based)")
    @PostMapping("/api/v1/rules/check-condition")
    ConditionCheck check(@Valid @RequestBody ConditionRequest request) {
        List<RuleConditions.Problem> problems = conditions.check(request.condition());
        return new ConditionCheck(problems.isEmpty(), problems);
    }

    record SimulationRequest(
            @NotBlank @Size(max = 100) String type,
            @NotBlank @Size(max = 20) String memberId,
            OffsetDateTime occurredAt,
            JsonNode attributes,
            @Size(max = 20) String ruleId,
            @Valid RuleRequest rule) {}

    record VerdictView(
            String ruleId,
            int version,
            String name,
            RuleEngine.Outcome outcome,
            long computed,
            long points,
            String limit,
            String detail) {}

    record SimulationView(
            String type, String memberId, OffsetDateTime occurredAt, long points, List<VerdictView> rules) {}

    @Operation(
            summary = "What an event would earn now, and each rule's verdict (why not more); writes nothing",
            description = "rule: an unsaved draft to evaluate in place of the rule ruleId (or beside the others)")
    @PostMapping("/api/v1/rules/simulate")
    SimulationView simulate(Actor actor, @Valid @RequestBody SimulationRequest request) {
        long operatorId = actor.requireOperator();
        Rule draft = null;
        if (request.rule() != null) {
            RuleDefinition definition = request.rule().definition();
            rules.validate(operatorId, definition);
            long draftId = 0;
            int version = 0;
            if (request.ruleId() != null && !request.ruleId().isBlank()) {
                Rule saved = rules.get(operatorId, Ids.parse(request.ruleId()));
                draftId = saved.id();
                version = saved.version() + 1;
            }
            draft = new Rule(draftId, operatorId, Rule.Status.ACTIVE, version, definition, clock.instant());
        }
        Instant at = request.occurredAt() == null
                ? clock.instant()
                : request.occurredAt().toInstant();
        EventIntake.Simulation simulation = intake.simulate(
                operatorId,
                new EventIntake.EventCommand(
                        "simulation", request.type(), Ids.parse(request.memberId()), at, request.attributes()),
                draft);
        return new SimulationView(
                simulation.type(),
                request.memberId(),
                utc(simulation.occurredAt()),
                simulation.points(),
                simulation.verdicts().stream()
                        .map(verdict -> new VerdictView(
                                verdict.rule().id() == 0
                                        ? null
                                        : Long.toString(verdict.rule().id()),
                                verdict.rule().version(),
                                verdict.rule().name(),
                                verdict.outcome(),
                                verdict.computed(),
                                verdict.points(),
                                verdict.limit(),
                                verdict.detail()))
                        .toList());
    }

    @Operation(summary = "The event types rules can listen to: built-in and the operator's own")
    @GetMapping("/api/v1/event-types")
    List<EventTypes.EventType> eventTypes(Actor actor) {
        return eventTypes.list(actor.requireOperator());
    }

    record EventTypeRequest(
            @NotBlank @Size(max = 100) String code,
            @NotBlank @Size(max = 100) String name) {}

    @Operation(summary = "Add a custom event type, such as fitness.class_booked (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/event-types")
    @ResponseStatus(HttpStatus.CREATED)
    EventTypes.EventType addEventType(Actor actor, @Valid @RequestBody EventTypeRequest request) {
        EventTypes.EventType added = eventTypes.add(actor.requireOperator(), request.code(), request.name());
        rules.invalidate(actor.requireOperator());
        return added;
    }
}
