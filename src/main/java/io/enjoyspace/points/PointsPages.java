package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The member's points page: balance and history. */
@Controller
class PointsPages {

    private final PointsLedger ledger;
    private final PointsTransfers transfers;
    private final PointsDirectory directory;
    private final java.time.Clock clock;

    PointsPages(PointsLedger ledger, PointsTransfers transfers, PointsDirectory directory, java.time.Clock clock) {
        this.ledger = ledger;
        this.transfers = transfers;
        this.directory = directory;
        this.clock = clock;
    }

    @GetMapping("/portal/points")
    String points(
            Actor actor,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "ALL") String direction,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "0") int days,
            Model model) {
        PointsLedger.HistoryFilter.Direction shown;
        try {
            shown = PointsLedger.HistoryFilter.Direction.valueOf(direction);
        } catch (IllegalArgumentException e) {
            shown = PointsLedger.HistoryFilter.Direction.ALL;
        }
        int period = java.util.List.of(30, 90, 365).contains(days) ? days : 0;
        Account account = PointsApiController.accountOf(actor);
        long operatorId = actor.requireOperator();
        model.addAttribute("balance", ledger.balance(operatorId, account));
        model.addAttribute(
                "pending",
                account.type() == AccountType.MEMBER
                        ? ledger.balance(operatorId, Account.pending(account.ownerId()))
                        : 0);
        model.addAttribute(
                "expiring",
                ledger.expiringBefore(
                        operatorId,
                        account,
                        clock.instant().plus(java.time.Duration.ofDays(PointsApiController.EXPIRY_NOTICE_DAYS))));
        model.addAttribute(
                "history",
                ledger.history(
                        operatorId,
                        account,
                        new PointsLedger.HistoryFilter(
                                shown, period == 0 ? null : clock.instant().minus(java.time.Duration.ofDays(period))),
                        0,
                        100));
        model.addAttribute("direction", shown.name());
        model.addAttribute("days", period);
        model.addAttribute("idempotencyKey", java.util.UUID.randomUUID().toString());
        return "points/portal-points";
    }

    /** Gives points to a colleague found by mobile number; errors come back beside the field. */
    @org.springframework.web.bind.annotation.PostMapping("/portal/points/transfers")
    String transfer(
            Actor actor,
            @org.springframework.web.bind.annotation.RequestParam String mobile,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "0") String points,
            @org.springframework.web.bind.annotation.RequestParam String idempotencyKey,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            long to = directory
                    .memberByMobile(operatorId, mobile)
                    .orElseThrow(() -> new InvalidInputException("toMemberId", "points.unknownRecipient"));
            long amount = parsePoints(points);
            transfers.transfer(new PointsTransfers.Transfer(
                    operatorId,
                    actor.requireMember(),
                    to,
                    amount,
                    new io.enjoyspace.shared.IdempotencyKey(idempotencyKey).value()));
            redirect.addFlashAttribute("transferred", amount);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("transferField", e.errors().get(0).field());
            redirect.addFlashAttribute("transferError", e.errors().get(0).code());
        } catch (io.enjoyspace.shared.ConflictException e) {
            redirect.addFlashAttribute("transferField", "points");
            redirect.addFlashAttribute("transferError", e.code());
        }
        return "redirect:/portal/points";
    }

    private static long parsePoints(String points) {
        try {
            return Long.parseLong(points.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("points", "points.transferOverLimit");
        }
    }
}
