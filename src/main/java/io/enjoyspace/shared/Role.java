package io.enjoyspace.shared;

/** What a signed-in person may do. */
public enum Role {
    PLATFORM_ADMIN,
    OPERATOR_ADMIN,
    OPERATOR_STAFF,
    ENTERPRISE_ADMIN,
    MEMBER;

    public String authority() {
        return "ROLE_" + name();
    }

    public boolean isOperatorStaff() {
        return this == OPERATOR_ADMIN || this == OPERATOR_STAFF;
    }
}
