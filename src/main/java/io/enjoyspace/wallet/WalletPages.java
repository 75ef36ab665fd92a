package io.enjoyspace.wallet;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's wallet desk (find a member by name or mobile, top up with money received, see the history, the
 * liability and its reconciliation) and the member's own wallet page in the portal.
 */
@Controller
class WalletPages {

    static final int PAGE_SIZE = 20;
    static final int REPORT_DAYS = 14;
    static final List<Integer> PERIODS = List.of(0, 30, 90, 365);

    private final MemberWallets wallets;
    private final WalletReports reports;
    private final Members members;
    private final Clock clock;

    WalletPages(MemberWallets wallets, WalletReports reports, Members members, Clock clock) {
        this.wallets = wallets;
        this.reports = reports;
        this.members = members;
        this.clock = clock;
    }

    @GetMapping("/console/wallets")
    String console(
            Actor actor,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Long memberId,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        long operatorId = actor.requireOperator();
        WalletReports.Reconciliation reconciliation = reports.reconcile(operatorId);
        model.addAttribute("reconciliation", reconciliation);
        LocalDate today = reports.today(operatorId);
        List<WalletReports.Day> days =
                new ArrayList<>(reports.days(operatorId, today.minusDays(REPORT_DAYS - 1L), today));
        Collections.reverse(days);
        model.addAttribute("days", days);
        model.addAttribute("q", q == null ? "" : q.strip());
        if (q != null && !q.isBlank()) {
            List<Member> found = members.search(operatorId, q, 20);
            Map<Long, Money> balances = new LinkedHashMap<>();
            found.forEach(member -> balances.put(member.id(), wallets.balance(operatorId, member.id())));
            model.addAttribute("results", found);
            model.addAttribute("balances", balances);
        }
        if (memberId != null) {
            Member member = members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
            model.addAttribute("member", member);
            model.addAttribute(
                    "statement",
                    wallets.statement(
                            operatorId, member.id(), WalletStatement.Filter.ALL, Math.max(0, page), PAGE_SIZE));
            model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        }
        model.addAttribute("isAdmin", actor.role() == io.enjoyspace.shared.Role.OPERATOR_ADMIN);
        return "wallet/console-wallets";
    }

    @PostMapping("/console/wallets/{memberId}/top-ups")
    String topUp(
            Actor actor,
            @PathVariable long memberId,
            @RequestParam(defaultValue = "") String amount,
            @RequestParam(defaultValue = "") String note,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        redirect.addAttribute("memberId", memberId);
        try {
            WalletTransaction posted = wallets.topUp(
                    operatorId,
                    memberId,
                    Money.of(yuan(amount, false), MemberWallets.CURRENCY),
                    new IdempotencyKey(idempotencyKey),
                    actor.userId(),
                    note);
            redirect.addFlashAttribute("toppedUp", posted.amount());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("topUpError", e.errors().get(0));
            redirect.addFlashAttribute("topUpAmount", amount);
            redirect.addFlashAttribute("topUpNote", note);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("topUpError", new InvalidInputException.FieldError("amount", e.code()));
        }
        return "redirect:/console/wallets";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/wallets/{memberId}/adjustments")
    String adjust(
            Actor actor,
            @PathVariable long memberId,
            @RequestParam(defaultValue = "") String amount,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        redirect.addAttribute("memberId", memberId);
        try {
            WalletTransaction posted = wallets.adjust(
                    operatorId,
                    memberId,
                    Money.of(yuan(amount, true), MemberWallets.CURRENCY),
                    new IdempotencyKey(idempotencyKey),
                    actor.userId(),
                    reason);
            redirect.addFlashAttribute("adjusted", posted.amount());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("adjustmentError", e.errors().get(0));
            redirect.addFlashAttribute("adjustmentAmount", amount);
            redirect.addFlashAttribute("adjustmentReason", reason);
        } catch (InsufficientWalletBalanceException e) {
            redirect.addFlashAttribute(
                    "adjustmentError", e.onField("amount").errors().get(0));
            redirect.addFlashAttribute("adjustmentAmount", amount);
            redirect.addFlashAttribute("adjustmentReason", reason);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("adjustmentError", new InvalidInputException.FieldError("amount", e.code()));
        }
        return "redirect:/console/wallets";
    }

    @GetMapping("/portal/wallet")
    String portal(
            Actor actor,
            @RequestParam(required = false) WalletTransactionKind kind,
            @RequestParam(defaultValue = "0") int days,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        long memberId = actor.requireMember();
        int period = PERIODS.contains(days) ? days : 0;
        WalletStatement.Filter filter = new WalletStatement.Filter(
                kind, period == 0 ? null : clock.instant().minus(Duration.ofDays(period)), null);
        model.addAttribute(
                "statement",
                wallets.statement(
                        actor.requireOperator(), memberId, filter, Math.max(0, Math.min(page, 100_000)), PAGE_SIZE));
        model.addAttribute("kind", kind == null ? "" : kind.name());
        model.addAttribute("days", period);
        model.addAttribute("kinds", WalletTransactionKind.values());
        model.addAttribute("periods", PERIODS);
        return "wallet/portal-wallet";
    }

    /** Yuan as people type them ({@code 200}, {@code 88.5}) in fen; at most two decimals. */
    static long yuan(String text, boolean signed) {
        String value = text == null ? "" : text.strip().replace(",", "").replace("¥", "");
        try {
            BigDecimal yuan = new BigDecimal(value);
            if (yuan.scale() > 2) {
                throw new InvalidInputException("amount", "wallet.amountFormat");
            }
            long fen = yuan.movePointRight(2).longValueExact();
            if (!signed && fen <= 0) {
                throw new InvalidInputException("amount", "wallet.amountPositive");
            }
            return fen;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException("amount", "wallet.amountFormat");
        }
    }
}
