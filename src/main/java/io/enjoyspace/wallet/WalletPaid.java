package io.enjoyspace.wallet;

import io.enjoyspace.shared.Money;
import java.time.Instant;

/** A member's wallet paid {@code amount} (positive) for the referenced order or other thing. */
public record WalletPaid(
        long operatorId,
        long memberId,
        long transactionId,
        Money amount,
        Money balance,
        String referenceType,
        String referenceId,
        Instant at) {}
