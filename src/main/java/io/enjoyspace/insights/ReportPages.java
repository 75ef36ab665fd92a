package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Formats;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Sites;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The quarterly report in the console, as a page and as a PDF. */
@Controller
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class ReportPages {

    /** The figures drawn as month-by-month charts on the page. */
    static final List<String> CHARTS =
            List.of("orders", "gmvMinor", "activeMembers", "pointsIssued", "pointsRedeemed", "averageRating");

    private final QuarterlyReport reports;
    private final QuarterlyReportPdf pdf;
    private final Sites sites;
    private final Formats formats;
    private final MessageSource messages;

    ReportPages(QuarterlyReport reports, QuarterlyReportPdf pdf, Sites sites, Formats formats, MessageSource messages) {
        this.reports = reports;
        this.pdf = pdf;
        this.sites = sites;
        this.formats = formats;
        this.messages = messages;
    }

    /** One row of the KPI table, written for people. */
    record KpiRow(String name, String current, String previous, String change, boolean up) {}

    /** One chart: the figure's values month by month, this quarter and the one before. */
    record ChartData(String name, String months, String current, String previous) {}

    /** A recommendation as shown: its kind, subject and sentence. */
    record Advice(String kind, String subject, String text) {}

    /** A liability-ageing band as shown. */
    record DueRow(Integer withinDays, Integer afterDays, String points, String share) {}

    @GetMapping("/console/insights/report")
    String report(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String quarter,
            Locale locale,
            Model model) {
        long operatorId = actor.requireOperator();
        Long site = site(siteId);
        QuarterlyReport.Report report;
        try {
            report = reports.report(operatorId, site, quarter);
        } catch (InvalidInputException invalid) {
            model.addAttribute("quarterError", invalid.errors().get(0).code());
            report = reports.report(operatorId, site, null);
        }
        fill(model, report, locale);
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("quarters", quarters(reports.lastQuarter(operatorId)));
        List<ChartData> charts = new ArrayList<>();
        for (QuarterlyReport.Trend trend : report.trends()) {
            if (CHARTS.contains(trend.name())) {
                charts.add(new ChartData(
                        trend.name(),
                        String.join(",", trend.months()) + "|" + String.join(",", trend.previousMonths()),
                        chartValues(trend.name(), trend.current()),
                        chartValues(trend.name(), trend.previous())));
            }
        }
        model.addAttribute("charts", charts);
        return "insights/console-report";
    }

    @GetMapping("/console/insights/report.pdf")
    ResponseEntity<byte[]> reportPdf(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String quarter,
            Locale locale) {
        long operatorId = actor.requireOperator();
        QuarterlyReport.Report report = reports.report(operatorId, site(siteId), quarter);
        Map<String, Object> variables = new LinkedHashMap<>();
        fill(variables, report, locale);
        variables.put(
                "siteName",
                report.siteId() == null
                        ? null
                        : sites.get(operatorId, report.siteId()).name());
        byte[] document = pdf.render("insights/report-pdf", variables, locale);
        String name =
                "report-" + report.quarter() + (report.siteId() == null ? "" : "-site-" + report.siteId()) + ".pdf";
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(name).build().toString())
                .body(document);
    }

    private void fill(Model model, QuarterlyReport.Report report, Locale locale) {
        Map<String, Object> variables = new LinkedHashMap<>();
        fill(variables, report, locale);
        model.addAllAttributes(variables);
    }

    private void fill(Map<String, Object> variables, QuarterlyReport.Report report, Locale locale) {
        variables.put("report", report);
        List<KpiRow> rows = new ArrayList<>();
        for (QuarterlyReport.Kpi kpi : report.kpis()) {
            String style = QuarterlyReport.KPIS.get(kpi.name());
            rows.add(new KpiRow(
                    kpi.name(),
                    format(style, kpi.current(), report.currency()),
                    format(style, kpi.previous(), report.currency()),
                    kpi.change() == null
                            ? "–"
                            : (kpi.change() >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.1f%%", kpi.change() * 100),
                    kpi.change() != null && kpi.change() >= 0));
        }
        variables.put("kpis", rows);
        variables.put("advice", advice(report, locale));
        long outstanding =
                report.pointsDue().stream().mapToLong(band -> band.points()).sum();
        List<DueRow> due = new ArrayList<>();
        Integer after = null;
        for (var band : report.pointsDue()) {
            due.add(new DueRow(
                    band.withinDays(),
                    after,
                    String.format(Locale.ROOT, "%,d", band.points()),
                    QuarterlyReport.percent(InsightFigures.ratio(band.points(), outstanding))));
            after = band.withinDays();
        }
        variables.put("due", due);
        variables.put("dormantShare", QuarterlyReport.percent(report.dormancy().share()));
    }

    /** Each recommendation's sentence in the reader's language. */
    List<Advice> advice(QuarterlyReport.Report report, Locale locale) {
        List<Advice> advice = new ArrayList<>();
        for (QuarterlyReport.Recommendation recommendation : report.recommendations()) {
            advice.add(
                    new Advice(recommendation.kind().name(), recommendation.subject(), text(recommendation, locale)));
        }
        return advice;
    }

    String text(QuarterlyReport.Recommendation recommendation, Locale locale) {
        List<Object> args = new ArrayList<>(recommendation.args());
        if (recommendation.kind() == QuarterlyReport.Kind.AUDIENCE_ACTIVITY
                && ReportAudienceGroups.LIFECYCLE_STAGE.equals(
                        recommendation.figures().get("audienceKind"))) {
            args.set(
                    0, messages.getMessage("report.stage." + args.get(0), null, Objects.toString(args.get(0)), locale));
        }
        return messages.getMessage(recommendation.messageKey(), args.toArray(), recommendation.messageKey(), locale);
    }

    private String format(String style, Object value, String currency) {
        if (value == null) {
            return "–";
        }
        return switch (style) {
            case "money" -> formats.money(((Number) value).longValue(), currency);
            case "percent" -> String.format(Locale.ROOT, "%.1f%%", ((Number) value).doubleValue() * 100);
            case "decimal" -> String.format(Locale.ROOT, "%.2f", ((Number) value).doubleValue());
            default -> String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        };
    }

    /** Chart values: money in yuan, rates in per cent, missing months empty. */
    private static String chartValues(String name, List<Object> values) {
        String style = QuarterlyReport.KPIS.get(name);
        List<String> written = new ArrayList<>();
        for (Object value : values) {
            if (value == null) {
                written.add("");
            } else if ("money".equals(style)) {
                written.add(BigDecimal.valueOf(((Number) value).longValue(), 2).toPlainString());
            } else if ("percent".equals(style)) {
                written.add(String.format(Locale.ROOT, "%.1f", ((Number) value).doubleValue() * 100));
            } else {
                written.add(value.toString());
            }
        }
        return String.join(",", written);
    }

    /** The quarter under way and the eight before it, newest first, for the picker. */
    private static List<String> quarters(ReportQuarter last) {
        List<String> quarters = new ArrayList<>();
        ReportQuarter quarter = last.next();
        for (int i = 0; i < 9; i++) {
            quarters.add(quarter.toString());
            quarter = quarter.previous();
        }
        return quarters;
    }

    private static Long site(String siteId) {
        return siteId == null || siteId.isBlank() ? null : Ids.parse(siteId);
    }
}
