package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The member's points page: balance and history. */
@Controller
class PointsPages {

    private final PointsLedger ledger;
    private final java.time.Clock clock;

    PointsPages(PointsLedger ledger, java.time.Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @GetMapping("/portal/points")
    String points(Actor actor, Model model) {
        Account account = PointsApiController.accountOf(actor);
        long operatorId = actor.requireOperator();
        model.addAttribute("balance", ledger.balance(operatorId, account));
        model.addAttribute(
                "expiring",
                ledger.expiringBefore(
                        operatorId,
                        account,
                        clock.instant().plus(java.time.Duration.ofDays(PointsApiController.EXPIRY_NOTICE_DAYS))));
        model.addAttribute("history", ledger.history(operatorId, account, 0, 100));
        return "points/portal-points";
    }
}
