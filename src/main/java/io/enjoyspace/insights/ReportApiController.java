package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Insights")
@RestController
class ReportApiController {

    private final QuarterlyReport reports;
    private final ReportPages pages;

    ReportApiController(QuarterlyReport reports, ReportPages pages) {
        this.reports = reports;
        this.pages = pages;
    }

    /** One figure of the quarter and of the quarter before; change is relative (0.1 is +10 %), null when undefined. */
    record KpiBody(String name, Object current, Object previous, Double change) {}

    /** One figure month by month (null for a month not begun), and the previous quarter's months. */
    record TrendBody(
            String name,
            List<String> months,
            List<Object> current,
            List<String> previousMonths,
            List<Object> previous) {}

    /** A recommendation's sentence: its message key, the arguments, and the text in the request's language. */
    record MessageBody(String key, List<Object> args, String text) {}

    /**
     * A recommendation.
     *
     * @param kind DROP_SERVICE, REPRICE_SERVICE, ADD_SERVICE, POINTS_REDEMPTION_LOW, POINTS_REDEMPTION_HIGH,
     *     POINTS_EXPIRING, DORMANT_MEMBERS or AUDIENCE_ACTIVITY
     * @param subject the offering, category or audience named, or null
     * @param subjectId the offering or category id, the industry or the lifecycle stage, or null
     */
    record RecommendationBody(
            String kind, String subject, String subjectId, Map<String, Object> figures, MessageBody message) {}

    /** Outstanding points expiring within withinDays days (after the previous band); null: later or never. */
    record DueBody(Integer withinDays, long points) {}

    record DormancyBody(long registered, long dormant, Double share) {}

    record ReportBody(
            String quarter,
            String previousQuarter,
            String siteId,
            String currency,
            LocalDate from,
            LocalDate to,
            LocalDate previousFrom,
            LocalDate previousTo,
            boolean partial,
            List<KpiBody> kpis,
            List<TrendBody> trends,
            List<DueBody> pointsDue,
            DormancyBody dormancy,
            List<RecommendationBody> recommendations) {}

    @Operation(
            summary = "The quarterly operations report of the operator or one site (operator staff): each KPI of the"
                    + " quarter with the previous quarter's value and the change, the same figures as"
                    + " GET /api/v1/insights/dashboard for the quarter's days; month-by-month trends; the points"
                    + " liability by days to expiry; and recommendations (services to drop, reprice or add, points"
                    + " strategy, dormant members, activities for the largest audiences) with the figures behind"
                    + " each and a message in the request's language. A quarter under way covers its days up to"
                    + " today (partial: true).")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/insights/reports/quarterly")
    ReportBody quarterly(
            Actor actor,
            @Parameter(description = "A site of the operator; all sites when absent") @RequestParam(required = false)
                    String siteId,
            @Parameter(description = "The quarter, as 2026-Q3; the last quarter that has ended when absent")
                    @RequestParam(required = false)
                    String quarter,
            Locale locale) {
        long operatorId = actor.requireOperator();
        QuarterlyReport.Report report =
                reports.report(operatorId, siteId == null || siteId.isBlank() ? null : Ids.parse(siteId), quarter);
        return new ReportBody(
                report.quarter().toString(),
                report.previousQuarter().toString(),
                report.siteId() == null ? null : report.siteId().toString(),
                report.currency(),
                report.filter().from(),
                report.filter().to(),
                report.previousFilter().from(),
                report.previousFilter().to(),
                report.partial(),
                report.kpis().stream()
                        .map(kpi -> new KpiBody(kpi.name(), kpi.current(), kpi.previous(), kpi.change()))
                        .toList(),
                report.trends().stream()
                        .map(trend -> new TrendBody(
                                trend.name(),
                                trend.months(),
                                trend.current(),
                                trend.previousMonths(),
                                trend.previous()))
                        .toList(),
                report.pointsDue().stream()
                        .map(band -> new DueBody(band.withinDays(), band.points()))
                        .toList(),
                new DormancyBody(
                        report.dormancy().registered(),
                        report.dormancy().dormant(),
                        report.dormancy().share()),
                report.recommendations().stream()
                        .map(recommendation -> new RecommendationBody(
                                recommendation.kind().name(),
                                recommendation.subject(),
                                recommendation.subjectId(),
                                recommendation.figures(),
                                new MessageBody(
                                        recommendation.messageKey(),
                                        recommendation.args(),
                                        pages.text(recommendation, locale))))
                        .toList());
    }
}
