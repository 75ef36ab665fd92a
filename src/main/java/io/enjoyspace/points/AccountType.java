package io.enjoyspace.points;

/**
 * Member and enterprise accounts hold points owed to people (liabilities that never go below zero); the system accounts
 * are where points come from and go to.
 */
public enum AccountType {
    MEMBER,
    ENTERPRISE,
    ISSUANCE,
    REDEEMED,
    EXPIRED,
    ADJUSTMENT,
    CLEARING,
    /** Points reserved by pending holds, until they are captured or released. */
    HELD;

    public boolean isLiability() {
        return this == MEMBER || this == ENTERPRISE;
    }
}
