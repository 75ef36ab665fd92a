package io.enjoyspace.points;

/**
 * Member and enterprise accounts hold points owed to people (liabilities that never go below zero); the system accounts
 * are where points come from and go to.
 */
public enum AccountType {
    MEMBER,
    ENTERPRISE,
    /** A member's points earned but not yet usable; released into the member's account when due. */
    PENDING,
    ISSUANCE,
    REDEEMED,
    EXPIRED,
    ADJUSTMENT,
    CLEARING,
    /** Points reserved by pending holds, until they are captured or released. */
    HELD;

    /** Points owed to a member or company, held in lots that expire. */
    public boolean isLiability() {
        return this == MEMBER || this == ENTERPRISE;
    }

    /** Accounts with an owner and a guarded balance row: liabilities and pending points. */
    public boolean keepsBalance() {
        return isLiability() || this == PENDING;
    }
}
