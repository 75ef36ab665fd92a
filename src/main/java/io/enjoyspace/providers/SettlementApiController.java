package io.enjoyspace.providers;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.YearMonth;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Providers")
@RestController
class SettlementApiController {

    private final ProviderSettlements settlements;

    SettlementApiController(ProviderSettlements settlements) {
        this.settlements = settlements;
    }

    @Operation(summary = "A provider's settlement statement for a month (yyyy-MM); format=csv for a file")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/providers/{id}/settlements/{month}")
    ResponseEntity<?> statement(
            Actor actor,
            @PathVariable String id,
            @PathVariable String month,
            @RequestParam(defaultValue = "json") String format) {
        YearMonth parsed = SettlementViews.month(month);
        ProviderSettlements.Statement statement = settlements.statement(actor.requireOperator(), Ids.parse(id), parsed);
        if ("csv".equals(format)) {
            return io.enjoyspace.shared.Csv.attachment(
                    "settlement-" + statement.provider().id() + "-" + parsed + ".csv", settlements.csv(statement));
        }
        return ResponseEntity.ok(SettlementViews.StatementView.of(statement));
    }
}
