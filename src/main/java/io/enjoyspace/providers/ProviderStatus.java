package io.enjoyspace.providers;

/** A suspended provider keeps its data but receives no work and its API keys are refused. */
public enum ProviderStatus {
    ACTIVE,
    SUSPENDED
}
