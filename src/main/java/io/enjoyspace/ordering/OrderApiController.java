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

    OrderApiController(CheckoutDesk checkout, OrderCompletion completion, Orders orders, OrderRefunds refunds) {
        this.refunds = refunds;
        this.checkout = checkout;
        this.completion = completion;
        this.orders = orders;
    }

    record LineRequest(
            @NotBlank @Size(max = 20) String offeringId,
            @NotNull @Min(1) @Max(99) Integer quantity) {}

    record PlaceOrderRequest(
            @NotEmpty @Size(max = CheckoutDesk.MAX_LINES) List<@Valid @NotNull LineRequest> lines,
            @NotNull PaymentMethod paymentMethod) {}

    record LineView(
            int lineNumber,
            String offeringId,
            String offeringName,
            long unitPriceMinor,
            int quantity,
            long lineTotalMinor) {}

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
            List<LineView> lines) {

        static OrderView of(Order order) {
            return new OrderView(
                    Long.toString(order.id()),
                    order.status().name(),
                    order.paymentMethod().name(),
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
                            .toList());
        }
    }

    record OrderPage(List<OrderView> items, int page, int size, long total) {}

    @Operation(summary = "Place an order (member). Send an Idempotency-Key: a retry returns the first order.")
    @PreAuthorize("hasRole('MEMBER')")
    @PostMapping
    ResponseEntity<OrderView> place(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody PlaceOrderRequest request) {
        List<CheckoutDesk.PlaceOrder.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            LineRequest line = request.lines().get(i);
            lines.add(new CheckoutDesk.PlaceOrder.Line(offeringId(line.offeringId(), i), line.quantity()));
        }
        CheckoutDesk.Placed placed = checkout.place(new CheckoutDesk.PlaceOrder(
                actor.requireOperator(),
                actor.userId(),
                actor.requireMember(),
                new IdempotencyKey(idempotencyKey),
                lines,
                request.paymentMethod()));
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
                .map(OrderView::of)
                .toList();
        return new OrderPage(items, page, size, orders.count(scope, status));
    }

    @Operation(summary = "One order")
    @GetMapping("/{id}")
    OrderView get(Actor actor, @PathVariable String id) {
        Order order = orders.get(actor.requireOperator(), Ids.parse(id));
        return OrderView.of(OrderVisibility.visible(actor, order));
    }

    @Operation(summary = "Mark an order fulfilled (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/complete")
    OrderView complete(Actor actor, @PathVariable String id) {
        return OrderView.of(completion.complete(actor.requireOperator(), Ids.parse(id), actor.userId()));
    }

    record RefundRequest(
            @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Min(1)
            Long amountMinor,

            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(min = 3, max = 500)
            String reason) {}

    record RefundView(
            String refundId, String orderId, long amountMinor, long refundedMinor, long paidMinor, String reason) {}

    @Operation(
            summary = "Refund a completed order, all or part (operator staff; Idempotency-Key required)",
            description = "The points the order earned are reversed in proportion: partial refunds add up to exactly"
                    + " the award. 201 the first time, 200 with the first refund when the key is sent again.")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/{id}/refunds")
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
