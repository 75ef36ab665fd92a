package io.enjoyspace.providers;

import io.enjoyspace.providers.ProviderViews.DeliveryView;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider API, for the provider's own systems: every request is signed with an API key (see
 * {@link ProviderSignatures}) and sees only the signing provider's data.
 */
@Tag(name = "Provider API (HMAC-signed)")
@RestController
@RequestMapping("/api/v1/provider")
class ProviderGatewayController {

    private final Providers providers;
    private final Webhooks webhooks;
    private final WebhookEndpoints endpoints;

    ProviderGatewayController(Providers providers, Webhooks webhooks, WebhookEndpoints endpoints) {
        this.providers = providers;
        this.webhooks = webhooks;
        this.endpoints = endpoints;
    }

    /** The provider's profile as the provider sees it. */
    record Me(
            String id,
            String name,
            String legalName,
            List<Provider.Contact> contacts,
            List<String> categoryIds,
            List<String> siteIds,
            int commissionBasisPoints,
            CertificationStatus certification,
            LocalDate certifiedUntil,
            ProviderStatus status,
            String webhookUrl) {}

    @Operation(summary = "The signing provider's profile")
    @GetMapping("/me")
    Me me(ProviderCaller caller) {
        Provider provider = providers.get(caller.operatorId(), caller.providerId());
        return new Me(
                Long.toString(provider.id()),
                provider.name(),
                provider.legalName(),
                provider.contacts(),
                provider.categoryIds().stream().map(String::valueOf).toList(),
                provider.siteIds().stream().map(String::valueOf).toList(),
                provider.commissionBasisPoints(),
                provider.certification(),
                provider.certifiedUntil(),
                provider.status(),
                endpoints
                        .find(caller.operatorId(), caller.providerId())
                        .map(WebhookEndpoint::url)
                        .orElse(null));
    }

    @Operation(summary = "The provider's latest webhook deliveries with their attempts")
    @GetMapping("/webhook-deliveries")
    List<DeliveryView> deliveries(ProviderCaller caller) {
        return webhooks.deliveries(caller.operatorId(), caller.providerId(), 50).stream()
                .map(DeliveryView::of)
                .toList();
    }

    @Operation(summary = "Queue a fresh attempt of one of the provider's webhook deliveries")
    @PostMapping("/webhook-deliveries/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryView redeliver(ProviderCaller caller, @PathVariable String id) {
        return DeliveryView.of(webhooks.redeliver(caller.operatorId(), caller.providerId(), Ids.parse(id)));
    }

    @Operation(summary = "Queue a ping webhook to test the provider's endpoint")
    @PostMapping("/webhook/ping")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> ping(ProviderCaller caller) {
        return Map.of("deliveryId", Long.toString(webhooks.ping(caller.operatorId(), caller.providerId())));
    }
}
