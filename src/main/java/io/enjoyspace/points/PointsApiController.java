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
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points")
@RestController
@RequestMapping("/api/v1/me/points")
class PointsApiController {

    private final PointsLedger ledger;
    private final PointsTransfers transfers;
    private final PointsHolds holds;
    private final java.time.Clock clock;

    PointsApiController(PointsLedger ledger, PointsTransfers transfers, PointsHolds holds, java.time.Clock clock) {
        this.ledger = ledger;
        this.transfers = transfers;
        this.holds = holds;
        this.clock = clock;
    }

    record TransferRequest(
            @NotBlank @Size(max = 20) String toMemberId,
            @NotNull @Min(1) @Max(1_000_000_000) Long points) {}

    record TransferResponse(String transactionId, String toMemberId, long points, long balance) {}

    @Operation(summary = "Give points to another member of the same operator (Idempotency-Key required)")
    @PreAuthorize("hasRole('MEMBER')")
    @PostMapping("/transfers")
    ResponseEntity<TransferResponse> transfer(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody TransferRequest request) {
        long operatorId = actor.requireOperator();
        long to;
        try {
            to = Ids.parse(request.toMemberId());
        } catch (NotFoundException e) {
            throw new InvalidInputException("toMemberId", "points.unknownRecipient");
        }
        PointsTransaction posted = transfers.transfer(new PointsTransfers.Transfer(
                operatorId, actor.requireMember(), to, request.points(), new IdempotencyKey(idempotencyKey).value()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(posted.replayed()))
                .body(new TransferResponse(
                        Long.toString(posted.id()),
                        Long.toString(to),
                        request.points(),
                        ledger.balance(operatorId, Account.member(actor.requireMember()))));
    }

    static final int EXPIRY_NOTICE_DAYS = 30;

    record Expiring(long points, OffsetDateTime expiresAt) {}

    /**
     * {@code balance} can be spent now; {@code pending} was earned and becomes usable later; {@code held} is reserved
     * by pending orders or redemptions.
     */
    record Balance(
            String accountType, long balance, long pending, long held, long expiringSoon, List<Expiring> expiring) {}

    record Lot(String id, long points, long remaining, OffsetDateTime earnedAt, OffsetDateTime expiresAt) {}

    record Reference(String type, String id) {}

    record Line(
            String transactionId,
            long points,
            String reasonCode,
            Reference reference,
            String memo,
            OffsetDateTime occurredAt) {}

    record LinePage(List<Line> items, int page, int size) {}

    /** A member's own account; for an enterprise admin, the company pool. */
    static Account accountOf(Actor actor) {
        if (actor.isMember()) {
            return Account.member(actor.requireMember());
        }
        if (actor.isEnterpriseAdmin() && actor.enterpriseId() != null) {
            return Account.enterprise(actor.enterpriseId());
        }
        throw new NotFoundException();
    }

    @Operation(
            summary = "The signed-in member's points balance and what expires within 30 days"
                    + " (an enterprise admin's: the company pool)")
    @GetMapping
    Balance balance(Actor actor) {
        Account account = accountOf(actor);
        long operatorId = actor.requireOperator();
        List<Expiring> expiring = ledger
                .expiringBefore(
                        operatorId, account, clock.instant().plus(java.time.Duration.ofDays(EXPIRY_NOTICE_DAYS)))
                .stream()
                .map(points -> new Expiring(points.points(), points.expiresAt().atOffset(ZoneOffset.UTC)))
                .toList();
        return new Balance(
                account.type().name(),
                ledger.balance(operatorId, account),
                account.type() == AccountType.MEMBER
                        ? ledger.balance(operatorId, Account.pending(account.ownerId()))
                        : 0,
                holds.pending(operatorId, account).stream()
                        .mapToLong(Hold::points)
                        .sum(),
                expiring.stream().mapToLong(Expiring::points).sum(),
                expiring);
    }

    @Operation(summary = "The account's open lots: what is left of each award and when it expires")
    @GetMapping("/lots")
    List<Lot> lots(Actor actor) {
        return ledger.lots(actor.requireOperator(), accountOf(actor)).stream()
                .map(lot -> new Lot(
                        Long.toString(lot.id()),
                        lot.points(),
                        lot.remaining(),
                        lot.earnedAt().atOffset(ZoneOffset.UTC),
                        lot.expiresAt() == null ? null : lot.expiresAt().atOffset(ZoneOffset.UTC)))
                .toList();
    }

    @Operation(
            summary = "The account's points history, newest first",
            description = "direction: ALL (default), EARNED or SPENT; days: only the last N days (1 to 3650)")
    @GetMapping("/transactions")
    LinePage transactions(
            Actor actor,
            @RequestParam(defaultValue = "ALL") PointsLedger.HistoryFilter.Direction direction,
            @RequestParam(required = false) @Min(1) @Max(3650) Integer days,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        PointsLedger.HistoryFilter filter = new PointsLedger.HistoryFilter(
                direction, days == null ? null : clock.instant().minus(java.time.Duration.ofDays(days)));
        List<Line> lines = ledger.history(actor.requireOperator(), accountOf(actor), filter, page * size, size).stream()
                .map(line -> new Line(
                        Long.toString(line.transactionId()),
                        line.points(),
                        line.reasonCode(),
                        line.referenceType() == null ? null : new Reference(line.referenceType(), line.referenceId()),
                        line.memo(),
                        line.occurredAt().atOffset(ZoneOffset.UTC)))
                .toList();
        return new LinePage(lines, page, size);
    }
}
