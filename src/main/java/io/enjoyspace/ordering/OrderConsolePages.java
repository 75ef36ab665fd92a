package io.enjoyspace.ordering;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's order desk: one order with its steps, payments, photos and cases, and every step staff can take on it
 * (accept, schedule, start, complete, reject, reassign to a provider, assign a colleague, cancel); and the return
 * visits and complaints still open.
 */
@Controller
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class OrderConsolePages {

    private final Orders orders;
    private final OrderLifecycle lifecycle;
    private final OrderCompletion completion;
    private final OrderPayments payments;
    private final OrderCases cases;
    private final ServiceRequests serviceRequests;
    private final OrderStaffDirectory staff;
    private final Members members;
    private final Operators operators;
    private final Clock clock;
    private final CheckoutDesk checkout;

    OrderConsolePages(
            CheckoutDesk checkout,
            Orders orders,
            OrderLifecycle lifecycle,
            OrderCompletion completion,
            OrderPayments payments,
            OrderCases cases,
            ServiceRequests serviceRequests,
            OrderStaffDirectory staff,
            Members members,
            Operators operators,
            Clock clock) {
        this.checkout = checkout;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.completion = completion;
        this.payments = payments;
        this.cases = cases;
        this.serviceRequests = serviceRequests;
        this.staff = staff;
        this.members = members;
        this.operators = operators;
        this.clock = clock;
    }

    @GetMapping("/console/orders/{id}")
    String order(Actor actor, @PathVariable String id, Model model) {
        long operatorId = actor.requireOperator();
        Order order = orders.get(operatorId, Ids.parse(id));
        model.addAttribute("order", order);
        model.addAttribute("member", members.get(operatorId, order.memberId()));
        model.addAttribute("steps", orders.steps(operatorId, order.id()));
        model.addAttribute("photoIds", serviceRequests.photoIds(operatorId, order.id()));
        model.addAttribute("cases", cases.open(operatorId, null, order.id(), true, 50));
        model.addAttribute("late", order.isLate(clock.instant()));
        List<Long> colleagues = staff.dispatchableStaff(operatorId);
        model.addAttribute("colleagues", staff.displayNames(operatorId, colleagues));
        List<Long> named = new ArrayList<>(colleagues);
        if (order.assignedUserId() != null) {
            named.add(order.assignedUserId());
        }
        model.addAttribute("assigneeNames", staff.displayNames(operatorId, named));
        return "ordering/console-order";
    }

    @PostMapping("/console/orders/{id}/steps/{step}")
    String step(
            Actor actor,
            @PathVariable String id,
            @PathVariable String step,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String scheduledFor,
            @RequestParam(defaultValue = "") String providerId,
            @RequestParam(defaultValue = "") String userId,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long orderId = Ids.parse(id);
        OrderLifecycle.By by = OrderLifecycle.By.staff(actor.userId());
        try {
            switch (step) {
                case "accept" -> lifecycle.accept(operatorId, orderId, by);
                case "start" -> lifecycle.start(operatorId, orderId, by);
                case "complete" -> completion.complete(operatorId, orderId, by);
                case "close" -> lifecycle.close(operatorId, orderId, by);
                case "reject" -> lifecycle.reject(operatorId, orderId, by, reason);
                case "cancel" -> payments.cancel(operatorId, orderId, by, reason);
                case "schedule" -> lifecycle.schedule(operatorId, orderId, by, local(operatorId, scheduledFor));
                case "reassign" ->
                    lifecycle.reassign(
                            operatorId,
                            orderId,
                            by,
                            providerId.isBlank() ? null : id(providerId, "providerId"),
                            null,
                            reason);
                case "assign" ->
                    serviceRequests.assign(operatorId, orderId, id(userId, "assigneeUserId"), actor.userId());
                case "grab" -> serviceRequests.grab(operatorId, orderId, actor.userId());
                default -> throw new NotFoundException();
            }
            redirect.addFlashAttribute("done", "order.step." + step);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.code());
        }
        return "redirect:/console/orders/" + orderId;
    }

    private java.time.Instant local(long operatorId, String value) {
        try {
            return LocalDateTime.parse(value)
                    .atZone(operators.get(operatorId).timeZone())
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("scheduledFor", "order.scheduledFor.required");
        }
    }

    private static long id(String value, String field) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "serviceRequest.assignee");
        }
    }

    /**
     * The front desk orders for a member who walks in: found by mobile number, charged like an online order (points,
     * company bill or wallet), recorded as the FRONT_DESK channel with the staff member who placed it.
     */
    @PostMapping("/console/orders/front-desk")
    String frontDesk(
            Actor actor,
            @RequestParam(defaultValue = "") String mobile,
            @RequestParam(defaultValue = "0") String offeringId,
            @RequestParam(defaultValue = "1") String quantity,
            @RequestParam(defaultValue = "0") String pointsToUse,
            @RequestParam(defaultValue = "ENTERPRISE_BILLING") String paymentMethod,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        try {
            io.enjoyspace.tenancy.Member member = members.search(operatorId, mobile.strip(), 5).stream()
                    .filter(found -> found.mobile().equals(mobile.strip()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException("mobile", "order.frontDesk.unknownMember"));
            CheckoutDesk.Placed placed = checkout.place(new CheckoutDesk.PlaceOrder(
                    operatorId,
                    actor.userId(),
                    member.id(),
                    new io.enjoyspace.shared.IdempotencyKey(idempotencyKey),
                    java.util.List.of(new CheckoutDesk.PlaceOrder.Line(
                            number(offeringId, "offeringId"), (int) number(quantity, "quantity"))),
                    paymentMethod(paymentMethod),
                    number(pointsToUse, "pointsToUse"),
                    true,
                    Order.Channel.FRONT_DESK));
            redirect.addFlashAttribute("done", "order.frontDesk.placed");
            return "redirect:/console/orders/" + placed.order().id();
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.code());
        }
        return "redirect:/console/orders";
    }

    private static long number(String value, String field) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "order.frontDesk.number");
        }
    }

    private static PaymentMethod paymentMethod(String value) {
        try {
            return PaymentMethod.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("paymentMethod", "order.paymentMethod.unavailable");
        }
    }

    @GetMapping("/console/orders/{id}/photos/{photoId}")
    org.springframework.http.ResponseEntity<byte[]> photo(
            Actor actor, @PathVariable String id, @PathVariable String photoId) {
        ServiceRequests.Photo photo = serviceRequests.photo(actor.requireOperator(), Ids.parse(id), Ids.parse(photoId));
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType(photo.contentType()))
                .body(photo.bytes());
    }

    @GetMapping("/console/order-cases")
    String openCases(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        List<OrderCases.Case> open = cases.open(operatorId, null, null, false, 200);
        model.addAttribute("cases", open);
        model.addAttribute(
                "memberNames",
                open.stream()
                        .map(OrderCases.Case::memberId)
                        .distinct()
                        .collect(java.util.stream.Collectors.toMap(
                                memberId -> memberId,
                                memberId -> members.get(operatorId, memberId).name())));
        return "ordering/console-cases";
    }

    @PostMapping("/console/order-cases/{id}")
    String updateCase(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "") String note,
            RedirectAttributes redirect) {
        try {
            OrderCases.Status next;
            try {
                next = OrderCases.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "order.case.status");
            }
            cases.update(actor.requireOperator(), Ids.parse(id), next, note, actor.userId());
            redirect.addFlashAttribute("done", "order.case.updated");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.code());
        }
        return "redirect:/console/order-cases";
    }
}
