package io.enjoyspace.points;

import java.util.Objects;

/** Names a points account: a member's, a company pool, or one of the operator's system accounts. */
public record Account(AccountType type, Long ownerId) {

    public Account {
        Objects.requireNonNull(type);
        if (type.keepsBalance() != (ownerId != null)) {
            throw new IllegalArgumentException(
                    type + " accounts " + (type.keepsBalance() ? "need" : "take no") + " owner");
        }
    }

    public static Account member(long memberId) {
        return new Account(AccountType.MEMBER, memberId);
    }

    public static Account enterprise(long enterpriseId) {
        return new Account(AccountType.ENTERPRISE, enterpriseId);
    }

    public static Account pending(long memberId) {
        return new Account(AccountType.PENDING, memberId);
    }

    public static Account system(AccountType type) {
        return new Account(type, null);
    }
}
