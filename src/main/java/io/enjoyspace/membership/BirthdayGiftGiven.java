package io.enjoyspace.membership;

import java.time.Instant;

/**
 * A member received the tier's birthday gift for {@code year}: {@code points} were awarded in the same transaction
 * (0 when the tier gives none), and {@code couponTemplateId}, when set, names the template of which the coupons module
 * issues one coupon. Published once per member and year.
 */
public record BirthdayGiftGiven(
        long operatorId,
        long memberId,
        int year,
        String tierCode,
        String tierName,
        long points,
        Long couponTemplateId,
        Instant givenAt) {}
