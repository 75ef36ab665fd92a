package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's points page: liability, daily flows, reconciliation, and one member's ledger by mobile number. */
@Controller
class PointsConsolePages {

    private final PointsReports reports;
    private final PointsLedger ledger;
    private final PointsHolds holds;
    private final PointsDirectory directory;
    private final PointsReportsApiController api;

    PointsConsolePages(
            PointsReports reports,
            PointsLedger ledger,
            PointsHolds holds,
            PointsDirectory directory,
            PointsReportsApiController api) {
        this.reports = reports;
        this.ledger = ledger;
        this.holds = holds;
        this.directory = directory;
        this.api = api;
    }

    @GetMapping("/console/points")
    String points(Actor actor, @RequestParam(required = false) String mobile, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("liability", reports.liability(operatorId));
        java.time.LocalDate today = reports.today(operatorId);
        java.util.List<PointsReports.DayFlow> flows =
                new java.util.ArrayList<>(reports.flows(operatorId, today.minusDays(13), today));
        java.util.Collections.reverse(flows);
        model.addAttribute("flows", flows);
        model.addAttribute("reconciliation", reports.reconcile(operatorId));
        model.addAttribute("mobile", mobile);
        if (mobile != null && !mobile.isBlank()) {
            directory
                    .memberByMobile(operatorId, mobile)
                    .ifPresentOrElse(
                            memberId -> {
                                Account account = Account.member(memberId);
                                model.addAttribute("memberId", memberId);
                                model.addAttribute("memberBalance", ledger.balance(operatorId, account));
                                model.addAttribute(
                                        "memberHeld",
                                        holds.pending(operatorId, account).stream()
                                                .mapToLong(Hold::points)
                                                .sum());
                                model.addAttribute("memberLots", ledger.lots(operatorId, account));
                                model.addAttribute("memberHistory", ledger.history(operatorId, account, 0, 50));
                            },
                            () -> model.addAttribute("memberNotFound", true));
        }
        return "points/console-points";
    }

    /** The same CSV downloads as the API's, for a signed-in console session. */
    @GetMapping("/console/points/liability.csv")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<String> liabilityCsv(Actor actor) {
        return api.liabilityCsv(actor);
    }

    @GetMapping("/console/points/flows.csv")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<String> flowsCsv(Actor actor) {
        return api.flowsCsv(actor, null, null);
    }

    @GetMapping("/console/points/members/{id}/transactions.csv")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<String> memberCsv(
            Actor actor, @org.springframework.web.bind.annotation.PathVariable String id) {
        return api.memberHistoryCsv(actor, id);
    }
}
