package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The console's home page. */
@Controller
class DashboardPages {

    private final Dashboard dashboard;

    DashboardPages(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    static final int TREND_DAYS = 14;

    @GetMapping("/console")
    String home(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("today", dashboard.today(operatorId));
        List<Dashboard.DayFigures> trend = dashboard.trend(operatorId, TREND_DAYS);
        model.addAttribute(
                "trendDays", trend.stream().map(day -> day.day().toString()).toList());
        model.addAttribute(
                "trendOrders", trend.stream().map(Dashboard.DayFigures::orders).toList());
        model.addAttribute(
                "trendGmv",
                trend.stream().map(day -> day.gmv().toDecimalString()).toList());
        model.addAttribute(
                "trendPoints",
                trend.stream().map(Dashboard.DayFigures::pointsIssued).toList());
        return "insights/console-home";
    }

    /** The figures alone, for htmx to refresh the cards without reloading the page. */
    @GetMapping("/console/dashboard/today")
    String figures(Actor actor, Model model) {
        model.addAttribute("today", dashboard.today(actor.requireOperator()));
        return "insights/console-home :: figures";
    }

    @Tag(name = "Insights")
    @RestController
    static class DashboardApiController {

        private final Dashboard dashboard;

        DashboardApiController(Dashboard dashboard) {
            this.dashboard = dashboard;
        }

        record Today(
                LocalDate day, long orders, long gmvMinor, String currency, long pointsIssued, long activeMembers) {}

        @Operation(summary = "Today's figures for the operator's dashboard (operator staff)")
        @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
        @GetMapping("/api/v1/dashboard/today")
        Today today(Actor actor) {
            Dashboard.DayFigures figures = dashboard.today(actor.requireOperator());
            return new Today(
                    figures.day(),
                    figures.orders(),
                    figures.gmv().amountMinor(),
                    figures.gmv().currency(),
                    figures.pointsIssued(),
                    figures.activeMembers());
        }
    }
}
