package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Csv;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Insights")
@RestController
@Validated
class InsightsApiController {

    private final OperationsDashboard dashboard;
    private final DrillDowns drillDowns;
    private final Touchpoints touchpoints;
    private final io.enjoyspace.catalog.Catalog catalog;
    private final MembershipPanel membership;

    InsightsApiController(
            OperationsDashboard dashboard,
            DrillDowns drillDowns,
            Touchpoints touchpoints,
            io.enjoyspace.catalog.Catalog catalog,
            MembershipPanel membership) {
        this.membership = membership;
        this.dashboard = dashboard;
        this.drillDowns = drillDowns;
        this.touchpoints = touchpoints;
        this.catalog = catalog;
    }

    /** A figure and the same figure for the period before. */
    record Compared(Object value, Object previous) {}

    @Operation(
            summary = "The operations dashboard: each figure of the period with the previous period's value (operator"
                    + " staff). Dates are days in the operator's time zone; the default period is the last 30 days.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/dashboard")
    Map<String, Object> dashboard(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        long operatorId = actor.requireOperator();
        InsightFilter filter = filter(dashboard, operatorId, siteId, enterpriseId, from, to);
        OperationsDashboard.Comparison comparison = dashboard.compare(operatorId, filter);
        return body(comparison);
    }

    static Map<String, Object> body(OperationsDashboard.Comparison comparison) {
        InsightFilter filter = comparison.filter();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", filter.from());
        body.put("to", filter.to());
        body.put("previousFrom", filter.previous().from());
        body.put("previousTo", filter.previous().to());
        body.put("siteId", filter.siteId() == null ? null : filter.siteId().toString());
        body.put(
                "enterpriseId",
                filter.enterpriseId() == null ? null : filter.enterpriseId().toString());
        body.put("currency", comparison.currency());
        for (RecordComponent component : InsightFigures.class.getRecordComponents()) {
            body.put(
                    component.getName(),
                    new Compared(value(component, comparison.current()), value(component, comparison.previous())));
        }
        return body;
    }

    private static Object value(RecordComponent component, InsightFigures figures) {
        try {
            return component.getAccessor().invoke(figures);
        } catch (ReflectiveOperationException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Operation(summary = "The period's figures day by day (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/trend")
    List<OperationsDashboard.TrendDay> trend(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        long operatorId = actor.requireOperator();
        return dashboard.trend(operatorId, filter(dashboard, operatorId, siteId, enterpriseId, from, to));
    }

    @Operation(summary = "Services ranked by use and by rating in the period (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/services")
    OperationsDashboard.ServiceRanking services(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        long operatorId = actor.requireOperator();
        return dashboard.services(operatorId, filter(dashboard, operatorId, siteId, enterpriseId, from, to));
    }

    @Operation(
            summary = "Members per tier now (of the site or company) and the period's campaigns against their budgets"
                    + " (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/membership")
    MembershipPanel.Panel membership(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        long operatorId = actor.requireOperator();
        return membership.of(operatorId, filter(dashboard, operatorId, siteId, enterpriseId, from, to));
    }

    @Operation(summary = "The rows behind a dashboard figure, a page at a time (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/drill-down")
    DrillDowns.DrillPage drillDown(
            Actor actor,
            @RequestParam String metric,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(DrillDowns.MAX_PAGE_SIZE) int size) {
        long operatorId = actor.requireOperator();
        return drillDowns.drill(
                operatorId, filter(dashboard, operatorId, siteId, enterpriseId, from, to), metric, page, size);
    }

    @Operation(summary = "The rows behind a dashboard figure as CSV (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/drill-down.csv")
    ResponseEntity<String> drillDownCsv(
            Actor actor,
            @RequestParam String metric,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        long operatorId = actor.requireOperator();
        return csv(drillDowns.drill(
                operatorId,
                filter(dashboard, operatorId, siteId, enterpriseId, from, to),
                metric,
                0,
                DrillDowns.MAX_CSV_ROWS));
    }

    static ResponseEntity<String> csv(DrillDowns.DrillPage page) {
        return Csv.download("insights-" + page.metric() + ".csv", page.columns(), page.rows());
    }

    record TouchpointRequest(String kind, String subjectId) {}

    @Operation(
            summary = "Records what the signed-in member looked at: OFFERING_VIEW, CATEGORY_VIEW (subjectId: the"
                    + " offering or category id) or OFFER_OPEN (the announcement or offer id). Written in batches"
                    + " within a second; answers 202.")
    @PreAuthorize("hasRole('MEMBER')")
    @PostMapping("/api/v1/me/touchpoints")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> touchpoint(Actor actor, @RequestBody TouchpointRequest request) {
        long operatorId = actor.requireOperator();
        actor.requireMember();
        FactKind kind;
        try {
            kind = request.kind() == null ? null : FactKind.valueOf(request.kind());
        } catch (IllegalArgumentException unknown) {
            kind = null;
        }
        if (kind == null || !kind.isView()) {
            throw new InvalidInputException("kind", "insights.touchpointKind");
        }
        String subject = request.subjectId();
        if (subject == null || subject.isBlank() || subject.length() > 64) {
            throw new InvalidInputException("subjectId", "insights.subjectId");
        }
        if (kind == FactKind.OFFERING_VIEW) {
            catalog.findOffering(operatorId, Ids.parse(subject)).orElseThrow(NotFoundException::new);
        } else if (kind == FactKind.CATEGORY_VIEW) {
            catalog.findCategory(operatorId, Ids.parse(subject)).orElseThrow(NotFoundException::new);
        }
        boolean queued = touchpoints.viewed(actor, kind, subject);
        return Map.of("queued", queued);
    }

    static InsightFilter filter(
            OperationsDashboard dashboard,
            long operatorId,
            String siteId,
            String enterpriseId,
            String from,
            String to) {
        return dashboard.filter(operatorId, id(siteId), id(enterpriseId), date("from", from), date("to", to));
    }

    private static Long id(String id) {
        return id == null || id.isBlank() ? null : Ids.parse(id);
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException invalid) {
            throw new InvalidInputException(field, "insights.date");
        }
    }
}
