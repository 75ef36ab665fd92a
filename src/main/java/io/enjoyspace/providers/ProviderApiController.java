package io.enjoyspace.providers;

import io.enjoyspace.providers.ProviderViews.ApiKeyView;
import io.enjoyspace.providers.ProviderViews.DeliveryView;
import io.enjoyspace.providers.ProviderViews.EndpointView;
import io.enjoyspace.providers.ProviderViews.IssuedKeyView;
import io.enjoyspace.providers.ProviderViews.ProviderView;
import io.enjoyspace.providers.ProviderViews.UserView;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operator's provider API: onboarding, certification, suspension, provider accounts, keys and webhooks. */
@Tag(name = "Providers")
@RestController
@RequestMapping("/api/v1/providers")
@PreAuthorize("hasRole('OPERATOR_ADMIN')")
class ProviderApiController {

    private final Providers providers;
    private final ProviderUsers users;
    private final ProviderApiKeys keys;
    private final WebhookEndpoints endpoints;
    private final Webhooks webhooks;

    ProviderApiController(
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
    }

    record SuspendRequest(
            @NotBlank @Size(min = 3, max = 500) String reason) {}

    record NewUserRequest(
            @NotBlank @Size(min = 2, max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*")
            String username,

            @NotBlank @Size(max = 100) String displayName,
            @NotBlank @Size(min = 8, max = 200) String password,
            @NotNull Role role) {}

    record NewKeyRequest(@NotBlank @Size(max = 100) String label) {}

    record EndpointRequest(@NotBlank @Size(max = 500) String url) {}

    @Operation(summary = "The operator's providers, by name (operator staff)")
    @GetMapping
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    List<ProviderView> list(Actor actor) {
        return providers.list(actor.requireOperator()).stream()
                .map(ProviderView::of)
                .toList();
    }

    @Operation(
            summary = "The certified provider pool: active providers with a valid certificate (operator staff)",
            description = "Optionally only those serving a category and a site.")
    @GetMapping("/pool")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    List<ProviderView> pool(
            Actor actor,
            @RequestParam(name = "categoryId", required = false) Long categoryId,
            @RequestParam(name = "siteId", required = false) Long siteId) {
        return providers.certifiedPool(actor.requireOperator(), categoryId, siteId).stream()
                .map(ProviderView::of)
                .toList();
    }

    @Operation(summary = "Onboard a provider (operator admin)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ProviderView create(Actor actor, @Valid @RequestBody ProviderDetails details) {
        return ProviderView.of(providers.create(actor.requireOperator(), details));
    }

    @Operation(summary = "One provider (operator staff)")
    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    ProviderView get(Actor actor, @PathVariable String id) {
        return ProviderView.of(providers.get(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Replace what is recorded about a provider (operator admin)")
    @PutMapping("/{id}")
    ProviderView update(Actor actor, @PathVariable String id, @Valid @RequestBody ProviderDetails details) {
        return ProviderView.of(providers.update(actor.requireOperator(), Ids.parse(id), details));
    }

    @Operation(summary = "Suspend a provider, with a reason: its API keys stop working (operator admin)")
    @PostMapping("/{id}/suspend")
    ProviderView suspend(Actor actor, @PathVariable String id, @Valid @RequestBody SuspendRequest request) {
        return ProviderView.of(providers.suspend(actor.requireOperator(), Ids.parse(id), request.reason()));
    }

    @Operation(summary = "Reactivate a suspended provider (operator admin)")
    @PostMapping("/{id}/reactivate")
    ProviderView reactivate(Actor actor, @PathVariable String id) {
        return ProviderView.of(providers.reactivate(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "The provider's sign-in accounts (operator admin)")
    @GetMapping("/{id}/users")
    List<UserView> users(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        long providerId = providers.get(operatorId, Ids.parse(id)).id();
        return users.list(operatorId, providerId).stream().map(UserView::of).toList();
    }

    @Operation(summary = "Create a provider admin or staff account with an initial password (operator admin)")
    @PostMapping("/{id}/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView createUser(Actor actor, @PathVariable String id, @Valid @RequestBody NewUserRequest request) {
        return UserView.of(users.create(
                actor.requireOperator(),
                Ids.parse(id),
                request.username(),
                request.displayName(),
                request.password(),
                request.role()));
    }

    @Operation(summary = "The provider's API keys, without secrets (operator admin)")
    @GetMapping("/{id}/api-keys")
    List<ApiKeyView> apiKeys(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        long providerId = providers.get(operatorId, Ids.parse(id)).id();
        return keys.list(operatorId, providerId).stream().map(ApiKeyView::of).toList();
    }

    @Operation(summary = "Issue an API key; the answer holds the secret, shown this once (operator admin)")
    @PostMapping("/{id}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKeyView issueKey(Actor actor, @PathVariable String id, @Valid @RequestBody NewKeyRequest request) {
        return IssuedKeyView.of(keys.issue(actor.requireOperator(), Ids.parse(id), request.label()));
    }

    @Operation(summary = "Revoke an API key (operator admin)")
    @PostMapping("/{id}/api-keys/{keyId}/revoke")
    ApiKeyView revokeKey(Actor actor, @PathVariable String id, @PathVariable String keyId) {
        return ApiKeyView.of(keys.revoke(actor.requireOperator(), Ids.parse(id), Ids.parse(keyId)));
    }

    @Operation(summary = "The provider's webhook endpoint (operator admin)")
    @GetMapping("/{id}/webhook")
    EndpointView endpoint(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        long providerId = providers.get(operatorId, Ids.parse(id)).id();
        return endpoints.find(operatorId, providerId).map(EndpointView::of).orElseThrow(NotFoundException::new);
    }

    @Operation(summary = "Set the webhook URL; the first time, the answer holds the signing secret (operator admin)")
    @PutMapping("/{id}/webhook")
    EndpointView configure(Actor actor, @PathVariable String id, @Valid @RequestBody EndpointRequest request) {
        return EndpointView.of(endpoints.configure(actor.requireOperator(), Ids.parse(id), request.url()));
    }

    @Operation(summary = "Make a new webhook signing secret; the answer holds it (operator admin)")
    @PostMapping("/{id}/webhook/rotate-secret")
    EndpointView rotate(Actor actor, @PathVariable String id) {
        return EndpointView.of(endpoints.rotateSecret(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Queue a ping webhook to test the endpoint (operator admin)")
    @PostMapping("/{id}/webhook/ping")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> ping(Actor actor, @PathVariable String id) {
        return Map.of("deliveryId", Long.toString(webhooks.ping(actor.requireOperator(), Ids.parse(id))));
    }

    @Operation(summary = "The provider's latest webhook deliveries with their attempts (operator admin)")
    @GetMapping("/{id}/webhook-deliveries")
    List<DeliveryView> deliveries(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        long providerId = providers.get(operatorId, Ids.parse(id)).id();
        return webhooks.deliveries(operatorId, providerId, 50).stream()
                .map(DeliveryView::of)
                .toList();
    }

    @Operation(summary = "Queue a fresh attempt of a webhook delivery (operator admin)")
    @PostMapping("/{id}/webhook-deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryView redeliver(Actor actor, @PathVariable String id, @PathVariable String deliveryId) {
        return DeliveryView.of(webhooks.redeliver(actor.requireOperator(), Ids.parse(id), Ids.parse(deliveryId)));
    }
}
