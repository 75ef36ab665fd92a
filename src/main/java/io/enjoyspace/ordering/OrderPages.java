package io.enjoyspace.ordering;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Orders on the member portal, the operator console and the enterprise pages. */
@Controller
class OrderPages {

    private static final int PAGE_SIZE = 20;

    private final CheckoutDesk checkout;
    private final OrderCompletion completion;
    private final Orders orders;
    private final Members members;
    private final Enterprises enterprises;
    private final Operators operators;
    private final java.time.Clock clock;
    private final OrderRefunds refunds;
    private final io.enjoyspace.shared.Formats formats;
    private final ServiceRequests serviceRequests;
    private final OrderCases cases;
    private final io.enjoyspace.catalog.Catalog catalog;

    OrderPages(
            io.enjoyspace.catalog.Catalog catalog,
            ServiceRequests serviceRequests,
            OrderCases cases,
            CheckoutDesk checkout,
            OrderCompletion completion,
            Orders orders,
            Members members,
            Enterprises enterprises,
            Operators operators,
            java.time.Clock clock,
            OrderRefunds refunds,
            io.enjoyspace.shared.Formats formats) {
        this.refunds = refunds;
        this.formats = formats;
        this.serviceRequests = serviceRequests;
        this.cases = cases;
        this.catalog = catalog;
        this.checkout = checkout;
        this.completion = completion;
        this.orders = orders;
        this.members = members;
        this.enterprises = enterprises;
        this.operators = operators;
        this.clock = clock;
    }

    /**
     * The order form carries a key made when the offering page was shown, so a double click or a resubmitted form
     * places one order.
     */
    @PostMapping("/portal/orders")
    String place(
            Actor actor,
            @RequestParam String offeringId,
            @RequestParam(defaultValue = "1") String quantity,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        int parsedQuantity;
        try {
            parsedQuantity = Integer.parseInt(quantity.strip());
        } catch (NumberFormatException e) {
            parsedQuantity = 0;
        }
        try {
            CheckoutDesk.Placed placed = checkout.place(new CheckoutDesk.PlaceOrder(
                    actor.requireOperator(),
                    actor.userId(),
                    actor.requireMember(),
                    new IdempotencyKey(idempotencyKey),
                    List.of(new CheckoutDesk.PlaceOrder.Line(Ids.parse(offeringId), parsedQuantity)),
                    PaymentMethod.ENTERPRISE_BILLING));
            redirect.addFlashAttribute("placed", true);
            return "redirect:/portal/orders/" + placed.order().id();
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute(
                    "orderErrors",
                    e.errors().stream()
                            .map(InvalidInputException.FieldError::code)
                            .toList());
            redirect.addFlashAttribute("quantity", quantity);
            return "redirect:/portal/offerings/" + offeringId;
        }
    }

    @GetMapping("/portal/orders")
    String myOrders(Actor actor, Model model) {
        model.addAttribute("orders", orders.list(OrderVisibility.scopeOf(actor), (OrderStatus) null, 0, 50));
        return "ordering/portal-orders";
    }

    @GetMapping("/portal/orders/{id}")
    String myOrder(Actor actor, @PathVariable String id, Model model) {
        Order order = OrderVisibility.visible(actor, orders.get(actor.requireOperator(), Ids.parse(id)));
        model.addAttribute("order", order);
        model.addAttribute("steps", orders.steps(order.operatorId(), order.id()));
        model.addAttribute("photoIds", serviceRequests.photoIds(order.operatorId(), order.id()));
        model.addAttribute("cases", cases.open(order.operatorId(), order.memberId(), order.id(), true, 20));
        model.addAttribute("late", order.isLate(clock.instant()));
        return "ordering/portal-order";
    }

    @GetMapping("/console/orders")
    String consoleOrders(
            Actor actor,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "false") boolean late,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Orders.Scope scope = OrderVisibility.scopeOf(actor);
        int safePage = Math.max(0, Math.min(page, 10_000));
        java.time.Instant now = clock.instant();
        Orders.Filter filter = new Orders.Filter(status, null, null, null, false, late ? now : null);
        List<Order> list = orders.list(scope, filter, safePage * PAGE_SIZE, PAGE_SIZE);
        long total = orders.count(scope, filter);
        model.addAttribute("orders", list);
        model.addAttribute("memberNames", memberNames(actor.requireOperator(), list));
        model.addAttribute("status", status);
        model.addAttribute("late", late);
        model.addAttribute("now", now);
        model.addAttribute("lateCount", orders.count(scope, new Orders.Filter(null, null, null, null, false, now)));
        model.addAttribute("statuses", OrderStatus.values());
        model.addAttribute("offerings", catalog.offerings(actor.requireOperator(), null, true));
        model.addAttribute("frontDeskKey", java.util.UUID.randomUUID().toString());
        model.addAttribute("page", safePage);
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("total", total);
        return "ordering/console-orders";
    }

    /** Completes an order; an htmx request gets the refreshed table row back, a plain form a redirect. */
    @PostMapping("/console/orders/{id}/complete")
    String complete(
            Actor actor,
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Order order;
        try {
            order = completion.complete(operatorId, Ids.parse(id), actor.userId());
        } catch (ConflictException e) {
            if (htmx != null) {
                response.setStatus(HttpServletResponse.SC_CONFLICT);
            }
            redirect.addFlashAttribute("error", e.code());
            order = orders.get(operatorId, Ids.parse(id));
        }
        if (htmx == null) {
            return "redirect:/console/orders";
        }
        // The row fragment repeats over "orders": give it the one order it shows.
        model.addAttribute("orders", List.of(order));
        model.addAttribute("now", clock.instant());
        model.addAttribute("memberNames", memberNames(operatorId, List.of(order)));
        return "ordering/console-orders :: row";
    }

    /** Refunds part or all of a completed order; the outcome, or what was wrong, comes back above the table. */
    @PostMapping("/console/orders/{id}/refunds")
    @org.springframework.security.access.prepost.PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    String refund(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String amountYuan,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long orderId = Ids.parse(id);
        try {
            long amountMinor;
            try {
                amountMinor = new java.math.BigDecimal(amountYuan.strip())
                        .movePointRight(2)
                        .longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new io.enjoyspace.shared.InvalidInputException("amountMinor", "order.refundTooLarge");
            }
            OrderRefunds.Refund refund =
                    refunds.refund(operatorId, orderId, amountMinor, reason, idempotencyKey, actor.userId());
            redirect.addFlashAttribute(
                    "refunded",
                    List.of(
                            formats.money(
                                    refund.amountMinor(),
                                    orders.get(operatorId, orderId).total().currency()),
                            Long.toString(orderId)));
        } catch (io.enjoyspace.shared.InvalidInputException e) {
            redirect.addFlashAttribute("error", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.code());
        }
        return "redirect:/console/orders?status=COMPLETED";
    }

    @GetMapping("/enterprise")
    String enterprise(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long enterpriseId = actor.enterpriseId();
        LocalDate month = LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()))
                .withDayOfMonth(1);
        List<Order> list = orders.list(OrderVisibility.scopeOf(actor), (OrderStatus) null, 0, 50);
        model.addAttribute("enterprise", enterprises.get(operatorId, enterpriseId));
        model.addAttribute("employees", members.list(operatorId, enterpriseId, 200));
        model.addAttribute("orders", list);
        model.addAttribute("memberNames", memberNames(operatorId, list));
        model.addAttribute("billingMonth", month);
        model.addAttribute("monthChargesMinor", orders.enterpriseChargesMinor(operatorId, enterpriseId, month));
        return "ordering/enterprise-home";
    }

    private Map<Long, String> memberNames(long operatorId, List<Order> list) {
        return list.stream()
                .map(Order::memberId)
                .distinct()
                .map(memberId -> members.get(operatorId, memberId))
                .collect(Collectors.toMap(
                        io.enjoyspace.tenancy.Member::id, io.enjoyspace.tenancy.Member::name, (a, b) -> a));
    }
}
