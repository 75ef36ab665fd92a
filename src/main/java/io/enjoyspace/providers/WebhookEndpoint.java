package io.enjoyspace.providers;

import java.time.Instant;

/** Where a provider receives webhooks; the signing secret is never part of this view. */
public record WebhookEndpoint(long providerId, String url, Instant updatedAt, Instant secretRotatedAt) {}
