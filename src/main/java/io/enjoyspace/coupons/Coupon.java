package io.enjoyspace.coupons;

import java.time.Instant;

/**
 * One coupon in a member's wallet. {@code status} is as of the read: an issued coupon past {@code validUntil} reads
 * as EXPIRED. {@code replayed}: this answers a repeated issue under the same key.
 */
public record Coupon(
        long id,
        long operatorId,
        long templateId,
        String templateName,
        CouponKind kind,
        long memberId,
        String code,
        CouponStatus status,
        CouponSource source,
        Instant issuedAt,
        Instant validFrom,
        Instant validUntil,
        Instant redeemedAt,
        Long orderId,
        Long discountMinor,
        boolean replayed) {}
