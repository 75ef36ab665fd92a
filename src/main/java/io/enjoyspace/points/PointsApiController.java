package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points")
@RestController
@RequestMapping("/api/v1/me/points")
class PointsApiController {

    private final PointsLedger ledger;

    PointsApiController(PointsLedger ledger) {
        this.ledger = ledger;
    }

    record Balance(String accountType, long balance) {}

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

    @Operation(summary = "The signed-in member's points balance (an enterprise admin's: the company pool)")
    @GetMapping
    Balance balance(Actor actor) {
        Account account = accountOf(actor);
        return new Balance(account.type().name(), ledger.balance(actor.requireOperator(), account));
    }

    @Operation(summary = "The account's points history, newest first")
    @GetMapping("/transactions")
    LinePage transactions(
            Actor actor,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        List<Line> lines = ledger.history(actor.requireOperator(), accountOf(actor), page * size, size).stream()
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
