package io.enjoyspace.ordering;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Orders")
@RestController
@RequestMapping("/api/v1/orders")
class OrderApiController {

    static final int MAX_PAGE_SIZE = 100;

    private final CheckoutDesk checkout;
    private final OrderCompletion completion;
    private final Orders orders;

    private final OrderRefunds refunds;
    private final OrderPayments payments;
    private final OrderLifecycle lifecycle;
    private final OrderCases cases;
    private final java.time.Clock clock;

    OrderApiController(
            CheckoutDesk checkout,
            OrderCompletion completion,
            Orders orders,
            OrderRefunds refunds,
            OrderPayments payments,
            OrderLifecycle lifecycle,
            OrderCases cases,
            java.time.Clock clock) {
        this.payments = payments;
        this.lifecycle = lifecycle;
        this.cases = cases;
        this.clock = clock;
        this.refunds = refunds;
        this.checkout = checkout;
        this.completion = completion;
        this.orders = orders;
    }

    record LineRequest(
            @NotBlank @Size(max = 20) String offeringId,
            @NotNull @Min(1) @Max(99) Integer quantity,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt) {}

    record PlaceOrderRequest(
            @NotEmpty @Size(max = CheckoutDesk.MAX_LINES) List<@Valid @NotNull LineRequest> lines,
            @NotNull PaymentMethod paymentMethod,
            @Min(0) @Max(100_000_000) Long pointsToUse,
            Boolean payNow,
            @Size(max = 20) String memberId,
            @Size(max = 5) List<@NotBlank @Size(max = 40) String> couponCodes,
            Boolean useAllowances) {}

    record DiscountView(
            String kind, long amountMinor, String reference, long units, String unit, String label, boolean restored) {}

    record LineView(
            int lineNumber,
            String offeringId,
            String offeringName,
            long unitPriceMinor,
            int quantity,
            long lineTotalMinor) {}

    record PaymentView(String method, long amountMinor, long points, long refundedMinor, long refundedPoints) {}

    record StepView(String from, String to, String actorKind, String reason, OffsetDateTime at) {}

    record OrderView(
            String id,
            String status,
            String paymentMethod,
            long totalMinor,
            String currency,
            String memberId,
            String enterpriseId,
            OffsetDateTime placedAt,
            OffsetDateTime completedAt,
            List<LineView> lines,
            String kind,
            String channel,
            String providerId,
            long moneyPaidMinor,
            long pointsUsed,
            long refundedMinor,
            List<PaymentView> payments,
            OffsetDateTime paidAt,
            OffsetDateTime acceptedAt,
            OffsetDateTime scheduledFor,
            OffsetDateTime respondBy,
            OffsetDateTime completeBy,
            boolean late,
            Integer rating,
            String ratingComment,
            String statusReason,
            List<StepView> steps,
            long discountMinor,
            List<DiscountView> discounts,
            boolean priority) {

        static OrderView of(Order order) {
            return of(order, null, java.time.Instant.now());
        }

        static OffsetDateTime at(java.time.Instant instant) {
            return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
        }

        static OrderView of(Order order, List<Orders.Step> steps, java.time.Instant now) {
            return new OrderView(
                    Long.toString(order.id()),
                    order.status().name(),
                    order.paymentMethod() == null ? null : order.paymentMethod().name(),
                    order.total().amountMinor(),
                    order.total().currency(),
                    Long.toString(order.memberId()),
                    order.enterpriseId() == null ? null : order.enterpriseId().toString(),
                    order.placedAt().atOffset(ZoneOffset.UTC),
                    order.completedAt() == null ? null : order.completedAt().atOffset(ZoneOffset.UTC),
                    order.lines().stream()
                            .map(line -> new LineView(
                                    line.lineNumber(),
                                    Long.toString(line.offeringId()),
                                    line.offeringName(),
                                    line.unitPrice().amountMinor(),
                                    line.quantity(),
                                    line.lineTotal().amountMinor()))
                            .toList(),
                    order.kind().name(),
                    order.channel().name(),
                    order.providerId() == null ? null : order.providerId().toString(),
                    order.moneyPaid().amountMinor(),
                    order.pointsUsed(),
                    order.refunded().amountMinor(),
                    order.payments().stream()
                            .map(payment -> new PaymentView(
                                    payment.method().name(),
                                    payment.amount().amountMinor(),
                                    payment.points(),
                                    payment.refunded().amountMinor(),
                                    payment.refundedPoints()))
                            .toList(),
                    at(order.paidAt()),
                    at(order.acceptedAt()),
                    at(order.scheduledFor()),
                    at(order.respondBy()),
                    at(order.completeBy()),
                    order.isLate(now),
                    order.rating(),
                    order.ratingComment(),
                    order.statusReason(),
                    steps == null
                            ? null
                            : steps.stream()
                                    .map(step -> new StepView(
                                            step.from(),
                                            step.to().name(),
                                            step.actorKind(),
                                            step.reason(),
                                            at(step.at())))
                                    .toList(),
                    order.discount().amountMinor(),
                    order.discounts().stream()
                            .map(discount -> new DiscountView(
                                    discount.kind(),
                                    discount.amount().amountMinor(),
                                    discount.reference(),
                                    discount.units(),
                                    discount.unit(),
                                    discount.label(),
                                    discount.restored()))
                            .toList(),
                    order.priority());
        }
    }

    record OrderPage(List<OrderView> items, int page, int size, long total) {}

    @Operation(
            summary = "Place an order. Send an Idempotency-Key: a retry returns the first order.",
            description =
                    "A member orders for themself; front-desk staff order for a member (memberId), recorded as the"
                            + " FRONT_DESK channel. pointsToUse pays part of the order in points at the operator's rate (a"
                            + " multiple of its unit, at most its share of the total); paymentMethod pays the rest."
                            + " Allowances (unless useAllowances is false) and the couponCodes pay first. With payNow"
                            + " false the order waits, its points held, for POST /orders/{id}/pay.")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping
    ResponseEntity<OrderView> place(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody PlaceOrderRequest request) {
        List<CheckoutDesk.PlaceOrder.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            LineRequest line = request.lines().get(i);
            lines.add(new CheckoutDesk.PlaceOrder.Line(
                    offeringId(line.offeringId(), i),
                    line.quantity(),
                    line.startsAt() == null ? null : line.startsAt().toInstant(),
                    line.endsAt() == null ? null : line.endsAt().toInstant()));
        }
        boolean frontDesk = actor.isStaff();
        long memberId;
        if (frontDesk) {
            if (request.memberId() == null) {
                throw new InvalidInputException("memberId", "order.memberId.required");
            }
            memberId = Ids.parse(request.memberId());
        } else {
            memberId = actor.requireMember();
        }
        CheckoutDesk.Placed placed = checkout.place(new CheckoutDesk.PlaceOrder(
                actor.requireOperator(),
                actor.userId(),
                memberId,
                new IdempotencyKey(idempotencyKey),
                lines,
                request.paymentMethod(),
                request.pointsToUse() == null ? 0 : request.pointsToUse(),
                request.payNow() == null || request.payNow(),
                frontDesk ? Order.Channel.FRONT_DESK : Order.Channel.ONLINE,
                request.couponCodes(),
                request.useAllowances() == null || request.useAllowances()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/orders/" + placed.order().id()))
                .header("Idempotent-Replayed", Boolean.toString(placed.replayed()))
                .body(OrderView.of(placed.order()));
    }

    @Operation(summary = "Orders: a member's own, an enterprise admin's company's, or all of the operator's for staff")
    @GetMapping
    OrderPage list(
            Actor actor,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        Orders.Scope scope = OrderVisibility.scopeOf(actor);
        List<OrderView> items = orders.list(scope, status, page * size, size).stream()
                .map(order -> OrderView.of(order, null, clock.instant()))
                .toList();
        return new OrderPage(items, page, size, orders.count(scope, status));
    }

    @Operation(summary = "One order")
    @GetMapping("/{id}")
    OrderView get(Actor actor, @PathVariable String id) {
        Order order = orders.get(actor.requireOperator(), Ids.parse(id));
        OrderVisibility.visible(actor, order);
        return OrderView.of(order, orders.steps(order.operatorId(), order.id()), clock.instant());
    }

    private Order visibleOrder(Actor actor, String id) {
        return OrderVisibility.visible(actor, orders.get(actor.requireOperator(), Ids.parse(id)));
    }

    private OrderView view(Order order) {
        return OrderView.of(order, orders.steps(order.operatorId(), order.id()), clock.instant());
    }

    private static OrderLifecycle.By by(Actor actor) {
        return actor.isStaff()
                ? OrderLifecycle.By.staff(actor.userId())
                : OrderLifecycle.By.member(actor.requireMember());
    }

    @Operation(summary = "Pay a placed order: captures its held points and charges the rest (member or staff)")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/pay")
    OrderView pay(Actor actor, @PathVariable String id) {
        Order order = visibleOrder(actor, id);
        return view(payments.pay(order.operatorId(), order.id(), by(actor)));
    }

    record ReasonRequest(@Size(max = 500) String reason) {}

    @Operation(
            summary = "Cancel an order before its service starts",
            description = "A member may cancel their own order until it is accepted, staff until it starts. Held points"
                    + " go back; a paid order is refunded in full, each part of its payment exactly.")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/cancel")
    OrderView cancel(Actor actor, @PathVariable String id, @RequestBody(required = false) ReasonRequest request) {
        Order order = visibleOrder(actor, id);
        return view(
                payments.cancel(order.operatorId(), order.id(), by(actor), request == null ? null : request.reason()));
    }

    @Operation(summary = "Accept an order (operator staff, for the operator or on a provider's behalf)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/accept")
    OrderView accept(Actor actor, @PathVariable String id) {
        return view(lifecycle.accept(actor.requireOperator(), Ids.parse(id), by(actor)));
    }

    record RejectRequest(@Size(max = 500) String reason) {}

    @Operation(summary = "Reject an order, saying why (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/reject")
    OrderView reject(Actor actor, @PathVariable String id, @Valid @RequestBody RejectRequest request) {
        return view(lifecycle.reject(actor.requireOperator(), Ids.parse(id), by(actor), request.reason()));
    }

    record ReassignRequest(
            @Size(max = 20) String providerId,
            @Size(max = 500) String reason) {}

    @Operation(summary = "Give an order to another provider, or back to the operator (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/reassign")
    OrderView reassign(Actor actor, @PathVariable String id, @Valid @RequestBody ReassignRequest request) {
        Long providerId =
                request.providerId() == null || request.providerId().isBlank() ? null : Ids.parse(request.providerId());
        return view(lifecycle.reassign(
                actor.requireOperator(), Ids.parse(id), by(actor), providerId, null, request.reason()));
    }

    record ScheduleRequest(@NotNull OffsetDateTime scheduledFor) {}

    @Operation(summary = "Agree a time for the service (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/schedule")
    OrderView schedule(Actor actor, @PathVariable String id, @Valid @RequestBody ScheduleRequest request) {
        return view(lifecycle.schedule(
                actor.requireOperator(),
                Ids.parse(id),
                by(actor),
                request.scheduledFor().toInstant()));
    }

    @Operation(summary = "Start the service (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/start")
    OrderView start(Actor actor, @PathVariable String id) {
        return view(lifecycle.start(actor.requireOperator(), Ids.parse(id), by(actor)));
    }

    @Operation(summary = "Close a fulfilled order (operator staff); fulfilled orders also close by themselves")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/close")
    OrderView close(Actor actor, @PathVariable String id) {
        return view(lifecycle.close(actor.requireOperator(), Ids.parse(id), by(actor)));
    }

    record RatingRequest(
            @NotNull @Min(1) @Max(5) Integer stars,
            @Size(max = 1000) String comment) {}

    @Operation(summary = "Rate a completed order, 1 to 5 stars (the member who placed it)")
    @PreAuthorize("hasRole('MEMBER')")
    @PostMapping("/{id}/rating")
    OrderView rate(Actor actor, @PathVariable String id, @Valid @RequestBody RatingRequest request) {
        return view(cases.rate(
                actor.requireOperator(), actor.requireMember(), Ids.parse(id), request.stars(), request.comment()));
    }

    record ComplaintRequest(
            @NotBlank @Size(min = 3, max = 2000) String summary) {}

    @Operation(summary = "Complain about an order (its member, or staff recording a complaint)")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/complaints")
    ResponseEntity<OrderCases.Case> complain(
            Actor actor, @PathVariable String id, @Valid @RequestBody ComplaintRequest request) {
        Order order = visibleOrder(actor, id);
        OrderCases.Case opened = cases.complain(
                order.operatorId(),
                order.id(),
                actor.isStaff() ? null : actor.requireMember(),
                request.summary(),
                actor.isStaff() ? actor.userId() : null);
        return ResponseEntity.status(HttpStatus.CREATED).body(opened);
    }

    @Operation(summary = "Mark an order fulfilled (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/complete")
    OrderView complete(Actor actor, @PathVariable String id) {
        return view(completion.complete(actor.requireOperator(), Ids.parse(id), actor.userId()));
    }

    record RefundRequest(
            @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Min(1)
            Long amountMinor,

            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(min = 3, max = 500)
            String reason) {}

    record RefundView(
            String refundId, String orderId, long amountMinor, long refundedMinor, long paidMinor, String reason) {}

    @Operation(
            summary = "Refund a paid order, all or part (operator staff; Idempotency-Key required)",
            description =
                    "The refund is divided over the parts the order was paid with, each returned exactly (a credit"
                            + " line on the company bill, points back to the member). The points the order earned are reversed"
                            + " in proportion: partial refunds add up to exactly"
                            + " the award. 201 the first time, 200 with the first refund when the key is sent again.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping({"/{id}/refunds", "/{id}/refund"})
    org.springframework.http.ResponseEntity<RefundView> refund(
            Actor actor,
            @PathVariable String id,
            @org.springframework.web.bind.annotation.RequestHeader(io.enjoyspace.shared.IdempotencyKey.HEADER)
                    String idempotencyKey,
            @jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody RefundRequest request) {
        OrderRefunds.Refund refund = refunds.refund(
                actor.requireOperator(),
                Ids.parse(id),
                request.amountMinor(),
                request.reason(),
                idempotencyKey,
                actor.userId());
        return org.springframework.http.ResponseEntity.status(
                        refund.replayed()
                                ? org.springframework.http.HttpStatus.OK
                                : org.springframework.http.HttpStatus.CREATED)
                .body(new RefundView(
                        Long.toString(refund.id()),
                        Long.toString(refund.orderId()),
                        refund.amountMinor(),
                        refund.refundedMinor(),
                        refund.paidMinor(),
                        refund.reason()));
    }

    private static long offeringId(String id, int index) {
        try {
            return Ids.parse(id);
        } catch (NotFoundException e) {
            throw new InvalidInputException("lines[" + index + "].offeringId", "order.unknownOffering");
        }
    }
}
