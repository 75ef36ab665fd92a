package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Redemptions by the operator's own systems: a front desk, a point of sale, a rent-deduction run. Points leave the
 * member's account, earliest-expiring lots first, into the operator's redeemed account; never below zero.
 */
@Tag(name = "Points")
@RestController
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class PointsRedemptionsApiController {

    private final RedemptionBatcher batcher;
    private final PointsDirectory directory;

    PointsRedemptionsApiController(RedemptionBatcher batcher, PointsDirectory directory) {
        this.batcher = batcher;
        this.directory = directory;
    }

    record RedemptionRequest(
            @NotBlank @Size(max = 20) String memberId,
            @NotNull @Min(1) @Max(100_000_000) Long points,
            @Pattern(regexp = "^[A-Z][A-Z0-9_]{1,39}$") String reasonCode,
            @Size(max = 40) String referenceType,
            @Size(max = 100) String referenceId,
            @Size(max = 200) String memo) {}

    record RedemptionView(String transactionId, String memberId, long points, long balance, boolean replayed) {}

    @Operation(
            summary = "Redeem a member's points (Idempotency-Key required): 201, or 200 with the first result when"
                    + " replayed; 409 when the member has too few points")
    @PostMapping("/api/v1/points/redemptions")
    ResponseEntity<RedemptionView> redeem(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody RedemptionRequest request) {
        long operatorId = actor.requireOperator();
        long memberId = Ids.parse(request.memberId());
        if (!directory.hasMember(operatorId, memberId)) {
            throw new NotFoundException();
        }
        RedemptionBatcher.Redeemed redeemed = batcher.redeem(new PostTransaction(
                operatorId,
                "redemption:" + new IdempotencyKey(idempotencyKey).value(),
                request.reasonCode() == null ? "REDEMPTION" : request.reasonCode(),
                request.referenceType(),
                request.referenceId(),
                request.memo(),
                actor.userId(),
                List.of(
                        new Posting(Account.member(memberId), -request.points()),
                        new Posting(Account.system(AccountType.REDEEMED), request.points()))));
        PointsTransaction posted = redeemed.transaction();
        return ResponseEntity.status(posted.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new RedemptionView(
                        Long.toString(posted.id()),
                        request.memberId(),
                        request.points(),
                        redeemed.balance(),
                        posted.replayed()));
    }
}
