package io.enjoyspace.providers;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.YearMonth;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The operator's view of a provider's monthly settlement statement. */
@Controller
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class SettlementConsolePages {

    private final ProviderSettlements settlements;
    private final Operators operators;
    private final Clock clock;

    SettlementConsolePages(ProviderSettlements settlements, Operators operators, Clock clock) {
        this.settlements = settlements;
        this.operators = operators;
        this.clock = clock;
    }

    @GetMapping("/console/providers/{id}/settlement")
    String statement(Actor actor, @PathVariable String id, @RequestParam(required = false) String month, Model model) {
        long operatorId = actor.requireOperator();
        YearMonth selected = month == null || month.isBlank()
                ? YearMonth.now(clock.withZone(operators.get(operatorId).timeZone()))
                : SettlementViews.month(month);
        model.addAttribute("statement", settlements.statement(operatorId, Ids.parse(id), selected));
        return "providers/console-settlement";
    }

    @GetMapping("/console/providers/{id}/settlement.csv")
    org.springframework.http.ResponseEntity<String> csv(
            Actor actor, @PathVariable String id, @RequestParam String month) {
        YearMonth selected = SettlementViews.month(month);
        ProviderSettlements.Statement statement =
                settlements.statement(actor.requireOperator(), Ids.parse(id), selected);
        return io.enjoyspace.shared.Csv.attachment(
                "settlement-" + statement.provider().id() + "-" + selected + ".csv", settlements.csv(statement));
    }
}
