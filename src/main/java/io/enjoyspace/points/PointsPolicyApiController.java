package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points")
@RestController
@RequestMapping("/api/v1/points/policy")
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class PointsPolicyApiController {

    private final PointsPolicies policies;

    PointsPolicyApiController(PointsPolicies policies) {
        this.policies = policies;
    }

    record PolicyRequest(
            @NotNull Boolean transfersEnabled,
            @NotNull @Min(1) @Max(1_000_000_000) Long transferMaxPoints,
            @NotNull @Min(1) @Max(1_000_000_000) Long transferDailyMaxPoints,
            PointsPolicy.ReversalPolicy reversalPolicy,
            @Min(0) @Max(1_000_000_000) Long adjustmentLimitStaff,
            @Min(0) @Max(1_000_000_000) Long adjustmentLimitAdmin) {}

    @Operation(summary = "The operator's points policy")
    @GetMapping
    PointsPolicy get(Actor actor) {
        return policies.of(actor.requireOperator());
    }

    @Operation(summary = "Change the points policy (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping
    PointsPolicy put(Actor actor, @Valid @RequestBody PolicyRequest request) {
        return policies.save(
                actor.requireOperator(),
                new PointsPolicy(
                        request.transfersEnabled(),
                        request.transferMaxPoints(),
                        request.transferDailyMaxPoints(),
                        request.reversalPolicy() == null
                                ? PointsPolicy.ReversalPolicy.CLAW_BACK_AVAILABLE
                                : request.reversalPolicy(),
                        request.adjustmentLimitStaff() == null ? 500 : request.adjustmentLimitStaff(),
                        request.adjustmentLimitAdmin() == null ? 5000 : request.adjustmentLimitAdmin()));
    }
}
