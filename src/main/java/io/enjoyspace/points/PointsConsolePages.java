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
    private final PointsAdjustments adjustments;

    PointsConsolePages(
            PointsReports reports,
            PointsLedger ledger,
            PointsHolds holds,
            PointsDirectory directory,
            PointsReportsApiController api,
            PointsAdjustments adjustments) {
        this.adjustments = adjustments;
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
        model.addAttribute("pendingAdjustments", adjustments.list(operatorId, Adjustment.Status.PENDING_APPROVAL, 50));
        model.addAttribute("idempotencyKey", java.util.UUID.randomUUID().toString());
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

    /** Staff adjust the member they looked up; above their limit it waits for an admin. */
    @org.springframework.web.bind.annotation.PostMapping("/console/points/adjustments")
    String adjust(
            Actor actor,
            @RequestParam String mobile,
            @RequestParam long memberId,
            @RequestParam(defaultValue = "0") String points,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam String idempotencyKey,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        redirect.addAttribute("mobile", mobile);
        try {
            long amount;
            try {
                amount = Long.parseLong(points.strip());
            } catch (NumberFormatException e) {
                throw new io.enjoyspace.shared.InvalidInputException("points", "points.adjustmentZero");
            }
            Adjustment adjustment = adjustments.request(
                    actor,
                    new PointsAdjustments.Request(
                            Account.member(memberId),
                            amount,
                            reason,
                            new io.enjoyspace.shared.IdempotencyKey(idempotencyKey).value()));
            redirect.addFlashAttribute("adjusted", adjustment.status().name());
        } catch (io.enjoyspace.shared.InvalidInputException e) {
            redirect.addFlashAttribute("adjustmentError", e.errors().get(0).code());
        } catch (io.enjoyspace.shared.ConflictException e) {
            redirect.addFlashAttribute("adjustmentError", e.code());
        }
        return "redirect:/console/points";
    }

    @org.springframework.web.bind.annotation.PostMapping("/console/points/adjustments/{id}/{decision}")
    String decide(
            Actor actor,
            @org.springframework.web.bind.annotation.PathVariable long id,
            @org.springframework.web.bind.annotation.PathVariable String decision,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        try {
            if ("approve".equals(decision)) {
                adjustments.approve(actor, id);
            } else if ("reject".equals(decision)) {
                adjustments.reject(actor, id);
            } else {
                throw new io.enjoyspace.shared.NotFoundException();
            }
        } catch (io.enjoyspace.shared.ConflictException e) {
            redirect.addFlashAttribute("adjustmentError", e.code());
        }
        return "redirect:/console/points";
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
