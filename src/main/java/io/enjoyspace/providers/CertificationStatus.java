package io.enjoyspace.providers;

/** Where a provider stands with the operator's certification. A certificate past its date reads as EXPIRED. */
public enum CertificationStatus {
    NONE,
    PENDING,
    CERTIFIED,
    EXPIRED
}
