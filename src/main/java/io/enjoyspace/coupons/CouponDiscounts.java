package io.enjoyspace.coupons;

import io.enjoyspace.shared.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one coupon takes off a basket, computed without the database: which lines are in its scope, whether its
 * threshold is met on what is still to pay, and how the discount spreads over the lines. A coupon that cannot apply
 * is refused naming {@code couponCodes}, with the code as the message argument.
 */
final class CouponDiscounts {

    static final String FIELD = "couponCodes";

    private CouponDiscounts() {}

    /**
     * A line of the basket as coupons see it: {@code remainingMinor} is what is still to pay on it after earlier
     * discounts; {@code startsAt}/{@code endsAt} the booked time of a reservation line (null otherwise).
     */
    record Line(
            int lineNumber,
            long offeringId,
            Long categoryId,
            String kind,
            String resourceTypeCode,
            int quantity,
            long remainingMinor,
            Instant startsAt,
            Instant endsAt) {}

    /** The part of a discount that one line pays. */
    record Share(int lineNumber, long amountMinor) {}

    /**
     * A coupon's discount: its total, the shares per line, and what it consumed in its own unit (1 COUPON, or the free
     * MINUTES of a FREE_HOURS coupon).
     */
    record Discount(long amountMinor, List<Share> shares, long units, String unit) {}

    static Discount compute(CouponTemplate template, String code, Long siteId, List<Line> lines) {
        if (!template.siteIds().isEmpty()
                && (siteId == null || !template.siteIds().contains(siteId))) {
            throw refused("coupons.notAtSite", code);
        }
        return switch (template.kind()) {
            case AMOUNT_OFF, THRESHOLD, PERCENT_OFF -> orderDiscount(template, code, lines);
            case FREE_SERVICE -> freeService(template, code, lines);
            case FREE_HOURS -> freeHours(template, code, lines);
        };
    }

    private static Discount orderDiscount(CouponTemplate template, String code, List<Line> lines) {
        List<Line> inScope = lines.stream()
                .filter(line -> line.remainingMinor() > 0 && inScope(template, line))
                .toList();
        long eligible = inScope.stream().mapToLong(Line::remainingMinor).sum();
        if (eligible == 0) {
            throw refused("coupons.outOfScope", code);
        }
        if (template.thresholdMinor() != null && eligible < template.thresholdMinor()) {
            throw refused("coupons.thresholdNotMet", code);
        }
        long amount;
        if (template.kind() == CouponKind.PERCENT_OFF) {
            amount = eligible * template.percentOff() / 100;
            if (template.capMinor() != null) {
                amount = Math.min(amount, template.capMinor());
            }
        } else {
            amount = Math.min(template.amountOffMinor(), eligible);
        }
        if (amount <= 0) {
            throw refused("coupons.nothingOff", code);
        }
        return new Discount(amount, spread(amount, eligible, inScope), 1, "COUPON");
    }

    /** Spreads {@code amount} over the lines in proportion to what each still costs, the rounding left to the last. */
    static List<Share> spread(long amount, long eligible, List<Line> lines) {
        List<Share> shares = new ArrayList<>();
        long given = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            long share = i == lines.size() - 1
                    ? amount - given
                    : Math.floorDiv(
                            java.math.BigInteger.valueOf(amount)
                                    .multiply(java.math.BigInteger.valueOf(line.remainingMinor()))
                                    .longValueExact(),
                            eligible);
            share = Math.min(share, line.remainingMinor());
            given += share;
            if (share > 0) {
                shares.add(new Share(line.lineNumber(), share));
            }
        }
        // The last line may be too small for the rounding left over: give what remains to any line with room.
        long left = amount - given;
        for (int i = 0; left > 0 && i < lines.size(); i++) {
            Line line = lines.get(i);
            long taken = shares.stream()
                    .filter(share -> share.lineNumber() == line.lineNumber())
                    .mapToLong(Share::amountMinor)
                    .sum();
            long room = line.remainingMinor() - taken;
            if (room > 0) {
                long extra = Math.min(room, left);
                left -= extra;
                shares.removeIf(share -> share.lineNumber() == line.lineNumber());
                shares.add(new Share(line.lineNumber(), taken + extra));
            }
        }
        shares.sort(java.util.Comparator.comparingInt(Share::lineNumber));
        return shares;
    }

    private static Discount freeService(CouponTemplate template, String code, List<Line> lines) {
        Line line = lines.stream()
                .filter(l -> l.remainingMinor() > 0 && l.offeringId() == template.offeringId())
                .findFirst()
                .orElseThrow(() -> refused("coupons.outOfScope", code));
        // One unit of the line free: its share of what is still to pay on the line.
        long amount = line.remainingMinor() / Math.max(1, line.quantity());
        if (amount <= 0) {
            throw refused("coupons.nothingOff", code);
        }
        return new Discount(amount, List.of(new Share(line.lineNumber(), amount)), 1, "COUPON");
    }

    private static Discount freeHours(CouponTemplate template, String code, List<Line> lines) {
        Line line = lines.stream()
                .filter(l -> l.remainingMinor() > 0
                        && l.startsAt() != null
                        && l.endsAt() != null
                        && l.endsAt().isAfter(l.startsAt())
                        && ((template.offeringId() != null && l.offeringId() == template.offeringId())
                                || (template.resourceTypeCode() != null
                                        && template.resourceTypeCode().equals(l.resourceTypeCode()))))
                .findFirst()
                .orElseThrow(() -> refused("coupons.outOfScope", code));
        long booked = Duration.between(line.startsAt(), line.endsAt()).toMinutes();
        long free = Math.min(booked, template.freeMinutes());
        long amount = booked == 0
                ? 0
                : java.math.BigInteger.valueOf(line.remainingMinor())
                        .multiply(java.math.BigInteger.valueOf(free))
                        .divide(java.math.BigInteger.valueOf(booked))
                        .longValueExact();
        if (amount <= 0) {
            throw refused("coupons.nothingOff", code);
        }
        return new Discount(amount, List.of(new Share(line.lineNumber(), amount)), free, "MINUTES");
    }

    private static boolean inScope(CouponTemplate template, Line line) {
        if (template.categoryIds().isEmpty() && template.offeringIds().isEmpty()) {
            return true;
        }
        return template.offeringIds().contains(line.offeringId())
                || (line.categoryId() != null && template.categoryIds().contains(line.categoryId()));
    }

    static InvalidInputException refused(String messageCode, String code) {
        return new InvalidInputException(
                List.of(new InvalidInputException.FieldError(FIELD, messageCode, List.of(code))));
    }
}
