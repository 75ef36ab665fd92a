package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's points page: liability, daily flows, reconciliation, one member's ledger by mobile number, and a search
 * of the whole ledger by member, company, reference, reason code and dates.
 */
@Controller
class PointsConsolePages {

    private final PointsReports reports;
    private final PointsLedger ledger;
    private final PointsHolds holds;
    private final PointsDirectory directory;
    private final PointsReportsApiController api;
    private final PointsAdjustments adjustments;
    private final PointsLedgerSearch search;
    private final PointsLedgerSearchApiController searchApi;

    PointsConsolePages(
            PointsReports reports,
            PointsLedger ledger,
            PointsHolds holds,
            PointsDirectory directory,
            PointsReportsApiController api,
            PointsAdjustments adjustments,
            PointsLedgerSearch search,
            PointsLedgerSearchApiController searchApi) {
        this.adjustments = adjustments;
        this.search = search;
        this.searchApi = searchApi;
        this.reports = reports;
        this.ledger = ledger;
        this.holds = holds;
        this.directory = directory;
        this.api = api;
    }

    @GetMapping("/console/points")
    String points(
            Actor actor,
            @RequestParam(required = false) String mobile,
            @org.springframework.web.bind.annotation.ModelAttribute("ledgerForm") LedgerSearchForm ledgerForm,
            Model model) {
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
        model.addAttribute("enterprises", directory.enterpriseNames(operatorId));
        model.addAttribute("ledgerErrors", Map.of());
        if (ledgerForm.submitted()) {
            Map<String, String> errors = new LinkedHashMap<>();
            PointsLedgerSearch.Criteria criteria = ledgerForm.criteria(operatorId, directory, errors);
            model.addAttribute("ledgerErrors", errors);
            if (errors.isEmpty()) {
                try {
                    model.addAttribute(
                            "ledgerResult",
                            search.search(operatorId, criteria, ledgerForm.pageNumber(), LEDGER_PAGE_SIZE));
                    String query = ledgerForm.query();
                    model.addAttribute("ledgerCsvUrl", "/console/points/ledger.csv?" + query);
                    model.addAttribute("ledgerPageUrl", "/console/points?" + query + "&page=");
                } catch (io.enjoyspace.shared.InvalidInputException e) {
                    e.errors().forEach(error -> errors.put(error.field(), error.code()));
                }
            }
        }
        return "points/console-points";
    }

    static final int LEDGER_PAGE_SIZE = 50;

    /**
     * The console's ledger search as the form sends it: text, checked here so that a mistake shows beside its field.
     * The member is found by mobile number, as people at the front desk know them.
     *
     * @param ledger present when the form was sent
     */
    record LedgerSearchForm(
            String ledger,
            String memberMobile,
            String enterpriseId,
            Boolean includeEmployees,
            String referenceType,
            String referenceId,
            String reasonCode,
            String from,
            String to,
            String page) {

        boolean submitted() {
            return ledger != null;
        }

        int pageNumber() {
            try {
                return page == null ? 0 : Math.max(0, Math.min(100_000, Integer.parseInt(page.strip())));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        boolean employeesIncluded() {
            return Boolean.TRUE.equals(includeEmployees);
        }

        /** The criteria, or null with {@code errors} filled: field name to message key. */
        PointsLedgerSearch.Criteria criteria(long operatorId, PointsDirectory directory, Map<String, String> errors) {
            Long memberId = null;
            if (memberMobile != null && !memberMobile.isBlank()) {
                memberId = directory.memberByMobile(operatorId, memberMobile).orElse(null);
                if (memberId == null) {
                    errors.put("memberMobile", "points.unknownRecipient");
                }
            }
            Long enterprise = enterpriseId == null || enterpriseId.isBlank()
                    ? null
                    : io.enjoyspace.shared.Ids.parse(enterpriseId.strip());
            LocalDate fromDay = date("from", from, errors);
            LocalDate toDay = date("to", to, errors);
            return errors.isEmpty()
                    ? new PointsLedgerSearch.Criteria(
                            memberId,
                            enterprise,
                            employeesIncluded(),
                            referenceType,
                            referenceId,
                            reasonCode,
                            fromDay,
                            toDay)
                    : null;
        }

        /** The same search as query parameters, for the download and the other pages. */
        String query() {
            org.springframework.web.util.UriComponentsBuilder uri =
                    org.springframework.web.util.UriComponentsBuilder.newInstance();
            uri.queryParam("ledger", "1");
            add(uri, "memberMobile", memberMobile);
            add(uri, "enterpriseId", enterpriseId);
            if (employeesIncluded()) {
                uri.queryParam("includeEmployees", "true");
            }
            add(uri, "referenceType", referenceType);
            add(uri, "referenceId", referenceId);
            add(uri, "reasonCode", reasonCode);
            add(uri, "from", from);
            add(uri, "to", to);
            return uri.encode().build().getQuery();
        }

        private static void add(org.springframework.web.util.UriComponentsBuilder uri, String name, String value) {
            if (value != null && !value.isBlank()) {
                uri.queryParam(name, value.strip());
            }
        }

        private static LocalDate date(String field, String text, Map<String, String> errors) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                errors.put(field, "pointsConsole.ledger.badDate");
                return null;
            }
        }
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

    /** The console's ledger search as CSV: every matching entry, as the API's download gives it. */
    @GetMapping("/console/points/ledger.csv")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<String> ledgerCsv(
            Actor actor, @org.springframework.web.bind.annotation.ModelAttribute LedgerSearchForm ledgerForm) {
        long operatorId = actor.requireOperator();
        Map<String, String> errors = new LinkedHashMap<>();
        PointsLedgerSearch.Criteria criteria = ledgerForm.criteria(operatorId, directory, errors);
        if (errors.containsKey("memberMobile")) {
            throw new io.enjoyspace.shared.NotFoundException();
        }
        if (!errors.isEmpty()) {
            return org.springframework.http.ResponseEntity.badRequest().build();
        }
        try {
            return searchApi.csv(operatorId, criteria);
        } catch (io.enjoyspace.shared.InvalidInputException e) {
            return org.springframework.http.ResponseEntity.badRequest().build();
        }
    }

    @GetMapping("/console/points/members/{id}/transactions.csv")
    @org.springframework.web.bind.annotation.ResponseBody
    org.springframework.http.ResponseEntity<String> memberCsv(
            Actor actor, @org.springframework.web.bind.annotation.PathVariable String id) {
        return api.memberHistoryCsv(actor, id);
    }
}
