package io.enjoyspace.ordering;

import java.time.Instant;

/**
 * kind is the offering kind (SERVICE, RESOURCE, PRODUCT); resourceTypeCode is the booking resource type for a
 * reservation line (null otherwise); startsAt/endsAt the booked time (null when untimed).
 */
public record DiscountLine(
        int lineNumber,
        long offeringId,
        Long categoryId,
        String kind,
        String resourceTypeCode,
        int quantity,
        long remainingMinor,
        Instant startsAt,
        Instant endsAt) {}
