package io.enjoyspace.rewards;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The member's points mall in the portal: browse with filters, a reward's page, redeem, and my redemptions. */
@Controller
@PreAuthorize("hasRole('MEMBER')")
class MallPages {

    private final Rewards rewards;
    private final Redemptions redemptions;
    private final PointsLedger ledger;
    private final RewardSegmentLimits segmentLimits;

    MallPages(Rewards rewards, Redemptions redemptions, PointsLedger ledger, RewardSegmentLimits segmentLimits) {
        this.segmentLimits = segmentLimits;
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.ledger = ledger;
    }

    @GetMapping("/portal/mall")
    String mall(
            Actor actor,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) Long maxPoints,
            @RequestParam(defaultValue = "false") boolean inStock,
            Model model) {
        long operatorId = actor.requireOperator();
        RewardKind parsedKind = Arrays.stream(RewardKind.values())
                .filter(k -> k.name().equals(kind))
                .findFirst()
                .orElse(null);
        model.addAttribute(
                "rewards",
                segmentLimits.visibleTo(
                        operatorId,
                        actor.requireMember(),
                        rewards.list(
                                operatorId,
                                new Rewards.Filter(
                                        category, parsedKind, maxPoints, inStock ? Boolean.TRUE : null, true))));
        model.addAttribute("categories", rewards.categories(operatorId));
        model.addAttribute("kinds", RewardKind.values());
        model.addAttribute("category", category == null ? "" : category);
        model.addAttribute("kind", parsedKind == null ? "" : parsedKind.name());
        model.addAttribute("maxPoints", maxPoints);
        model.addAttribute("inStock", inStock);
        model.addAttribute("balance", ledger.balance(operatorId, Account.member(actor.requireMember())));
        return "rewards/portal-mall";
    }

    @GetMapping("/portal/mall/rewards/{id}")
    String reward(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        Reward reward = rewards.published(operatorId, Ids.parse(id));
        model.addAttribute("reward", reward);
        model.addAttribute("available", redemptions.isAvailable(reward.kind()));
        model.addAttribute("balance", ledger.balance(operatorId, Account.member(actor.requireMember())));
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "rewards/portal-reward";
    }

    @PostMapping("/portal/mall/rewards/{id}/redeem")
    String redeem(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "1") String quantity,
            @RequestParam(required = false) String deliveryAddress,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        int parsed;
        try {
            parsed = Integer.parseInt(quantity.trim());
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        try {
            Redemptions.Redeemed redeemed = redemptions.redeem(new Redemptions.Redeem(
                    operatorId,
                    actor.requireMember(),
                    Ids.parse(id),
                    parsed,
                    deliveryAddress,
                    new IdempotencyKey(idempotencyKey)));
            redirect.addFlashAttribute("redeemed", redeemed.redemption().id());
            return "redirect:/portal/mall/redemptions";
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.errors().get(0));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", new InvalidInputException.FieldError("quantity", e.code()));
        } catch (RewardUnavailableException e) {
            redirect.addFlashAttribute("error", new InvalidInputException.FieldError(e.field(), e.code()));
        }
        redirect.addFlashAttribute("quantity", quantity);
        redirect.addFlashAttribute("deliveryAddress", deliveryAddress);
        return "redirect:/portal/mall/rewards/" + id;
    }

    @GetMapping("/portal/mall/redemptions")
    String mine(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        List<Redemption> mine = redemptions.ofMember(operatorId, actor.requireMember(), 50);
        model.addAttribute("redemptions", mine);
        java.util.Map<Long, List<Boolean>> patterns = new java.util.HashMap<>();
        mine.stream().filter(r -> r.pickupCode() != null).forEach(r -> patterns.put(r.id(), pattern(r.pickupCode())));
        model.addAttribute("patterns", patterns);
        model.addAttribute("balance", ledger.balance(operatorId, Account.member(actor.requireMember())));
        return "rewards/portal-redemptions";
    }

    /** A 6 by 6 grid derived from the pickup code, so the desk can spot the right phone at a glance (like a QR). */
    static List<Boolean> pattern(String code) {
        byte[] digest =
                IdempotencyKey.fingerprint("pickup:" + code).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Boolean> cells = new java.util.ArrayList<>();
        for (int i = 0; i < 36; i++) {
            cells.add(Character.digit(digest[i], 16) % 2 == 0);
        }
        return cells;
    }

    @PostMapping("/portal/mall/redemptions/{id}/cancel")
    String cancel(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        try {
            redemptions.cancel(actor.requireOperator(), Ids.parse(id), actor.requireMember(), null);
            redirect.addFlashAttribute("cancelled", true);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("cancelError", e.code());
        } catch (NotFoundException e) {
            throw e;
        }
        return "redirect:/portal/mall/redemptions";
    }
}
