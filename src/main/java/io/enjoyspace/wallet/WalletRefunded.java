package io.enjoyspace.wallet;

import io.enjoyspace.shared.Money;
import java.time.Instant;

/** Part or all of a wallet payment went back to the member's wallet; {@code amount} is positive. */
public record WalletRefunded(
        long operatorId,
        long memberId,
        long transactionId,
        long paymentTransactionId,
        Money amount,
        Money balance,
        String referenceType,
        String referenceId,
        Instant at) {}
