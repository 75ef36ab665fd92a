package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Csv;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ledger search for operator staff: entries by member, company, reference, reason and date, as JSON or CSV. */
@Tag(name = "Points")
@RestController
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class PointsLedgerSearchApiController {

    static final List<String> CSV_HEADER = List.of(
            "transaction_id",
            "occurred_at",
            "account_type",
            "account_owner_id",
            "account_name",
            "points",
            "reason_code",
            "reference_type",
            "reference_id",
            "memo",
            "created_by_user_id",
            "created_by");

    private final PointsLedgerSearch search;

    PointsLedgerSearchApiController(PointsLedgerSearch search) {
        this.search = search;
    }

    /** One entry; ids as strings, the time in UTC, the owner and its name absent for system accounts. */
    record LedgerLine(
            String transactionId,
            OffsetDateTime occurredAt,
            AccountType accountType,
            String accountOwnerId,
            String accountName,
            long points,
            String reasonCode,
            String referenceType,
            String referenceId,
            String memo,
            String createdByUserId,
            String createdBy) {

        static LedgerLine of(PointsLedgerSearch.Line line) {
            return new LedgerLine(
                    Long.toString(line.transactionId()),
                    line.occurredAt().atOffset(ZoneOffset.UTC),
                    line.accountType(),
                    line.ownerId() == null ? null : Long.toString(line.ownerId()),
                    line.accountName(),
                    line.points(),
                    line.reasonCode(),
                    line.referenceType(),
                    line.referenceId(),
                    line.memo(),
                    line.createdByUserId() == null ? null : Long.toString(line.createdByUserId()),
                    line.createdBy());
        }
    }

    record LedgerPage(List<LedgerLine> items, int page, int size, long total) {}

    @Operation(
            summary = "Search the ledger's entries by member, company (with its employees), reference, reason code and"
                    + " days in the operator's time zone; newest first. Each filter narrows the result.")
    @GetMapping("/api/v1/points/ledger")
    LedgerPage ledger(
            Actor actor,
            @RequestParam(required = false) String memberId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(defaultValue = "false") boolean includeEmployees,
            @RequestParam(required = false) @Size(max = 50) String referenceType,
            @RequestParam(required = false) @Size(max = 100) String referenceId,
            @RequestParam(required = false) @Size(max = 50) String reasonCode,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(PointsLedgerSearch.MAX_PAGE_SIZE) int size) {
        PointsLedgerSearch.Result result = search.search(
                actor.requireOperator(),
                criteria(memberId, enterpriseId, includeEmployees, referenceType, referenceId, reasonCode, from, to),
                page,
                size);
        return new LedgerPage(
                result.lines().stream().map(LedgerLine::of).toList(), result.page(), result.size(), result.total());
    }

    @Operation(
            summary = "The same search as CSV: every matching entry (up to 100,000), newest first; page and size do"
                    + " not apply")
    @GetMapping("/api/v1/points/ledger.csv")
    ResponseEntity<String> ledgerCsv(
            Actor actor,
            @RequestParam(required = false) String memberId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(defaultValue = "false") boolean includeEmployees,
            @RequestParam(required = false) @Size(max = 50) String referenceType,
            @RequestParam(required = false) @Size(max = 100) String referenceId,
            @RequestParam(required = false) @Size(max = 50) String reasonCode,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return csv(
                actor.requireOperator(),
                criteria(memberId, enterpriseId, includeEmployees, referenceType, referenceId, reasonCode, from, to));
    }

    /** The download, for the API and the console alike. */
    ResponseEntity<String> csv(long operatorId, PointsLedgerSearch.Criteria criteria) {
        return Csv.download(
                "points-ledger.csv",
                CSV_HEADER,
                search.download(operatorId, criteria).stream()
                        .map(line -> Arrays.<Object>asList(
                                line.transactionId(),
                                line.occurredAt().atOffset(ZoneOffset.UTC),
                                line.accountType(),
                                line.ownerId(),
                                line.accountName(),
                                line.points(),
                                line.reasonCode(),
                                line.referenceType(),
                                line.referenceId(),
                                line.memo(),
                                line.createdByUserId(),
                                line.createdBy()))
                        .toList());
    }

    /** Ids that are not one of ours, in any form, are simply not found; a blank one is not given. */
    private static PointsLedgerSearch.Criteria criteria(
            String memberId,
            String enterpriseId,
            boolean includeEmployees,
            String referenceType,
            String referenceId,
            String reasonCode,
            LocalDate from,
            LocalDate to) {
        return new PointsLedgerSearch.Criteria(
                id(memberId), id(enterpriseId), includeEmployees, referenceType, referenceId, reasonCode, from, to);
    }

    private static Long id(String id) {
        return id == null || id.isBlank() ? null : Ids.parse(id.strip());
    }
}
