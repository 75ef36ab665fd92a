package io.enjoyspace.ordering;

import java.time.Instant;

/**
 * One line of a basket. {@code kind} is the offering kind (SERVICE, RESOURCE, PRODUCT); a paid reservation's line has
 * kind RESOURCE, offering id 0 and its booking resource type in {@code resourceTypeCode} (null on other lines).
 * {@code startsAt} and {@code endsAt} are the booked or priced time, null when the line is not timed.
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
