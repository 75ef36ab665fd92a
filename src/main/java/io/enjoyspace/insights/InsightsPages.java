package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Formats;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Sites;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The operations dashboard in the console, and the drill-down behind each of its figures. */
@Controller
class InsightsPages {

    static final int DRILL_PAGE_SIZE = 50;

    /** The figures shown as cards, in order, and how each is written. */
    static final Map<String, String> CARDS = new LinkedHashMap<>();

    static {
        CARDS.put("orders", "count");
        CARDS.put("gmvMinor", "money");
        CARDS.put("valueAddedRevenueMinor", "money");
        CARDS.put("valueAddedRevenueShare", "percent");
        CARDS.put("registrationRate", "percent");
        CARDS.put("activeMembers", "count");
        CARDS.put("dailyActiveMembers", "decimal");
        CARDS.put("monthlyActiveMembers", "count");
        CARDS.put("serviceUsageRate", "percent");
        CARDS.put("pointsIssued", "count");
        CARDS.put("pointsRedeemed", "count");
        CARDS.put("pointsExpired", "count");
        CARDS.put("pointsOutstanding", "count");
        CARDS.put("redemptionRate", "percent");
        CARDS.put("circulationRate", "percent");
        CARDS.put("averageRating", "decimal");
        CARDS.put("slaCompliance", "percent");
        CARDS.put("renewalRate", "percent");
        CARDS.put("vacancyRate", "percent");
        CARDS.put("bookings", "count");
        CARDS.put("views", "count");
        CARDS.put("couponsIssued", "count");
        CARDS.put("couponsUsed", "count");
        CARDS.put("couponDiscountMinor", "money");
        CARDS.put("couponUseRate", "percent");
        CARDS.put("tierUpgrades", "count");
        CARDS.put("tierDowngrades", "count");
    }

    private final OperationsDashboard dashboard;
    private final DrillDowns drillDowns;
    private final Sites sites;
    private final Enterprises enterprises;
    private final Formats formats;
    private final MembershipPanel membership;

    InsightsPages(
            OperationsDashboard dashboard,
            DrillDowns drillDowns,
            Sites sites,
            Enterprises enterprises,
            Formats formats,
            MembershipPanel membership) {
        this.membership = membership;
        this.dashboard = dashboard;
        this.drillDowns = drillDowns;
        this.sites = sites;
        this.enterprises = enterprises;
        this.formats = formats;
    }

    /** One card: the figure, the previous period's, and the change in per cent (null when not comparable). */
    record Card(String metric, String value, String previous, Double changePercent, boolean drillable) {}

    @GetMapping("/console/insights")
    String dashboard(
            Actor actor,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Model model) {
        long operatorId = actor.requireOperator();
        InsightFilter filter = filter(operatorId, siteId, enterpriseId, from, to, model);
        OperationsDashboard.Comparison comparison = dashboard.compare(operatorId, filter);
        List<Card> cards = new ArrayList<>();
        for (RecordComponent component : InsightFigures.class.getRecordComponents()) {
            String style = CARDS.get(component.getName());
            if (style == null) {
                continue;
            }
            Object current = value(component, comparison.current());
            Object previous = value(component, comparison.previous());
            cards.add(new Card(
                    component.getName(),
                    format(style, current, comparison.currency()),
                    format(style, previous, comparison.currency()),
                    change(current, previous),
                    DrillDowns.knows(component.getName())));
        }
        model.addAttribute("cards", cards);
        model.addAttribute("figures", comparison.current());
        List<OperationsDashboard.TrendDay> trend = dashboard.trend(operatorId, filter);
        model.addAttribute("trendDays", join(trend.stream().map(day -> day.day().toString())));
        model.addAttribute("trendOrders", join(trend.stream().map(day -> Long.toString(day.orders()))));
        model.addAttribute(
                "trendGmv",
                join(trend.stream()
                        .map(day ->
                                java.math.BigDecimal.valueOf(day.gmvMinor(), 2).toPlainString())));
        model.addAttribute("trendActive", join(trend.stream().map(day -> Long.toString(day.activeMembers()))));
        model.addAttribute("trendIssued", join(trend.stream().map(day -> Long.toString(day.pointsIssued()))));
        model.addAttribute("trendRedeemed", join(trend.stream().map(day -> Long.toString(day.pointsRedeemed()))));
        model.addAttribute("services", dashboard.services(operatorId, filter));
        MembershipPanel.Panel panel = membership.of(operatorId, filter);
        model.addAttribute("membership", panel);
        model.addAttribute(
                "tierNames", join(panel.tiers().stream().map(tier -> tier.name().replace(",", " "))));
        model.addAttribute("tierMembers", join(panel.tiers().stream().map(tier -> Long.toString(tier.members()))));
        model.addAttribute("currency", comparison.currency());
        return "insights/console-insights";
    }

    @GetMapping("/console/insights/drill")
    String drill(
            Actor actor,
            @RequestParam String metric,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        long operatorId = actor.requireOperator();
        InsightFilter filter = filter(operatorId, siteId, enterpriseId, from, to, model);
        if (!DrillDowns.knows(metric)) {
            throw new io.enjoyspace.shared.NotFoundException();
        }
        DrillDowns.DrillPage rows =
                drillDowns.drill(operatorId, filter, metric, Math.max(0, Math.min(page, 100_000)), DRILL_PAGE_SIZE);
        model.addAttribute("metric", metric);
        model.addAttribute("rows", rows);
        model.addAttribute("pages", Math.max(1, (rows.total() + DRILL_PAGE_SIZE - 1) / DRILL_PAGE_SIZE));
        return "insights/console-drill";
    }

    @GetMapping("/console/insights/drill.csv")
    ResponseEntity<String> drillCsv(
            Actor actor,
            @RequestParam String metric,
            @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String enterpriseId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        long operatorId = actor.requireOperator();
        InsightFilter filter = InsightsApiController.filter(dashboard, operatorId, siteId, enterpriseId, from, to);
        return InsightsApiController.csv(drillDowns.drill(operatorId, filter, metric, 0, DrillDowns.MAX_CSV_ROWS));
    }

    /** The filter asked for; a bad one is named on the page and the default period shown instead. */
    private InsightFilter filter(
            long operatorId, String siteId, String enterpriseId, String from, String to, Model model) {
        InsightFilter filter;
        try {
            filter = InsightsApiController.filter(dashboard, operatorId, siteId, enterpriseId, from, to);
        } catch (InvalidInputException invalid) {
            model.addAttribute("filterError", invalid.errors().get(0).code());
            filter = InsightsApiController.filter(dashboard, operatorId, siteId, enterpriseId, null, null);
        }
        model.addAttribute("filter", filter);
        model.addAttribute("previous", filter.previous());
        model.addAttribute("sites", sites.list(operatorId));
        model.addAttribute("enterprises", enterprises.list(operatorId));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("siteId", filter.siteId() == null ? "" : filter.siteId().toString());
        query.put(
                "enterpriseId",
                filter.enterpriseId() == null ? "" : filter.enterpriseId().toString());
        query.put("from", filter.from().toString());
        query.put("to", filter.to().toString());
        model.addAttribute("query", query);
        return filter;
    }

    private String format(String style, Object value, String currency) {
        if (value == null) {
            return "–";
        }
        return switch (style) {
            case "money" -> formats.money(((Number) value).longValue(), currency);
            case "percent" -> String.format(java.util.Locale.ROOT, "%.1f%%", ((Number) value).doubleValue() * 100);
            case "decimal" -> String.format(java.util.Locale.ROOT, "%.2f", ((Number) value).doubleValue());
            default -> String.format(java.util.Locale.ROOT, "%,d", ((Number) value).longValue());
        };
    }

    private static Double change(Object current, Object previous) {
        if (!(current instanceof Number now) || !(previous instanceof Number before) || before.doubleValue() == 0) {
            return null;
        }
        return Math.round((now.doubleValue() - before.doubleValue()) / Math.abs(before.doubleValue()) * 1000) / 10.0;
    }

    private static Object value(RecordComponent component, InsightFigures figures) {
        try {
            return component.getAccessor().invoke(figures);
        } catch (ReflectiveOperationException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String join(java.util.stream.Stream<String> values) {
        return String.join(",", values.toList());
    }
}
