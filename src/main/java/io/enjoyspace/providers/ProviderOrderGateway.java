package io.enjoyspace.providers;

import io.enjoyspace.ordering.Order;
import io.enjoyspace.ordering.OrderCompletion;
import io.enjoyspace.ordering.OrderLifecycle;
import io.enjoyspace.ordering.OrderStatus;
import io.enjoyspace.ordering.Orders;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider's orders through the signed API: its queue, and the steps it takes (accept or reject with a reason,
 * schedule, start, complete). Another provider's order answers 404; an illegal step 409.
 */
@Tag(name = "Provider API (HMAC-signed)")
@RestController
@RequestMapping("/api/v1/provider")
class ProviderOrderGateway {

    private final Orders orders;
    private final OrderLifecycle lifecycle;
    private final OrderCompletion completion;
    private final ProviderSettlements settlements;
    private final Clock clock;
    private final io.enjoyspace.ordering.ServiceRequests serviceRequests;
    private final Providers providers;

    ProviderOrderGateway(
            io.enjoyspace.ordering.ServiceRequests serviceRequests,
            Providers providers,
            Orders orders,
            OrderLifecycle lifecycle,
            OrderCompletion completion,
            ProviderSettlements settlements,
            Clock clock) {
        this.serviceRequests = serviceRequests;
        this.providers = providers;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.completion = completion;
        this.settlements = settlements;
        this.clock = clock;
    }

    /** An order as its provider sees it: what to do, where, by when; not the member's contact details. */
    record ProviderOrderView(
            String id,
            String status,
            String kind,
            long totalMinor,
            String currency,
            String description,
            String location,
            List<LineView> lines,
            OffsetDateTime placedAt,
            OffsetDateTime acceptedAt,
            OffsetDateTime scheduledFor,
            OffsetDateTime respondBy,
            OffsetDateTime completeBy,
            boolean late,
            String statusReason) {

        record LineView(String offeringId, String name, int quantity, long lineTotalMinor) {}

        static ProviderOrderView of(Order order, Instant now) {
            return new ProviderOrderView(
                    Long.toString(order.id()),
                    order.status().name(),
                    order.kind().name(),
                    order.total().amountMinor(),
                    order.total().currency(),
                    order.description(),
                    order.location(),
                    order.lines().stream()
                            .map(line -> new LineView(
                                    Long.toString(line.offeringId()),
                                    line.offeringName(),
                                    line.quantity(),
                                    line.lineTotal().amountMinor()))
                            .toList(),
                    at(order.placedAt()),
                    at(order.acceptedAt()),
                    at(order.scheduledFor()),
                    at(order.respondBy()),
                    at(order.completeBy()),
                    order.isLate(now),
                    order.statusReason());
        }

        private static OffsetDateTime at(Instant instant) {
            return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
        }
    }

    record OrderPage(List<ProviderOrderView> items, int page, int size, long total) {}

    @Operation(summary = "The provider's orders, newest first; status filters, late=true shows only late ones")
    @GetMapping("/orders")
    OrderPage list(
            ProviderCaller caller,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "false") boolean late,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Instant now = clock.instant();
        Orders.Scope scope = new Orders.Scope(caller.operatorId(), null, null);
        Orders.Filter filter = new Orders.Filter(status, null, caller.providerId(), null, false, late ? now : null);
        return new OrderPage(
                orders.list(scope, filter, page * size, size).stream()
                        .map(order -> ProviderOrderView.of(order, now))
                        .toList(),
                page,
                size,
                orders.count(scope, filter));
    }

    @Operation(summary = "One of the provider's orders")
    @GetMapping("/orders/{id}")
    ProviderOrderView get(ProviderCaller caller, @PathVariable String id) {
        return ProviderOrderView.of(own(caller, id), clock.instant());
    }

    @Operation(summary = "Accept an order")
    @PostMapping("/orders/{id}/accept")
    ProviderOrderView accept(ProviderCaller caller, @PathVariable String id) {
        return view(lifecycle.accept(caller.operatorId(), own(caller, id).id(), by(caller)));
    }

    record RejectBody(@Size(max = 500) String reason) {}

    @Operation(summary = "Reject an order, saying why; the operator reassigns it")
    @PostMapping("/orders/{id}/reject")
    ProviderOrderView reject(ProviderCaller caller, @PathVariable String id, @Valid @RequestBody RejectBody body) {
        return view(lifecycle.reject(caller.operatorId(), own(caller, id).id(), by(caller), body.reason()));
    }

    record ScheduleBody(@NotNull OffsetDateTime scheduledFor) {}

    @Operation(summary = "Agree a time for the service")
    @PostMapping("/orders/{id}/schedule")
    ProviderOrderView schedule(ProviderCaller caller, @PathVariable String id, @Valid @RequestBody ScheduleBody body) {
        return view(lifecycle.schedule(
                caller.operatorId(),
                own(caller, id).id(),
                by(caller),
                body.scheduledFor().toInstant()));
    }

    @Operation(summary = "Start the service")
    @PostMapping("/orders/{id}/start")
    ProviderOrderView start(ProviderCaller caller, @PathVariable String id) {
        return view(lifecycle.start(caller.operatorId(), own(caller, id).id(), by(caller)));
    }

    @Operation(summary = "Complete the service")
    @PostMapping("/orders/{id}/complete")
    ProviderOrderView complete(ProviderCaller caller, @PathVariable String id) {
        return view(completion.complete(caller.operatorId(), own(caller, id).id(), by(caller)));
    }

    @Operation(summary = "Service requests waiting to be grabbed in the categories the provider serves, oldest first")
    @GetMapping("/service-requests/pool")
    List<ProviderOrderView> pool(ProviderCaller caller) {
        Instant now = clock.instant();
        return serviceRequests
                .grabPool(
                        caller.operatorId(),
                        providers.get(caller.operatorId(), caller.providerId()).categoryIds(),
                        100)
                .stream()
                .map(order -> ProviderOrderView.of(order, now))
                .toList();
    }

    @Operation(
            summary = "Grab a service request from the pool: the first provider wins it, accepted; later ones get 409")
    @PostMapping("/service-requests/{id}/grab")
    ProviderOrderView grab(ProviderCaller caller, @PathVariable String id) {
        return view(serviceRequests.grabForProvider(
                caller.operatorId(),
                Ids.parse(id),
                caller.providerId(),
                null,
                providers.get(caller.operatorId(), caller.providerId()).categoryIds()));
    }

    @Operation(summary = "The provider's settlement statement for a month (yyyy-MM); format=csv for a file")
    @GetMapping("/settlements/{month}")
    ResponseEntity<?> settlement(
            ProviderCaller caller, @PathVariable String month, @RequestParam(defaultValue = "json") String format) {
        YearMonth parsed = SettlementViews.month(month);
        ProviderSettlements.Statement statement =
                settlements.statement(caller.operatorId(), caller.providerId(), parsed);
        if ("csv".equals(format)) {
            return io.enjoyspace.shared.Csv.attachment("settlement-" + parsed + ".csv", settlements.csv(statement));
        }
        return ResponseEntity.ok(SettlementViews.StatementView.of(statement));
    }

    private Order own(ProviderCaller caller, String id) {
        Order order = orders.get(caller.operatorId(), Ids.parse(id));
        if (order.providerId() == null || order.providerId() != caller.providerId()) {
            throw new NotFoundException();
        }
        return order;
    }

    private ProviderOrderView view(Order order) {
        return ProviderOrderView.of(order, clock.instant());
    }

    private static OrderLifecycle.By by(ProviderCaller caller) {
        return OrderLifecycle.By.provider(caller.providerId());
    }
}
