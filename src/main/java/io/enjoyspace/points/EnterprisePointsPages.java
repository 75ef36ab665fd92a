package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The enterprise admin's points page: the company pool, handing points out one by one or from a CSV file. */
@Controller
class EnterprisePointsPages {

    private final PointsLedger ledger;
    private final PointsAllocations allocations;
    private final PointsDirectory directory;
    private final PointsAllocationPlans plans;

    EnterprisePointsPages(
            PointsLedger ledger,
            PointsAllocations allocations,
            PointsDirectory directory,
            PointsAllocationPlans plans) {
        this.ledger = ledger;
        this.allocations = allocations;
        this.directory = directory;
        this.plans = plans;
    }

    record UsageLine(String name, long allocated, long balance) {}

    record PlanLine(String name, long pointsPerMonth, boolean active, String lastMonth, String lastError) {}

    @PostMapping("/enterprise/points/plans")
    String savePlan(
            Actor actor,
            @RequestParam String mobile,
            @RequestParam(defaultValue = "0") String pointsPerMonth,
            @RequestParam(defaultValue = "false") boolean active,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            long memberId = directory
                    .memberByMobile(operatorId, mobile)
                    .orElseThrow(() -> new InvalidInputException("memberId", "points.notAnEmployee"));
            long points;
            try {
                points = Long.parseLong(pointsPerMonth.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("pointsPerMonth", "points.allocationPoints");
            }
            plans.save(operatorId, actor.enterpriseId(), memberId, points, active);
            redirect.addFlashAttribute("planSaved", true);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("allocationErrors", e.errors());
        }
        return "redirect:/enterprise/points";
    }

    @GetMapping("/enterprise/points")
    String pool(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long enterpriseId = actor.enterpriseId();
        model.addAttribute("poolBalance", ledger.balance(operatorId, Account.enterprise(enterpriseId)));
        model.addAttribute(
                "usage",
                allocations.usage(operatorId, enterpriseId).stream()
                        .map(usage -> new UsageLine(
                                directory.memberName(operatorId, usage.memberId()), usage.allocated(), usage.balance()))
                        .toList());
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        model.addAttribute(
                "plans",
                plans.plans(operatorId, enterpriseId).stream()
                        .map(plan -> new PlanLine(
                                directory.memberName(operatorId, plan.memberId()),
                                plan.pointsPerMonth(),
                                plan.active(),
                                plan.lastMonth(),
                                plan.lastError()))
                        .toList());
        return "points/enterprise-points";
    }

    @PostMapping("/enterprise/points/allocations")
    String allocateOne(
            Actor actor,
            @RequestParam String mobile,
            @RequestParam(defaultValue = "") String points,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        return allocate(
                actor, "mobile,points\n" + mobile.replace(",", "") + "," + points.strip(), idempotencyKey, redirect);
    }

    @PostMapping("/enterprise/points/allocations/file")
    String allocateFile(
            Actor actor,
            @RequestParam("file") MultipartFile file,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect)
            throws IOException {
        return allocate(actor, new String(file.getBytes(), StandardCharsets.UTF_8), idempotencyKey, redirect);
    }

    private String allocate(Actor actor, String csv, String idempotencyKey, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            List<PointsAllocations.Grant> grants = AllocationCsv.parse(csv, operatorId, directory);
            allocations.allocate(
                    operatorId,
                    actor.enterpriseId(),
                    new IdempotencyKey(idempotencyKey).value(),
                    grants,
                    actor.userId());
            redirect.addFlashAttribute(
                    "allocated",
                    grants.stream().mapToLong(PointsAllocations.Grant::points).sum());
            redirect.addFlashAttribute("allocatedTo", grants.size());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("allocationErrors", e.errors());
        } catch (ConflictException e) {
            redirect.addFlashAttribute(
                    "allocationErrors", List.of(new InvalidInputException.FieldError("points", e.code())));
        }
        return "redirect:/enterprise/points";
    }
}
