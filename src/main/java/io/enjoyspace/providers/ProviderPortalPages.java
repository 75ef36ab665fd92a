package io.enjoyspace.providers;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The provider portal: the company's standing with the operator, its API keys, and its webhook endpoint with the
 * delivery log. Everything is the signed-in user's own provider; keys and the endpoint are for provider admins.
 */
@Controller
@PreAuthorize("hasAnyRole('PROVIDER_ADMIN', 'PROVIDER_STAFF')")
class ProviderPortalPages {

    private final Providers providers;
    private final ProviderUsers users;
    private final ProviderApiKeys keys;
    private final WebhookEndpoints endpoints;
    private final Webhooks webhooks;
    private final io.enjoyspace.ordering.Orders orders;
    private final ProviderSettlements settlements;
    private final io.enjoyspace.tenancy.Operators operators;
    private final io.enjoyspace.shared.Formats formats;
    private final java.time.Clock clock;

    ProviderPortalPages(
            io.enjoyspace.ordering.Orders orders,
            ProviderSettlements settlements,
            io.enjoyspace.tenancy.Operators operators,
            io.enjoyspace.shared.Formats formats,
            java.time.Clock clock,
            Providers providers,
            ProviderUsers users,
            ProviderApiKeys keys,
            WebhookEndpoints endpoints,
            Webhooks webhooks) {
        this.providers = providers;
        this.users = users;
        this.keys = keys;
        this.endpoints = endpoints;
        this.webhooks = webhooks;
        this.orders = orders;
        this.settlements = settlements;
        this.operators = operators;
        this.formats = formats;
        this.clock = clock;
    }

    @GetMapping("/provider")
    String home(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long providerId = users.providerOf(actor);
        model.addAttribute("provider", providers.get(operatorId, providerId));
        io.enjoyspace.ordering.Orders.Scope scope = new io.enjoyspace.ordering.Orders.Scope(operatorId, null, null);
        java.time.Instant now = clock.instant();
        model.addAttribute(
                "openOrders",
                orders
                        .list(
                                scope,
                                new io.enjoyspace.ordering.Orders.Filter(null, null, providerId, null, false, null),
                                0,
                                1000)
                        .stream()
                        .filter(order -> order.status().isOpenWork())
                        .count());
        model.addAttribute(
                "lateOrders",
                orders.count(
                        scope, new io.enjoyspace.ordering.Orders.Filter(null, null, providerId, null, false, now)));
        model.addAttribute(
                "monthNet",
                formats.money(settlements
                        .statement(
                                operatorId,
                                providerId,
                                java.time.YearMonth.now(
                                        clock.withZone(operators.get(operatorId).timeZone())))
                        .net()));
        return "providers/provider-home";
    }

    @GetMapping("/provider/api-keys")
    String apiKeys(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long providerId = users.providerOf(actor);
        model.addAttribute("provider", providers.get(operatorId, providerId));
        model.addAttribute("keys", keys.list(operatorId, providerId));
        return "providers/provider-keys";
    }

    @PreAuthorize("hasRole('PROVIDER_ADMIN')")
    @PostMapping("/provider/api-keys")
    String issue(Actor actor, @RequestParam("label") String label, RedirectAttributes redirect) {
        try {
            ProviderApiKeys.IssuedKey issued = keys.issue(actor.requireOperator(), users.providerOf(actor), label);
            redirect.addFlashAttribute("issuedKeyId", issued.key().keyId());
            redirect.addFlashAttribute("issuedSecret", issued.secret());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("keyError", e.errors().get(0).code());
        }
        return "redirect:/provider/api-keys";
    }

    @PreAuthorize("hasRole('PROVIDER_ADMIN')")
    @PostMapping("/provider/api-keys/{id}/revoke")
    String revoke(Actor actor, @PathVariable String id) {
        keys.revoke(actor.requireOperator(), users.providerOf(actor), Ids.parse(id));
        return "redirect:/provider/api-keys";
    }

    @GetMapping("/provider/webhook")
    String webhook(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        long providerId = users.providerOf(actor);
        model.addAttribute("provider", providers.get(operatorId, providerId));
        model.addAttribute("endpoint", endpoints.find(operatorId, providerId).orElse(null));
        model.addAttribute("deliveries", webhooks.deliveries(operatorId, providerId, 50));
        model.addAttribute("base", "/provider");
        return "providers/provider-webhook";
    }

    @PreAuthorize("hasRole('PROVIDER_ADMIN')")
    @PostMapping("/provider/webhook")
    String configure(Actor actor, @RequestParam("url") String url, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute(
                    "webhookSecret",
                    endpoints
                            .configure(actor.requireOperator(), users.providerOf(actor), url)
                            .newSecret());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("webhookError", e.errors().get(0).code());
            redirect.addFlashAttribute("webhookUrl", url);
        }
        return "redirect:/provider/webhook";
    }

    @PreAuthorize("hasRole('PROVIDER_ADMIN')")
    @PostMapping("/provider/webhook/rotate-secret")
    String rotate(Actor actor, RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute(
                    "webhookSecret",
                    endpoints
                            .rotateSecret(actor.requireOperator(), users.providerOf(actor))
                            .newSecret());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("webhookError", e.code());
        }
        return "redirect:/provider/webhook";
    }

    @PostMapping("/provider/webhook/ping")
    String ping(Actor actor, RedirectAttributes redirect) {
        redirect.addFlashAttribute("pinged", webhooks.ping(actor.requireOperator(), users.providerOf(actor)));
        return "redirect:/provider/webhook";
    }

    @PostMapping("/provider/webhook-deliveries/{id}/redeliver")
    String redeliver(Actor actor, @PathVariable String id, RedirectAttributes redirect) {
        redirect.addFlashAttribute(
                "redelivered",
                webhooks.redeliver(actor.requireOperator(), users.providerOf(actor), Ids.parse(id))
                        .id());
        return "redirect:/provider/webhook";
    }
}
