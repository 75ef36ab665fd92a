package io.enjoyspace.membership;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The enterprise admin's allowance page: the company pool's meters, what each employee drew from it, and handing part
 * of a pool grant to one employee.
 */
@Controller
class EnterpriseAllowancePages {

    private final EnterpriseAllowances pool;
    private final Members members;
    private final Operators operators;
    private final MessageSource messages;

    EnterpriseAllowancePages(EnterpriseAllowances pool, Members members, Operators operators, MessageSource messages) {
        this.pool = pool;
        this.members = members;
        this.operators = operators;
        this.messages = messages;
    }

    /** A pool grant as a meter: what is left of what was granted, in words, until its last day. */
    record PoolMeter(long grantId, String label, String left, String total, int percentLeft, String lastDay) {}

    /** One employee's use of the pool, in words. */
    record UseLine(String name, String mobile, String drawn, long draws, String shared) {}

    @GetMapping("/enterprise/allowances")
    String page(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long enterpriseId = actor.enterpriseId();
        ZoneId zone = operators.get(operatorId).timeZone();
        model.addAttribute(
                "meters",
                pool.pool(operatorId, enterpriseId).stream()
                        .map(grant -> new PoolMeter(
                                grant.id(),
                                grant.label(),
                                amount(grant.unit(), grant.remaining()),
                                amount(grant.unit(), grant.quantity()),
                                (int) (grant.remaining() * 100 / grant.quantity()),
                                LocalDate.ofInstant(grant.validUntil().minusNanos(1), zone)
                                        .toString()))
                        .toList());
        List<EnterpriseAllowances.EmployeeUse> uses = pool.uses(operatorId, enterpriseId);
        Map<Long, Member> people = members.byIds(
                operatorId,
                uses.stream()
                        .map(EnterpriseAllowances.EmployeeUse::memberId)
                        .distinct()
                        .toList());
        model.addAttribute(
                "uses",
                uses.stream()
                        .map(use -> {
                            Member member = people.get(use.memberId());
                            return new UseLine(
                                    member == null ? "#" + use.memberId() : member.name(),
                                    member == null ? "" : member.mobile(),
                                    amount(use.unit(), use.drawnUnits()),
                                    use.draws(),
                                    amount(use.unit(), use.sharedUnits()));
                        })
                        .toList());
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "membership/enterprise-allowances";
    }

    @PostMapping("/enterprise/allowances/shares")
    String share(
            Actor actor,
            @RequestParam(defaultValue = "") String grantId,
            @RequestParam(defaultValue = "") String mobile,
            @RequestParam(defaultValue = "") String units,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long enterpriseId = actor.enterpriseId();
        try {
            Member member = members.findByMobile(operatorId, mobile.strip())
                    .filter(found -> found.enterpriseId() != null && found.enterpriseId() == enterpriseId)
                    .orElseThrow(() -> new InvalidInputException("mobile", "gaps.allowances.notAnEmployee"));
            long parsedUnits = parse(units, "units");
            EnterpriseAllowances.Share share = pool.share(
                    operatorId,
                    enterpriseId,
                    parse(grantId, "grantId"),
                    member.id(),
                    parsedUnits,
                    new IdempotencyKey(idempotencyKey),
                    actor.userId());
            redirect.addFlashAttribute(
                    "shared",
                    message(
                            "gaps.allowances.shared",
                            amount(
                                    share.memberGrant().unit(),
                                    share.memberGrant().quantity()),
                            member.name()));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute(
                    "shareErrors",
                    e.errors().stream()
                            .map(error -> message(error.code(), error.args().toArray()))
                            .toList());
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("shareErrors", List.of(message("gaps.allowances.unknownGrant")));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("shareErrors", List.of(message(e.code())));
        }
        return "redirect:/enterprise/allowances";
    }

    private static long parse(String text, String field) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "gaps.allowances." + field + "Invalid");
        }
    }

    /** {@code 3 h 30 min}, {@code 40 pages}, {@code ¥12.00}. */
    private String amount(AllowanceUnit unit, long quantity) {
        return switch (unit) {
            case MINUTES -> {
                long hours = quantity / 60;
                long minutes = quantity % 60;
                if (hours == 0) {
                    yield message("membership.duration.m", minutes);
                }
                yield minutes == 0
                        ? message("membership.duration.h", hours)
                        : message("membership.duration.hm", hours, minutes);
            }
            case MONEY -> "¥" + java.math.BigDecimal.valueOf(quantity, 2).toPlainString();
            case PAGES, USES -> quantity + " " + message("membership.unit." + unit.name());
        };
    }

    private String message(String code, Object... args) {
        return messages.getMessage(code, args, code, LocaleContextHolder.getLocale());
    }
}
