package io.enjoyspace.wallet;

import io.enjoyspace.shared.Money;
import java.time.Instant;

/** Staff credited money received at the front desk to a member's wallet. */
public record WalletToppedUp(
        long operatorId,
        long memberId,
        long transactionId,
        Money amount,
        Money balance,
        long staffUserId,
        Instant at) {}
