package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Csv;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ledger for operator staff: reports, reconciliation, any member's points, and CSV downloads of each. */
@Tag(name = "Points")
@RestController
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class PointsReportsApiController {

    static final int MAX_REPORT_DAYS = 366;

    private final PointsReports reports;
    private final PointsLedger ledger;
    private final PointsHolds holds;
    private final PointsDirectory directory;

    PointsReportsApiController(
            PointsReports reports, PointsLedger ledger, PointsHolds holds, PointsDirectory directory) {
        this.reports = reports;
        this.ledger = ledger;
        this.holds = holds;
        this.directory = directory;
    }

    @Operation(summary = "Outstanding points: total, debt, by expiry month and by age")
    @GetMapping("/api/v1/points/reports/liability")
    PointsReports.Liability liability(Actor actor) {
        return reports.liability(actor.requireOperator());
    }

    @Operation(summary = "Outstanding points by expiry month, as CSV")
    @GetMapping("/api/v1/points/reports/liability.csv")
    ResponseEntity<String> liabilityCsv(Actor actor) {
        return Csv.download(
                "points-liability.csv",
                List.of("expiry_month", "points"),
                reports.liability(actor.requireOperator()).byExpiryMonth().stream()
                        .map(month -> List.<Object>of(month.month() == null ? "never" : month.month(), month.points()))
                        .toList());
    }

    @Operation(summary = "Points issued, redeemed, expired and reversed per day (default: the last 30 days)")
    @GetMapping("/api/v1/points/reports/flows")
    List<PointsReports.DayFlow> flows(
            Actor actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        long operatorId = actor.requireOperator();
        LocalDate end = to == null ? reports.today(operatorId) : to;
        LocalDate start = from == null ? end.minusDays(29) : from;
        if (start.isAfter(end) || ChronoUnit.DAYS.between(start, end) >= MAX_REPORT_DAYS) {
            throw new InvalidInputException("from", "points.reportRange");
        }
        return reports.flows(operatorId, start, end);
    }

    @Operation(summary = "Daily flows as CSV")
    @GetMapping("/api/v1/points/reports/flows.csv")
    ResponseEntity<String> flowsCsv(
            Actor actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return Csv.download(
                "points-flows.csv",
                List.of("day", "issued", "redeemed", "expired", "reversed"),
                flows(actor, from, to).stream()
                        .map(day ->
                                List.<Object>of(day.day(), day.issued(), day.redeemed(), day.expired(), day.reversed()))
                        .toList());
    }

    @Operation(summary = "Recompute every balance from entries and lots and list any difference")
    @GetMapping("/api/v1/points/reports/reconciliation")
    ReconciliationView reconciliation(Actor actor) {
        PointsReports.Reconciliation result = reports.reconcile(actor.requireOperator());
        return new ReconciliationView(
                result.ok(), result.accountsChecked(), result.unbalancedTransactions(), result.mismatches());
    }

    record ReconciliationView(
            boolean ok, long accountsChecked, long unbalancedTransactions, List<PointsReports.Mismatch> mismatches) {}

    record MemberPoints(String memberId, long balance, long held, List<PointsLot> lots, List<HistoryLine> history) {}

    @Operation(summary = "A member's points: balance, held, open lots and the latest 100 lines")
    @GetMapping("/api/v1/members/{id}/points")
    MemberPoints memberPoints(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Account account = member(operatorId, id);
        return new MemberPoints(
                id,
                ledger.balance(operatorId, account),
                holds.pending(operatorId, account).stream()
                        .mapToLong(Hold::points)
                        .sum(),
                ledger.lots(operatorId, account),
                ledger.history(operatorId, account, 0, 100));
    }

    @Operation(summary = "A member's whole points history as CSV")
    @GetMapping("/api/v1/members/{id}/points/transactions.csv")
    ResponseEntity<String> memberHistoryCsv(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Account account = member(operatorId, id);
        return Csv.download(
                "member-" + account.ownerId() + "-points.csv",
                List.of(
                        "transaction_id",
                        "occurred_at",
                        "points",
                        "reason_code",
                        "reference_type",
                        "reference_id",
                        "memo"),
                ledger.history(operatorId, account, 0, 100_000).stream()
                        .map(line -> java.util.Arrays.<Object>asList(
                                line.transactionId(),
                                line.occurredAt().atOffset(ZoneOffset.UTC),
                                line.points(),
                                line.reasonCode(),
                                line.referenceType(),
                                line.referenceId(),
                                line.memo()))
                        .toList());
    }

    private Account member(long operatorId, String id) {
        long memberId = Ids.parse(id);
        if (!directory.hasMember(operatorId, memberId)) {
            throw new NotFoundException();
        }
        return Account.member(memberId);
    }
}
