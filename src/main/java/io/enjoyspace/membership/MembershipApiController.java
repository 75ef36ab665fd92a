package io.enjoyspace.membership;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Membership")
@RestController
class MembershipApiController {

    private final Tiers tiers;
    private final TierEvaluation evaluation;
    private final Allowances allowances;
    private final Members members;
    private final Enterprises enterprises;

    MembershipApiController(
            Tiers tiers, TierEvaluation evaluation, Allowances allowances, Members members, Enterprises enterprises) {
        this.tiers = tiers;
        this.evaluation = evaluation;
        this.allowances = allowances;
        this.members = members;
        this.enterprises = enterprises;
    }

    record TierView(
            String id,
            Audience audience,
            String code,
            String name,
            int rank,
            long threshold,
            int earningMultiplierPercent,
            Integer advanceBookingDays,
            boolean depositFree,
            boolean priorityService,
            long birthdayPoints,
            String birthdayCouponTemplateId) {

        static TierView of(Tier tier) {
            return tier == null
                    ? null
                    : new TierView(
                            Long.toString(tier.id()),
                            tier.audience(),
                            tier.code(),
                            tier.name(),
                            tier.rank(),
                            tier.threshold(),
                            tier.earningMultiplierPercent(),
                            tier.advanceBookingDays(),
                            tier.depositFree(),
                            tier.priorityService(),
                            tier.birthdayPoints(),
                            tier.birthdayCouponTemplateId() == null
                                    ? null
                                    : tier.birthdayCouponTemplateId().toString());
        }
    }

    record TierRequest(
            Audience audience,
            @NotBlank @Size(max = 40) String code,
            @NotBlank @Size(max = 100) String name,
            @NotNull @Min(0) @Max(Tiers.MAX_RANK) Integer rank,
            @NotNull @Min(0) Long threshold,
            @Min(100) @Max(1000) Integer earningMultiplierPercent,
            @Min(1) @Max(365) Integer advanceBookingDays,
            Boolean depositFree,
            Boolean priorityService,
            @Min(0) @Max(1_000_000) Long birthdayPoints,
            @Size(max = 20) String birthdayCouponTemplateId) {

        Tiers.TierDraft draft() {
            return new Tiers.TierDraft(
                    code,
                    name,
                    rank,
                    threshold,
                    earningMultiplierPercent == null ? 100 : earningMultiplierPercent,
                    advanceBookingDays,
                    Boolean.TRUE.equals(depositFree),
                    Boolean.TRUE.equals(priorityService),
                    birthdayPoints == null ? 0 : birthdayPoints,
                    birthdayCouponTemplateId == null || birthdayCouponTemplateId.isBlank()
                            ? null
                            : io.enjoyspace.shared.Ids.parse(birthdayCouponTemplateId));
        }
    }

    record ProgramRequest(
            Audience audience,
            @NotNull Measure measure,
            @NotNull DowngradePolicy downgradePolicy,
            @NotNull @Min(0) @Max(12) Integer graceMonths) {}

    record ChangeView(
            String fromTierCode,
            String toTierCode,
            String reason,
            Long measureValue,
            String detail,
            OffsetDateTime changedAt) {}

    record GrantView(
            String id,
            Audience ownerKind,
            String ownerId,
            AllowanceSource source,
            String planId,
            AllowanceUnit unit,
            List<String> resourceTypes,
            List<String> categoryIds,
            String label,
            long quantity,
            long used,
            long remaining,
            OffsetDateTime validFrom,
            OffsetDateTime validUntil,
            String note) {

        static GrantView of(Allowances.Grant grant) {
            return new GrantView(
                    Long.toString(grant.id()),
                    grant.ownerKind(),
                    Long.toString(grant.ownerId()),
                    grant.source(),
                    grant.planId() == null ? null : grant.planId().toString(),
                    grant.unit(),
                    grant.resourceTypes(),
                    grant.categoryIds().stream().map(String::valueOf).toList(),
                    grant.label(),
                    grant.quantity(),
                    grant.used(),
                    grant.remaining(),
                    grant.validFrom().atOffset(ZoneOffset.UTC),
                    grant.validUntil().atOffset(ZoneOffset.UTC),
                    grant.note());
        }
    }

    record StandingView(
            Audience audience,
            String ownerId,
            TierView tier,
            TierView next,
            Measure measure,
            long value,
            long toNext,
            String month,
            List<ChangeView> history) {

        static StandingView of(TierEvaluation.Standing standing) {
            return new StandingView(
                    standing.audience(),
                    Long.toString(standing.ownerId()),
                    TierView.of(standing.tier()),
                    TierView.of(standing.next()),
                    standing.measure(),
                    standing.value(),
                    standing.toNext(),
                    standing.month().toString(),
                    standing.history().stream()
                            .map(change -> new ChangeView(
                                    change.fromTierCode(),
                                    change.toTierCode(),
                                    change.reason(),
                                    change.measureValue(),
                                    change.detail(),
                                    change.changedAt().atOffset(ZoneOffset.UTC)))
                            .toList());
        }
    }

    record MyMembership(StandingView standing, StandingView enterprise, List<GrantView> allowances) {}

    @Operation(
            summary = "The signed-in member's tier, progress to the next one, its benefits, the company's tier and the"
                    + " allowances the member can draw on now (own first, then the company pool)")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/membership")
    MyMembership me(Actor actor) {
        long operatorId = actor.requireOperator();
        long memberId = actor.requireMember();
        Member member = members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        return new MyMembership(
                StandingView.of(evaluation.standing(operatorId, Audience.MEMBER, memberId)),
                member.enterpriseId() == null
                        ? null
                        : StandingView.of(evaluation.standing(operatorId, Audience.ENTERPRISE, member.enterpriseId())),
                allowances.meters(operatorId, memberId).stream()
                        .map(GrantView::of)
                        .toList());
    }

    @Operation(summary = "The operator's tiers for members (audience=MEMBER, default) or companies, lowest first")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/tiers")
    List<TierView> tiers(Actor actor, @RequestParam(defaultValue = "MEMBER") Audience audience) {
        return tiers.list(actor.requireOperator(), audience).stream()
                .map(TierView::of)
                .toList();
    }

    @Operation(summary = "Add a tier with its benefits (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/tiers")
    ResponseEntity<TierView> createTier(Actor actor, @Valid @RequestBody TierRequest request) {
        Audience audience = request.audience() == null ? Audience.MEMBER : request.audience();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(TierView.of(tiers.create(actor.requireOperator(), audience, request.draft())));
    }

    @Operation(summary = "Change a tier and its benefits (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/tiers/{id}")
    TierView updateTier(Actor actor, @PathVariable String id, @Valid @RequestBody TierRequest request) {
        return TierView.of(tiers.update(actor.requireOperator(), Ids.parse(id), request.draft()));
    }

    @Operation(summary = "How tiers qualify and fall: measure, downgrade policy, grace months")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/tiers/program")
    TierProgram program(Actor actor, @RequestParam(defaultValue = "MEMBER") Audience audience) {
        return tiers.program(actor.requireOperator(), audience);
    }

    @Operation(summary = "Set how tiers qualify and fall (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/tiers/program")
    TierProgram saveProgram(Actor actor, @Valid @RequestBody ProgramRequest request) {
        return tiers.saveProgram(
                actor.requireOperator(),
                request.audience() == null ? Audience.MEMBER : request.audience(),
                request.measure(),
                request.downgradePolicy(),
                request.graceMonths());
    }

    record AssignRequest(
            @NotBlank String tierId,
            @NotBlank @Size(max = 500) String note) {}

    @Operation(summary = "A member's tier, progress and tier history (staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/members/{memberId}/tier")
    StandingView memberTier(Actor actor, @PathVariable String memberId) {
        long operatorId = actor.requireOperator();
        return StandingView.of(
                evaluation.standing(operatorId, Audience.MEMBER, owner(operatorId, Audience.MEMBER, memberId)));
    }

    @Operation(summary = "Put a member on a tier by hand, with a note (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/members/{memberId}/tier")
    StandingView assignMemberTier(
            Actor actor, @PathVariable String memberId, @Valid @RequestBody AssignRequest request) {
        return assign(actor, Audience.MEMBER, memberId, request);
    }

    @Operation(summary = "A company's tier, progress and tier history (staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/enterprises/{enterpriseId}/tier")
    StandingView enterpriseTier(Actor actor, @PathVariable String enterpriseId) {
        long operatorId = actor.requireOperator();
        return StandingView.of(evaluation.standing(
                operatorId, Audience.ENTERPRISE, owner(operatorId, Audience.ENTERPRISE, enterpriseId)));
    }

    @Operation(summary = "Put a company on a tier by hand, with a note (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/enterprises/{enterpriseId}/tier")
    StandingView assignEnterpriseTier(
            Actor actor, @PathVariable String enterpriseId, @Valid @RequestBody AssignRequest request) {
        return assign(actor, Audience.ENTERPRISE, enterpriseId, request);
    }

    private StandingView assign(Actor actor, Audience audience, String ownerId, AssignRequest request) {
        long operatorId = actor.requireOperator();
        long owner = owner(operatorId, audience, ownerId);
        evaluation.assign(operatorId, audience, owner, Ids.parse(request.tierId()), actor.userId(), request.note());
        return StandingView.of(evaluation.standing(operatorId, audience, owner));
    }

    record PlanView(
            String id,
            String name,
            AllowanceUnit unit,
            long quantity,
            List<String> resourceTypes,
            List<String> categoryIds,
            AllowancePeriod period,
            Rollover rollover,
            long rolloverCap,
            String tierId,
            boolean active) {

        static PlanView of(Allowances.Plan plan) {
            return new PlanView(
                    Long.toString(plan.id()),
                    plan.name(),
                    plan.unit(),
                    plan.quantity(),
                    plan.resourceTypes(),
                    plan.categoryIds().stream().map(String::valueOf).toList(),
                    plan.period(),
                    plan.rollover(),
                    plan.rolloverCap(),
                    plan.tierId() == null ? null : plan.tierId().toString(),
                    plan.active());
        }
    }

    record PlanRequest(
            @NotBlank @Size(max = 100) String name,
            @NotNull AllowanceUnit unit,
            @NotNull @Min(1) @Max(Allowances.MAX_QUANTITY) Long quantity,
            @Size(max = 10) List<String> resourceTypes,
            @Size(max = 50) List<String> categoryIds,
            AllowancePeriod period,
            Rollover rollover,
            @Min(0) @Max(Allowances.MAX_QUANTITY) Long rolloverCap,
            String tierId,
            Boolean active) {

        Allowances.PlanDraft draft() {
            return new Allowances.PlanDraft(
                    name,
                    unit,
                    quantity,
                    resourceTypes == null ? List.of() : resourceTypes,
                    ids(categoryIds),
                    period == null ? AllowancePeriod.CALENDAR_MONTH : period,
                    rollover == null ? Rollover.NONE : rollover,
                    rolloverCap == null ? 0 : rolloverCap,
                    tierId == null || tierId.isBlank() ? null : Ids.parse(tierId),
                    active == null || active);
        }
    }

    static List<Long> ids(List<String> ids) {
        return ids == null ? List.of() : ids.stream().map(Ids::parse).toList();
    }

    @Operation(summary = "Allowance plans: units per period for tier holders or subscribers (staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/allowance-plans")
    List<PlanView> plans(Actor actor) {
        return allowances.plans(actor.requireOperator()).stream()
                .map(PlanView::of)
                .toList();
    }

    @Operation(summary = "Add an allowance plan (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/allowance-plans")
    ResponseEntity<PlanView> createPlan(Actor actor, @Valid @RequestBody PlanRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(PlanView.of(allowances.createPlan(actor.requireOperator(), request.draft())));
    }

    @Operation(summary = "Change an allowance plan; periods already granted keep their grants (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/allowance-plans/{id}")
    PlanView updatePlan(Actor actor, @PathVariable String id, @Valid @RequestBody PlanRequest request) {
        return PlanView.of(allowances.updatePlan(actor.requireOperator(), Ids.parse(id), request.draft()));
    }

    record SubscriberRequest(
            @NotNull Audience ownerKind, @NotBlank String ownerId) {}

    @Operation(summary = "Give a plan without a tier to a member or a company (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/allowance-plans/{id}/subscribers")
    ResponseEntity<Void> subscribe(
            Actor actor, @PathVariable String id, @Valid @RequestBody SubscriberRequest request) {
        allowances.subscribe(actor.requireOperator(), Ids.parse(id), request.ownerKind(), Ids.parse(request.ownerId()));
        return ResponseEntity.noContent().build();
    }

    record GrantRequest(
            @NotNull AllowanceSource source,
            @NotNull AllowanceUnit unit,
            @NotNull @Min(1) @Max(Allowances.MAX_QUANTITY) Long quantity,
            @Size(max = 10) List<String> resourceTypes,
            @Size(max = 50) List<String> categoryIds,
            @Size(max = 100) String label,
            OffsetDateTime validFrom,
            @NotNull OffsetDateTime validUntil,
            @Size(max = 500) String note) {

        Allowances.GrantCommand command() {
            return new Allowances.GrantCommand(
                    source,
                    unit,
                    quantity,
                    resourceTypes == null ? List.of() : resourceTypes,
                    ids(categoryIds),
                    label,
                    validFrom == null ? null : validFrom.toInstant(),
                    validUntil.toInstant(),
                    note);
        }
    }

    @Operation(summary = "A member's allowance grants (current=true: valid now only; staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/members/{memberId}/allowances")
    List<GrantView> memberAllowances(
            Actor actor, @PathVariable String memberId, @RequestParam(defaultValue = "false") boolean current) {
        return grants(actor, Audience.MEMBER, memberId, current);
    }

    @Operation(summary = "Grant a member purchased, manual or promotional units (staff; Idempotency-Key)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/members/{memberId}/allowances")
    ResponseEntity<GrantView> grantMember(
            Actor actor,
            @PathVariable String memberId,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody GrantRequest request) {
        return grant(actor, Audience.MEMBER, memberId, idempotencyKey, request);
    }

    @Operation(summary = "A company pool's allowance grants (current=true: valid now only; staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/enterprises/{enterpriseId}/allowances")
    List<GrantView> enterpriseAllowances(
            Actor actor, @PathVariable String enterpriseId, @RequestParam(defaultValue = "false") boolean current) {
        return grants(actor, Audience.ENTERPRISE, enterpriseId, current);
    }

    @Operation(summary = "Grant a company pool units its employees draw on after their own (staff; Idempotency-Key)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/enterprises/{enterpriseId}/allowances")
    ResponseEntity<GrantView> grantEnterprise(
            Actor actor,
            @PathVariable String enterpriseId,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody GrantRequest request) {
        return grant(actor, Audience.ENTERPRISE, enterpriseId, idempotencyKey, request);
    }

    private List<GrantView> grants(Actor actor, Audience audience, String ownerId, boolean current) {
        long operatorId = actor.requireOperator();
        return allowances.grants(operatorId, audience, owner(operatorId, audience, ownerId), current).stream()
                .map(GrantView::of)
                .toList();
    }

    private ResponseEntity<GrantView> grant(
            Actor actor, Audience audience, String ownerId, String idempotencyKey, GrantRequest request) {
        long operatorId = actor.requireOperator();
        Allowances.Grant grant = allowances.grant(
                operatorId,
                audience,
                owner(operatorId, audience, ownerId),
                request.command(),
                new IdempotencyKey(idempotencyKey),
                actor.userId());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(grant.replayed()))
                .body(GrantView.of(grant));
    }

    /** The id of a member or company of the operator; anything else is not found. */
    private long owner(long operatorId, Audience audience, String id) {
        long parsed = Ids.parse(id);
        boolean exists = audience == Audience.MEMBER
                ? members.find(operatorId, parsed).isPresent()
                : enterprises.find(operatorId, parsed).isPresent();
        if (!exists) {
            throw new NotFoundException();
        }
        return parsed;
    }
}
