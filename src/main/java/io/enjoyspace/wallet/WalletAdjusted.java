package io.enjoyspace.wallet;

import io.enjoyspace.shared.Money;
import java.time.Instant;

/**
 * Staff corrected a member's wallet ({@code ADJUSTMENT}, either sign) or paid money back out of it ({@code WITHDRAWAL},
 * negative), with a reason.
 */
public record WalletAdjusted(
        long operatorId,
        long memberId,
        long transactionId,
        WalletTransactionKind kind,
        Money amount,
        Money balance,
        long staffUserId,
        String reason,
        Instant at) {}
