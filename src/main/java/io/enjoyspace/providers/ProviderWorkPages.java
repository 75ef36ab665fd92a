package io.enjoyspace.providers;

import io.enjoyspace.ordering.Order;
import io.enjoyspace.ordering.OrderCompletion;
import io.enjoyspace.ordering.OrderLifecycle;
import io.enjoyspace.ordering.Orders;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The provider portal's work: the order queue with each order's service-level clock and the steps the provider takes,
 * and the month's earnings statement with its CSV. Everything is the signed-in user's own provider.
 */
@Controller
@PreAuthorize("hasAnyRole('PROVIDER_ADMIN', 'PROVIDER_STAFF')")
class ProviderWorkPages {

    private final ProviderUsers users;
    private final Providers providers;
    private final Orders orders;
    private final OrderLifecycle lifecycle;
    private final OrderCompletion completion;
    private final ProviderSettlements settlements;
    private final Operators operators;
    private final Clock clock;
    private final io.enjoyspace.ordering.ServiceRequests serviceRequests;

    ProviderWorkPages(
            io.enjoyspace.ordering.ServiceRequests serviceRequests,
            ProviderUsers users,
            Providers providers,
            Orders orders,
            OrderLifecycle lifecycle,
            OrderCompletion completion,
            ProviderSettlements settlements,
            Operators operators,
            Clock clock) {
        this.serviceRequests = serviceRequests;
        this.users = users;
        this.providers = providers;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.completion = completion;
        this.settlements = settlements;
        this.operators = operators;
        this.clock = clock;
    }

    @GetMapping("/provider/orders")
    String queue(Actor actor, @RequestParam(defaultValue = "open") String view, Model model) {
        long operatorId = actor.requireOperator();
        long providerId = users.providerOf(actor);
        Orders.Scope scope = new Orders.Scope(operatorId, null, null);
        List<Order> list;
        if ("done".equals(view)) {
            list = orders.list(scope, new Orders.Filter(null, null, providerId, null, false, null), 0, 100).stream()
                    .filter(order -> !order.status().isOpenWork())
                    .toList();
        } else {
            list = orders.list(scope, new Orders.Filter(null, null, providerId, null, false, null), 0, 200).stream()
                    .filter(order -> order.status().isOpenWork())
                    .sorted(java.util.Comparator.comparing(
                            (Order order) -> order.completeBy() == null ? java.time.Instant.MAX : order.completeBy()))
                    .toList();
        }
        Provider provider = providers.get(operatorId, providerId);
        model.addAttribute("provider", provider);
        model.addAttribute("orders", list);
        model.addAttribute("pool", serviceRequests.grabPool(operatorId, provider.categoryIds(), 50));
        model.addAttribute("view", view);
        model.addAttribute("now", clock.instant());
        model.addAttribute("zone", operators.get(operatorId).timeZone());
        return "providers/provider-orders";
    }

    @PostMapping("/provider/orders/{id}/{step}")
    String step(
            Actor actor,
            @PathVariable String id,
            @PathVariable String step,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String scheduledFor,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long providerId = users.providerOf(actor);
        long orderId = Ids.parse(id);
        OrderLifecycle.By by = OrderLifecycle.By.provider(providerId);
        try {
            switch (step) {
                case "accept" -> lifecycle.accept(operatorId, orderId, by);
                case "reject" -> lifecycle.reject(operatorId, orderId, by, reason);
                case "start" -> lifecycle.start(operatorId, orderId, by);
                case "complete" -> completion.complete(operatorId, orderId, by);
                case "schedule" -> lifecycle.schedule(operatorId, orderId, by, scheduled(operatorId, scheduledFor));
                case "grab" ->
                    serviceRequests.grabForProvider(
                            operatorId,
                            orderId,
                            providerId,
                            actor.userId(),
                            providers.get(operatorId, providerId).categoryIds());
                default -> throw new NotFoundException();
            }
            redirect.addFlashAttribute("done", "provider.orders.done." + step);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.errors().get(0).code());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.code());
        }
        return "redirect:/provider/orders";
    }

    private java.time.Instant scheduled(long operatorId, String value) {
        try {
            ZoneId zone = operators.get(operatorId).timeZone();
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException("scheduledFor", "order.scheduledFor.required");
        }
    }

    @GetMapping("/provider/earnings")
    String earnings(Actor actor, @RequestParam(required = false) String month, Model model) {
        long operatorId = actor.requireOperator();
        long providerId = users.providerOf(actor);
        YearMonth selected = month == null || month.isBlank()
                ? YearMonth.now(clock.withZone(operators.get(operatorId).timeZone()))
                : SettlementViews.month(month);
        model.addAttribute("statement", settlements.statement(operatorId, providerId, selected));
        model.addAttribute("provider", providers.get(operatorId, providerId));
        model.addAttribute("month", selected);
        model.addAttribute("previous", selected.minusMonths(1));
        model.addAttribute("next", selected.plusMonths(1));
        return "providers/provider-earnings";
    }

    @GetMapping("/provider/earnings.csv")
    ResponseEntity<String> earningsCsv(Actor actor, @RequestParam String month) {
        long operatorId = actor.requireOperator();
        YearMonth selected = SettlementViews.month(month);
        ProviderSettlements.Statement statement = settlements.statement(operatorId, users.providerOf(actor), selected);
        return io.enjoyspace.shared.Csv.attachment("settlement-" + selected + ".csv", settlements.csv(statement));
    }
}
