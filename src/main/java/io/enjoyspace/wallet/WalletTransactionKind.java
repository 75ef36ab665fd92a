package io.enjoyspace.wallet;

/** Why money moved in or out of a member's wallet. */
public enum WalletTransactionKind {
    /** Money received at the front desk (cash or transfer) and credited to the wallet. */
    TOP_UP,
    /** The wallet paid for an order or another reference. */
    PAYMENT,
    /** Part or all of a payment came back. */
    REFUND,
    /** An operator admin corrected the balance, up or down, with a reason. */
    ADJUSTMENT,
    /** Staff paid part of the balance back to the member in cash or by transfer, with a reason. */
    WITHDRAWAL;

    /** The system account on the other side of this kind of movement. */
    SystemAccount counterpart() {
        return switch (this) {
            case TOP_UP, WITHDRAWAL -> SystemAccount.TOP_UP_FUNDING;
            case PAYMENT, REFUND -> SystemAccount.SPENT;
            case ADJUSTMENT -> SystemAccount.ADJUSTMENT;
        };
    }

    /** The operator's accounts that balance the members' wallets. */
    enum SystemAccount {
        TOP_UP_FUNDING,
        SPENT,
        ADJUSTMENT
    }
}
