package io.enjoyspace.providers;

/**
 * The provider behind a signed request to {@code /api/v1/provider/**}, as established by the signature check.
 * Controllers take it as a method parameter, as other controllers take an {@link io.enjoyspace.shared.Actor}; every
 * query on its behalf filters by both ids.
 *
 * @param apiKeyId the database id of the key that signed the request
 * @param keyId the public key id ({@code X-Api-Key})
 */
public record ProviderCaller(long operatorId, long providerId, long apiKeyId, String keyId) {}
