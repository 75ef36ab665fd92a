/**
 * Third-party service companies that fulfil orders: onboarding and certification, their staff accounts, the
 * HMAC-signed provider API ({@code /api/v1/provider/**}) with the order gateway, signed webhooks for every step of
 * their orders delivered from a transactional outbox, and the earnings ledger behind monthly settlements.
 *
 * <p>The module's API for other modules: {@link io.enjoyspace.providers.Providers} (look providers up, the certified
 * pool), {@link io.enjoyspace.providers.Webhooks} (queue a webhook inside the caller's transaction) and
 * {@link io.enjoyspace.providers.ProviderCaller} (the authenticated provider on a provider API request).
 */
package io.enjoyspace.providers;
