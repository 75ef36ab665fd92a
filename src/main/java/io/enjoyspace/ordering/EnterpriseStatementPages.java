package io.enjoyspace.ordering;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Operators;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Monthly billing statements of a company: for its enterprise admin under /enterprise, for operator staff in the
 * console, and as JSON and CSV in the API.
 */
@Controller
class EnterpriseStatementPages {

    private final EnterpriseStatements statements;
    private final Enterprises enterprises;
    private final Operators operators;
    private final Clock clock;

    EnterpriseStatementPages(
            EnterpriseStatements statements, Enterprises enterprises, Operators operators, Clock clock) {
        this.statements = statements;
        this.enterprises = enterprises;
        this.operators = operators;
        this.clock = clock;
    }

    private YearMonth month(long operatorId, String value) {
        if (value == null || value.isBlank()) {
            return YearMonth.now(clock.withZone(operators.get(operatorId).timeZone()));
        }
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "provider.settlement.month");
        }
    }

    /** The company a caller may see the bill of: an enterprise admin their own, staff any of the operator's. */
    private long enterpriseOf(Actor actor, String id) {
        long operatorId = actor.requireOperator();
        long enterpriseId = id == null ? actor.enterpriseId() : Ids.parse(id);
        if (!actor.isStaff() && (actor.enterpriseId() == null || actor.enterpriseId() != enterpriseId)) {
            throw new NotFoundException();
        }
        enterprises.get(operatorId, enterpriseId);
        return enterpriseId;
    }

    @PreAuthorize("hasRole('ENTERPRISE_ADMIN')")
    @GetMapping("/enterprise/billing")
    String enterprisePage(Actor actor, @RequestParam(required = false) String month, Model model) {
        return page(actor, null, month, model, "/enterprise/billing");
    }

    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/console/enterprises/{id}/billing")
    String consolePage(
            Actor actor, @PathVariable String id, @RequestParam(required = false) String month, Model model) {
        return page(actor, id, month, model, "/console/enterprises/" + Ids.parse(id) + "/billing");
    }

    private String page(Actor actor, String id, String month, Model model, String base) {
        long operatorId = actor.requireOperator();
        long enterpriseId = enterpriseOf(actor, id);
        EnterpriseStatements.Statement statement =
                statements.statement(operatorId, enterpriseId, month(operatorId, month));
        model.addAttribute("statement", statement);
        model.addAttribute("enterprise", enterprises.get(operatorId, enterpriseId));
        model.addAttribute("base", base);
        model.addAttribute("console", actor.isStaff());
        return "ordering/billing-statement";
    }

    @PreAuthorize("hasRole('ENTERPRISE_ADMIN')")
    @GetMapping("/enterprise/billing.csv")
    ResponseEntity<String> enterpriseCsv(Actor actor, @RequestParam(required = false) String month) {
        return csv(actor, null, month);
    }

    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/console/enterprises/{id}/billing.csv")
    ResponseEntity<String> consoleCsv(
            Actor actor, @PathVariable String id, @RequestParam(required = false) String month) {
        return csv(actor, id, month);
    }

    @Operation(summary = "A company's billing statement for a month (yyyy-MM): staff, or the company's admin")
    @PreAuthorize("hasAnyRole('ENTERPRISE_ADMIN', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/enterprises/{id}/statements/{month}")
    @ResponseBody
    ResponseEntity<?> api(
            Actor actor,
            @PathVariable String id,
            @PathVariable String month,
            @RequestParam(defaultValue = "json") String format) {
        if ("csv".equals(format)) {
            return csv(actor, id, month);
        }
        long operatorId = actor.requireOperator();
        return ResponseEntity.ok(statements.statement(operatorId, enterpriseOf(actor, id), month(operatorId, month)));
    }

    private ResponseEntity<String> csv(Actor actor, String id, String month) {
        long operatorId = actor.requireOperator();
        long enterpriseId = enterpriseOf(actor, id);
        YearMonth selected = month(operatorId, month);
        return io.enjoyspace.shared.Csv.attachment(
                "billing-" + enterpriseId + "-" + selected + ".csv",
                statements.csv(statements.statement(operatorId, enterpriseId, selected)));
    }
}
