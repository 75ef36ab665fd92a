package io.enjoyspace.shared;

/** What a signed-in person may do. */
public enum Role {
    PLATFORM_ADMIN,
    OPERATOR_ADMIN,
    OPERATOR_STAFF,
    ENTERPRISE_ADMIN,
    MEMBER,
    /** A provider company's administrator: manages its API keys and webhook endpoint. */
    PROVIDER_ADMIN,
    /** A provider company's staff: sees its portal. */
    PROVIDER_STAFF;

    public String authority() {
        return "ROLE_" + name();
    }

    public boolean isOperatorStaff() {
        return this == OPERATOR_ADMIN || this == OPERATOR_STAFF;
    }

    public boolean isProviderStaff() {
        return this == PROVIDER_ADMIN || this == PROVIDER_STAFF;
    }
}
