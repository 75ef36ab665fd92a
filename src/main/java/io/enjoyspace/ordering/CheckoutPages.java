package io.enjoyspace.ordering;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Offering;
import io.enjoyspace.catalog.PriceQuote;
import io.enjoyspace.catalog.PriceRequest;
import io.enjoyspace.catalog.Pricing;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.wallet.MemberWallets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member's side of an order after the catalog: checkout with the payment split (points at the operator's rate,
 * the rest by company bill or wallet), paying a waiting order, cancelling, rating, complaining, and requesting a
 * repair with photos.
 */
@Controller
class CheckoutPages {

    private final Catalog catalog;
    private final Members members;
    private final PointsLedger points;
    private final MemberWallets wallets;
    private final CheckoutPolicies policies;
    private final CheckoutDesk checkout;
    private final OrderPayments payments;
    private final OrderCases cases;
    private final Orders orders;
    private final ServiceRequests serviceRequests;
    private final Pricing pricing;
    private final Operators operators;

    CheckoutPages(
            Pricing pricing,
            Operators operators,
            Catalog catalog,
            Members members,
            PointsLedger points,
            MemberWallets wallets,
            CheckoutPolicies policies,
            CheckoutDesk checkout,
            OrderPayments payments,
            OrderCases cases,
            Orders orders,
            ServiceRequests serviceRequests) {
        this.pricing = pricing;
        this.operators = operators;
        this.catalog = catalog;
        this.members = members;
        this.points = points;
        this.wallets = wallets;
        this.policies = policies;
        this.checkout = checkout;
        this.payments = payments;
        this.cases = cases;
        this.orders = orders;
        this.serviceRequests = serviceRequests;
    }

    /** What the checkout page offers: the total, the points the member may use, and who can pay the rest. */
    record Split(
            Money total,
            long pointsBalance,
            long pointsMax,
            int pointsUnit,
            int pointsPerYuan,
            int pointsMaxSharePercent,
            boolean enterpriseBilling,
            Money walletBalance) {}

    @GetMapping("/portal/checkout")
    String checkoutPage(
            Actor actor,
            @RequestParam String offeringId,
            @RequestParam(defaultValue = "1") String quantity,
            @RequestParam(defaultValue = "") String startsAt,
            @RequestParam(defaultValue = "") String endsAt,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        Offering offering = catalog.findOffering(operatorId, Ids.parse(offeringId))
                .filter(Offering::active)
                .orElseThrow(io.enjoyspace.shared.NotFoundException::new);
        int count;
        try {
            count = Integer.parseInt(quantity.strip());
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1 || count > CheckoutDesk.MAX_QUANTITY) {
            redirect.addFlashAttribute("orderErrors", List.of("order.quantity.invalid"));
            redirect.addFlashAttribute("quantity", quantity);
            return "redirect:/portal/offerings/" + offering.id();
        }
        Member member = members.get(operatorId, actor.requireMember());
        PriceQuote quote;
        try {
            quote = pricing.quote(
                    offering,
                    new PriceRequest(
                            count,
                            local(operatorId, startsAt),
                            local(operatorId, endsAt),
                            null,
                            member.enterpriseId()));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute(
                    "orderErrors",
                    e.errors().stream()
                            .map(InvalidInputException.FieldError::code)
                            .toList());
            redirect.addFlashAttribute("quantity", quantity);
            return "redirect:/portal/offerings/" + offering.id();
        }
        model.addAttribute("offering", offering);
        model.addAttribute("quantity", count);
        model.addAttribute("quote", quote);
        model.addAttribute("startsAt", startsAt);
        model.addAttribute("endsAt", endsAt);
        model.addAttribute("split", split(actor, Money.of(quote.totalMinor(), quote.currency())));
        if (!model.containsAttribute("idempotencyKey")) {
            model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        }
        return "ordering/portal-checkout";
    }

    /** A datetime-local value in the operator's time zone, or null when empty or unreadable. */
    private java.time.Instant local(long operatorId, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDateTime.parse(value.strip())
                    .atZone(operators.get(operatorId).timeZone())
                    .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private Split split(Actor actor, Money total) {
        long operatorId = actor.requireOperator();
        Member member = members.get(operatorId, actor.requireMember());
        CheckoutPolicy policy = policies.get(operatorId);
        long balance = points.balance(operatorId, Account.member(member.id()));
        long maxByShare = policy.maxPointsValueMinor(total.amountMinor()) * policy.pointsPerYuan() / 100;
        long max = Math.min(balance, maxByShare);
        max -= max % policy.pointsMinUnit();
        while (max > 0 && policy.valueMinor(max) < 0) {
            max -= policy.pointsMinUnit();
        }
        return new Split(
                total,
                balance,
                Math.max(0, max),
                policy.pointsMinUnit(),
                policy.pointsPerYuan(),
                policy.pointsMaxSharePercent(),
                member.enterpriseId() != null,
                wallets.balance(operatorId, member.id()));
    }

    /** Places and pays the order; a double click or a resubmitted form places one order (the key). */
    @PostMapping("/portal/checkout")
    String place(
            Actor actor,
            @RequestParam String offeringId,
            @RequestParam(defaultValue = "1") String quantity,
            @RequestParam(defaultValue = "0") String pointsToUse,
            @RequestParam(defaultValue = "ENTERPRISE_BILLING") String paymentMethod,
            @RequestParam(defaultValue = "") String startsAt,
            @RequestParam(defaultValue = "") String endsAt,
            @RequestParam(defaultValue = "") String couponCode,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect) {
        List<String> errors = new ArrayList<>();
        long pointsCount = parse(pointsToUse, errors, "order.points.invalid");
        int count = (int) parse(quantity, errors, "order.quantity.invalid");
        PaymentMethod method;
        try {
            method = PaymentMethod.valueOf(paymentMethod);
        } catch (IllegalArgumentException e) {
            method = PaymentMethod.ENTERPRISE_BILLING;
            errors.add("order.paymentMethod.unavailable");
        }
        if (errors.isEmpty()) {
            try {
                CheckoutDesk.Placed placed = checkout.place(new CheckoutDesk.PlaceOrder(
                        actor.requireOperator(),
                        actor.userId(),
                        actor.requireMember(),
                        new IdempotencyKey(idempotencyKey),
                        List.of(new CheckoutDesk.PlaceOrder.Line(
                                Ids.parse(offeringId),
                                count,
                                local(actor.requireOperator(), startsAt),
                                local(actor.requireOperator(), endsAt))),
                        method,
                        pointsCount,
                        true,
                        Order.Channel.ONLINE,
                        couponCode.isBlank() ? List.of() : List.of(couponCode.strip()),
                        true));
                redirect.addFlashAttribute("placed", true);
                return "redirect:/portal/orders/" + placed.order().id();
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.add(error.code()));
            } catch (ConflictException e) {
                errors.add(e.code());
            }
        }
        redirect.addFlashAttribute("checkoutErrors", errors);
        redirect.addFlashAttribute("pointsToUse", pointsToUse);
        redirect.addFlashAttribute("paymentMethod", paymentMethod);
        redirect.addFlashAttribute("couponCode", couponCode);
        redirect.addFlashAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "redirect:/portal/checkout?offeringId=" + Ids.parse(offeringId) + "&quantity=" + Math.max(1, count)
                + "&startsAt=" + java.net.URLEncoder.encode(startsAt, java.nio.charset.StandardCharsets.UTF_8)
                + "&endsAt=" + java.net.URLEncoder.encode(endsAt, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long parse(String value, List<String> errors, String code) {
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < 0) {
                errors.add(code);
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(code);
            return 0;
        }
    }

    @PostMapping("/portal/orders/{id}/pay")
    String pay(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        Order order = mine(actor, id);
        try {
            payments.pay(order.operatorId(), order.id(), OrderLifecycle.By.member(order.memberId()));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("orderError", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("orderError", e.code());
        }
        return "redirect:/portal/orders/" + order.id();
    }

    @PostMapping("/portal/orders/{id}/cancel")
    String cancel(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        Order order = mine(actor, id);
        try {
            payments.cancel(order.operatorId(), order.id(), OrderLifecycle.By.member(order.memberId()), null);
            redirect.addFlashAttribute("orderNotice", "order.cancelled");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("orderError", e.code());
        }
        return "redirect:/portal/orders/" + order.id();
    }

    @PostMapping("/portal/orders/{id}/rating")
    String rate(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "0") int stars,
            @RequestParam(defaultValue = "") String comment,
            RedirectAttributes redirect) {
        Order order = mine(actor, id);
        try {
            cases.rate(order.operatorId(), order.memberId(), order.id(), stars, comment);
            redirect.addFlashAttribute("orderNotice", "order.rated");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("orderError", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("orderError", e.code());
        }
        return "redirect:/portal/orders/" + order.id();
    }

    @PostMapping("/portal/orders/{id}/complaints")
    String complain(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String summary,
            RedirectAttributes redirect) {
        Order order = mine(actor, id);
        try {
            cases.complain(order.operatorId(), order.id(), order.memberId(), summary, null);
            redirect.addFlashAttribute("orderNotice", "order.complaintOpened");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("orderError", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("orderError", e.code());
        }
        return "redirect:/portal/orders/" + order.id();
    }

    @GetMapping("/portal/service-requests/new")
    String serviceRequestForm(Actor actor, Model model) {
        model.addAttribute("categories", catalog.categories(actor.requireOperator()));
        if (!model.containsAttribute("idempotencyKey")) {
            model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        }
        return "ordering/portal-service-request";
    }

    @PostMapping("/portal/service-requests")
    String submitServiceRequest(
            Actor actor,
            @RequestParam(defaultValue = "0") String categoryId,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(defaultValue = "") String location,
            @RequestParam(name = "photos", required = false) List<MultipartFile> photos,
            @RequestParam String idempotencyKey,
            RedirectAttributes redirect)
            throws IOException {
        List<ServiceRequests.Photo> images = new ArrayList<>();
        if (photos != null) {
            for (MultipartFile photo : photos) {
                if (!photo.isEmpty()) {
                    images.add(new ServiceRequests.Photo(photo.getContentType(), photo.getBytes()));
                }
            }
        }
        long category;
        try {
            category = Long.parseLong(categoryId.strip());
        } catch (NumberFormatException e) {
            category = 0;
        }
        try {
            Order order = serviceRequests.submit(new ServiceRequests.Submit(
                    actor.requireOperator(),
                    actor.userId(),
                    actor.requireMember(),
                    new IdempotencyKey(idempotencyKey),
                    category,
                    description,
                    location,
                    images,
                    false));
            redirect.addFlashAttribute("placed", true);
            return "redirect:/portal/orders/" + order.id();
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute(
                    "requestErrors",
                    e.errors().stream()
                            .collect(java.util.stream.Collectors.toMap(
                                    error -> error.field().replaceAll("\\[\\d+]", ""),
                                    InvalidInputException.FieldError::code,
                                    (a, b) -> a)));
            redirect.addFlashAttribute("description", description);
            redirect.addFlashAttribute("location", location);
            redirect.addFlashAttribute("categoryId", categoryId);
            return "redirect:/portal/service-requests/new";
        }
    }

    private Order mine(Actor actor, String id) {
        return OrderVisibility.visible(actor, orders.get(actor.requireOperator(), Ids.parse(id)));
    }
}
