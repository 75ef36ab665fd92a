package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An enterprise admin's company pool: its balance, what each employee got, and handing points out. */
@Tag(name = "Enterprise points")
@RestController
@RequestMapping("/api/v1/enterprise/points")
@PreAuthorize("hasRole('ENTERPRISE_ADMIN')")
class EnterprisePointsApiController {

    private final PointsLedger ledger;
    private final PointsAllocations allocations;
    private final PointsDirectory directory;
    private final PointsAllocationPlans plans;
    private final AllocationBatcher batcher;

    EnterprisePointsApiController(
            PointsLedger ledger,
            PointsAllocations allocations,
            PointsDirectory directory,
            PointsAllocationPlans plans,
            AllocationBatcher batcher) {
        this.batcher = batcher;
        this.ledger = ledger;
        this.allocations = allocations;
        this.directory = directory;
        this.plans = plans;
    }

    record PlanRequest(
            @jakarta.validation.constraints.NotBlank @Size(max = 20)
            String memberId,

            @NotNull @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(1_000_000_000)
            Long pointsPerMonth,

            @NotNull Boolean active) {}

    record PlanView(
            String id, String memberId, long pointsPerMonth, boolean active, String lastMonth, String lastError) {
        static PlanView of(PointsAllocationPlans.Plan plan) {
            return new PlanView(
                    Long.toString(plan.id()),
                    Long.toString(plan.memberId()),
                    plan.pointsPerMonth(),
                    plan.active(),
                    plan.lastMonth(),
                    plan.lastError());
        }
    }

    @Operation(summary = "The company's monthly allowances")
    @GetMapping("/plans")
    List<PlanView> plans(Actor actor) {
        return plans.plans(actor.requireOperator(), actor.enterpriseId()).stream()
                .map(PlanView::of)
                .toList();
    }

    @Operation(summary = "Give an employee N points from the pool at the start of every month (or stop it)")
    @org.springframework.web.bind.annotation.PutMapping("/plans")
    PlanView savePlan(Actor actor, @Valid @RequestBody PlanRequest request) {
        long memberId;
        try {
            memberId = Ids.parse(request.memberId());
        } catch (NotFoundException e) {
            throw new InvalidInputException("memberId", "points.notAnEmployee");
        }
        return PlanView.of(plans.save(
                actor.requireOperator(), actor.enterpriseId(), memberId, request.pointsPerMonth(), request.active()));
    }

    record EmployeeUsage(String memberId, long allocated, long balance) {}

    record Pool(String enterpriseId, long balance, List<EmployeeUsage> employees) {}

    record GrantRequest(
            @NotNull @Size(max = 20) String memberId,
            @NotNull Long points) {}

    record AllocationRequest(
            @NotEmpty @Size(max = PointsAllocations.MAX_GRANTS)
            List<@Valid @NotNull GrantRequest> grants) {}

    record AllocationResponse(String transactionId, long points, int employees, long poolBalance) {}

    @Operation(summary = "The company pool's balance and each employee's allocations")
    @GetMapping
    Pool pool(Actor actor) {
        long operatorId = actor.requireOperator();
        long enterpriseId = actor.enterpriseId();
        return new Pool(
                Long.toString(enterpriseId),
                ledger.balance(operatorId, Account.enterprise(enterpriseId)),
                allocations.usage(operatorId, enterpriseId).stream()
                        .map(usage ->
                                new EmployeeUsage(Long.toString(usage.memberId()), usage.allocated(), usage.balance()))
                        .toList());
    }

    @Operation(summary = "Give points from the pool to employees, all or none (Idempotency-Key required)")
    @PostMapping("/allocations")
    @ResponseStatus(HttpStatus.CREATED)
    AllocationResponse allocate(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody AllocationRequest request) {
        List<PointsAllocations.Grant> grants = new ArrayList<>();
        for (int i = 0; i < request.grants().size(); i++) {
            GrantRequest grant = request.grants().get(i);
            try {
                grants.add(new PointsAllocations.Grant(Ids.parse(grant.memberId()), grant.points()));
            } catch (NotFoundException e) {
                throw new InvalidInputException("grants[" + i + "].memberId", "points.notAnEmployee");
            }
        }
        return allocate(actor, idempotencyKey, grants);
    }

    @Operation(summary = "Give points from the pool to employees listed in a CSV of mobile,points lines")
    @PostMapping(
            path = "/allocations.csv",
            consumes = {"text/csv", "text/plain"})
    @ResponseStatus(HttpStatus.CREATED)
    AllocationResponse allocateCsv(
            Actor actor, @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey, @RequestBody String csv) {
        return allocate(actor, idempotencyKey, AllocationCsv.parse(csv, actor.requireOperator(), directory));
    }

    private AllocationResponse allocate(Actor actor, String idempotencyKey, List<PointsAllocations.Grant> grants) {
        long operatorId = actor.requireOperator();
        long enterpriseId = actor.enterpriseId();
        AllocationBatcher.Allocated allocated = batcher.allocate(
                operatorId, enterpriseId, new IdempotencyKey(idempotencyKey).value(), grants, actor.userId());
        return new AllocationResponse(
                Long.toString(allocated.transaction().id()),
                grants.stream().mapToLong(PointsAllocations.Grant::points).sum(),
                grants.size(),
                allocated.poolBalance());
    }
}
