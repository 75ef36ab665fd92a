/**
 * Third-party service companies that fulfil orders: onboarding and certification, their staff accounts, the
 * HMAC-signed provider API ({@code /api/v1/provider/**}) and signed webhooks delivered from a transactional outbox.
 *
 * <p>The module's API for other modules: {@link io.enjoyspace.providers.Providers} (look providers up, the certified
 * pool), {@link io.enjoyspace.providers.Webhooks} (queue a webhook inside the caller's transaction) and
 * {@link io.enjoyspace.providers.ProviderCaller} (the authenticated provider on a provider API request).
 */
package io.enjoyspace.providers;
