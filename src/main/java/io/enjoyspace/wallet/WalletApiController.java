package io.enjoyspace.wallet;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Wallet")
@RestController
class WalletApiController {

    private final MemberWallets wallets;
    private final WalletReports reports;
    private final Members members;
    private final java.time.Clock clock;

    WalletApiController(MemberWallets wallets, WalletReports reports, Members members, java.time.Clock clock) {
        this.wallets = wallets;
        this.reports = reports;
        this.members = members;
        this.clock = clock;
    }

    record TopUpRequest(
            @NotNull @Min(1) @Max(MemberWallets.MAX_AMOUNT_MINOR)
            Long amountMinor,

            @Size(max = 500) String note) {}

    record AdjustmentRequest(
            @NotNull @Min(-MemberWallets.MAX_AMOUNT_MINOR) @Max(MemberWallets.MAX_AMOUNT_MINOR)
            Long amountMinor,

            @NotBlank @Size(min = 3, max = 500) String reason) {}

    record WithdrawalRequest(
            @NotNull @Min(1) @Max(MemberWallets.MAX_AMOUNT_MINOR)
            Long amountMinor,

            @NotBlank @Size(min = 3, max = 500) String reason) {}

    record Reference(String type, String id) {}

    record Line(
            String id,
            WalletTransactionKind kind,
            long amountMinor,
            long balanceAfterMinor,
            String currency,
            Reference reference,
            String refundsTransactionId,
            String note,
            OffsetDateTime createdAt) {

        static Line of(WalletTransaction transaction) {
            return new Line(
                    Long.toString(transaction.id()),
                    transaction.kind(),
                    transaction.amount().amountMinor(),
                    transaction.balanceAfter().amountMinor(),
                    transaction.amount().currency(),
                    transaction.referenceType() == null
                            ? null
                            : new Reference(transaction.referenceType(), transaction.referenceId()),
                    transaction.refundsTransactionId() == null
                            ? null
                            : transaction.refundsTransactionId().toString(),
                    transaction.note(),
                    transaction.createdAt().atOffset(ZoneOffset.UTC));
        }
    }

    record Posted(String memberId, Line transaction, long balanceMinor, String currency) {}

    record Wallet(
            String memberId, long balanceMinor, String currency, List<Line> items, int page, int size, long total) {

        static Wallet of(long memberId, WalletStatement statement) {
            return new Wallet(
                    Long.toString(memberId),
                    statement.balance().amountMinor(),
                    statement.balance().currency(),
                    statement.items().stream().map(Line::of).toList(),
                    statement.page(),
                    statement.size(),
                    statement.total());
        }
    }

    @Operation(summary = "Top up a member's wallet with money received at the front desk (staff; Idempotency-Key)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/members/{memberId}/wallet/top-ups")
    ResponseEntity<Posted> topUp(
            Actor actor,
            @PathVariable String memberId,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody TopUpRequest request) {
        return post(actor, memberId, idempotencyKey, request.amountMinor(), request.note(), wallets::topUp);
    }

    @Operation(
            summary = "Correct a member's wallet up (positive) or down (negative) with a reason"
                    + " (operator admin; Idempotency-Key)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/members/{memberId}/wallet/adjustments")
    ResponseEntity<Posted> adjust(
            Actor actor,
            @PathVariable String memberId,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody AdjustmentRequest request) {
        return post(actor, memberId, idempotencyKey, request.amountMinor(), request.reason(), wallets::adjust);
    }

    @Operation(
            summary = "Pay part of a member's wallet back in cash or by transfer, with a reason"
                    + " (operator admin; Idempotency-Key)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/members/{memberId}/wallet/withdrawals")
    ResponseEntity<Posted> withdraw(
            Actor actor,
            @PathVariable String memberId,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody WithdrawalRequest request) {
        return post(actor, memberId, idempotencyKey, request.amountMinor(), request.reason(), wallets::withdraw);
    }

    @Operation(
            summary = "A member's wallet balance and history, newest first (staff)",
            description = "kind: only TOP_UP, PAYMENT, REFUND, ADJUSTMENT or WITHDRAWAL; days: only the last N days")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/members/{memberId}/wallet")
    Wallet memberWallet(
            Actor actor,
            @PathVariable String memberId,
            @RequestParam(required = false) WalletTransactionKind kind,
            @RequestParam(required = false) @Min(1) @Max(3650) Integer days,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(MemberWallets.MAX_PAGE_SIZE) int size) {
        long operatorId = actor.requireOperator();
        long member = memberOf(operatorId, memberId);
        return Wallet.of(member, wallets.statement(operatorId, member, filter(kind, days), page, size));
    }

    @Operation(
            summary = "The signed-in member's wallet balance and history, newest first",
            description = "kind: only TOP_UP, PAYMENT, REFUND, ADJUSTMENT or WITHDRAWAL; days: only the last N days")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/wallet")
    Wallet myWallet(
            Actor actor,
            @RequestParam(required = false) WalletTransactionKind kind,
            @RequestParam(required = false) @Min(1) @Max(3650) Integer days,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(MemberWallets.MAX_PAGE_SIZE) int size) {
        long member = actor.requireMember();
        return Wallet.of(member, wallets.statement(actor.requireOperator(), member, filter(kind, days), page, size));
    }

    record Report(
            WalletReports.Reconciliation reconciliation, long netMinor, boolean ok, List<WalletReports.Day> days) {}

    @Operation(
            summary = "Wallet liability (members' balances) reconciled against the system accounts, and movements"
                    + " per day (staff; days: 1 to 366, default 14)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/wallet/report")
    Report report(Actor actor, @RequestParam(defaultValue = "14") @Min(1) @Max(366) int days) {
        long operatorId = actor.requireOperator();
        LocalDate today = reports.today(operatorId);
        WalletReports.Reconciliation reconciliation = reports.reconcile(operatorId);
        return new Report(
                reconciliation,
                reconciliation.net().amountMinor(),
                reconciliation.ok(),
                reports.days(operatorId, today.minusDays(days - 1L), today));
    }

    private WalletStatement.Filter filter(WalletTransactionKind kind, Integer days) {
        return new WalletStatement.Filter(
                kind, days == null ? null : clock.instant().minus(Duration.ofDays(days)), null);
    }

    private long memberOf(long operatorId, String memberId) {
        long id = Ids.parse(memberId);
        if (members.find(operatorId, id).isEmpty()) {
            throw new NotFoundException();
        }
        return id;
    }

    /** A staff movement on a member's wallet: top-up, adjustment or withdrawal, all posted with the same arguments. */
    @FunctionalInterface
    private interface StaffMovement {
        WalletTransaction post(
                long operatorId,
                long memberId,
                Money amount,
                IdempotencyKey key,
                long staffUserId,
                String noteOrReason);
    }

    private ResponseEntity<Posted> post(
            Actor actor,
            String memberId,
            String idempotencyKey,
            Long amountMinor,
            String noteOrReason,
            StaffMovement movement) {
        long operatorId = actor.requireOperator();
        long member = memberOf(operatorId, memberId);
        return posted(movement.post(
                operatorId,
                member,
                Money.of(amountMinor, MemberWallets.CURRENCY),
                new IdempotencyKey(idempotencyKey),
                actor.userId(),
                noteOrReason));
    }

    private ResponseEntity<Posted> posted(WalletTransaction transaction) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(transaction.replayed()))
                .body(new Posted(
                        Long.toString(transaction.memberId()),
                        Line.of(transaction),
                        transaction.balanceAfter().amountMinor(),
                        transaction.balanceAfter().currency()));
    }
}
