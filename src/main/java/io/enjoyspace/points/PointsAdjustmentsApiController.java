package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points")
@RestController
@RequestMapping("/api/v1/points/adjustments")
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class PointsAdjustmentsApiController {

    private final PointsAdjustments adjustments;

    PointsAdjustmentsApiController(PointsAdjustments adjustments) {
        this.adjustments = adjustments;
    }

    /** Names a member, or an enterprise to fund its points pool. */
    record AdjustmentRequest(
            @Size(max = 20) String memberId,
            @Size(max = 20) String enterpriseId,

            @NotNull @Min(-1_000_000_000) @Max(1_000_000_000)
            Long points,

            @NotBlank @Size(min = 3, max = 500) String reason) {}

    record AdjustmentView(
            String id,
            String memberId,
            String enterpriseId,
            long points,
            String reason,
            Adjustment.Status status,
            String requestedBy,
            String decidedBy,
            String transactionId,
            OffsetDateTime createdAt) {
        static AdjustmentView of(Adjustment adjustment) {
            return new AdjustmentView(
                    Long.toString(adjustment.id()),
                    adjustment.account().type() == AccountType.MEMBER
                            ? Long.toString(adjustment.account().ownerId())
                            : null,
                    adjustment.account().type() == AccountType.ENTERPRISE
                            ? Long.toString(adjustment.account().ownerId())
                            : null,
                    adjustment.points(),
                    adjustment.reason(),
                    adjustment.status(),
                    Long.toString(adjustment.requestedBy()),
                    adjustment.decidedBy() == null
                            ? null
                            : adjustment.decidedBy().toString(),
                    adjustment.transactionId() == null
                            ? null
                            : adjustment.transactionId().toString(),
                    adjustment.createdAt().atOffset(ZoneOffset.UTC));
        }
    }

    @Operation(
            summary = "Adjust a member's points with a reason; above the role's limit it waits for an admin's approval")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AdjustmentView request(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody AdjustmentRequest request) {
        boolean forMember = request.memberId() != null && !request.memberId().isBlank();
        boolean forEnterprise =
                request.enterpriseId() != null && !request.enterpriseId().isBlank();
        if (forMember == forEnterprise) {
            throw new InvalidInputException("memberId", "points.adjustmentTarget");
        }
        String field = forMember ? "memberId" : "enterpriseId";
        long ownerId;
        try {
            ownerId = Ids.parse(forMember ? request.memberId() : request.enterpriseId());
        } catch (NotFoundException e) {
            throw new InvalidInputException(field, "points.unknownRecipient");
        }
        return AdjustmentView.of(adjustments.request(
                actor,
                new PointsAdjustments.Request(
                        forMember ? Account.member(ownerId) : Account.enterprise(ownerId),
                        request.points(),
                        request.reason(),
                        new IdempotencyKey(idempotencyKey).value())));
    }

    @Operation(summary = "Adjustments, newest first, optionally of one status")
    @GetMapping
    List<AdjustmentView> list(Actor actor, @RequestParam(required = false) Adjustment.Status status) {
        return adjustments.list(actor.requireOperator(), status, 200).stream()
                .map(AdjustmentView::of)
                .toList();
    }

    @Operation(summary = "Approve a pending adjustment (an operator admin other than the requester)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/{id}/approve")
    AdjustmentView approve(Actor actor, @PathVariable String id) {
        return AdjustmentView.of(adjustments.approve(actor, Ids.parse(id)));
    }

    @Operation(summary = "Reject a pending adjustment (an operator admin other than the requester)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/{id}/reject")
    AdjustmentView reject(Actor actor, @PathVariable String id) {
        return AdjustmentView.of(adjustments.reject(actor, Ids.parse(id)));
    }
}
