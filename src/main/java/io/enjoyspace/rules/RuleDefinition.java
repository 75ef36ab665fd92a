package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * What one version of a rule says: when {@code eventType} happens and {@code condition} (CEL, empty: always) holds,
 * award points as {@code action} computes them, within {@code limits}, between {@code validFrom} and
 * {@code validUntil}. Rules run by descending {@code priority}; a matching rule with {@code stopAfter} ends the
 * evaluation for rules below it.
 *
 * @param points the award of a FIXED rule
 * @param rate points per yuan of the attribute {@code amountAttribute} (PER_YUAN), or the factor (MULTIPLIER)
 * @param couponTemplateId the coupon template a COUPON rule grants one coupon of
 */
public record RuleDefinition(
        String name,
        String eventType,
        String condition,
        Action action,
        Integer points,
        BigDecimal rate,
        String amountAttribute,
        Rounding rounding,
        Limits limits,
        Instant validFrom,
        Instant validUntil,
        int priority,
        boolean stopAfter,
        ExpiryPolicy expiry,
        int pendingDays,
        Long campaignId,
        Long couponTemplateId) {

    /** A rule that awards points. */
    public RuleDefinition(
            String name,
            String eventType,
            String condition,
            Action action,
            Integer points,
            BigDecimal rate,
            String amountAttribute,
            Rounding rounding,
            Limits limits,
            Instant validFrom,
            Instant validUntil,
            int priority,
            boolean stopAfter,
            ExpiryPolicy expiry,
            int pendingDays,
            Long campaignId) {
        this(
                name,
                eventType,
                condition,
                action,
                points,
                rate,
                amountAttribute,
                rounding,
                limits,
                validFrom,
                validUntil,
                priority,
                stopAfter,
                expiry,
                pendingDays,
                campaignId,
                null);
    }

    public RuleDefinition {
        condition = condition == null ? "" : condition.strip();
        amountAttribute = amountAttribute == null || amountAttribute.isBlank() ? "amount" : amountAttribute.strip();
        rounding = rounding == null ? Rounding.DOWN : rounding;
        limits = limits == null ? Limits.NONE : limits;
        expiry = expiry == null ? ExpiryPolicy.NEVER : expiry;
    }

    public RuleDefinition withExpiry(ExpiryPolicy expiry) {
        return copy(limits, expiry, pendingDays, campaignId);
    }

    public RuleDefinition withLimits(Limits limits) {
        return copy(limits, expiry, pendingDays, campaignId);
    }

    public RuleDefinition inCampaign(Long campaignId) {
        return copy(limits, expiry, pendingDays, campaignId);
    }

    private RuleDefinition copy(Limits limits, ExpiryPolicy expiry, int pendingDays, Long campaignId) {
        return new RuleDefinition(
                name,
                eventType,
                condition,
                action,
                points,
                rate,
                amountAttribute,
                rounding,
                limits,
                validFrom,
                validUntil,
                priority,
                stopAfter,
                expiry,
                pendingDays,
                campaignId,
                couponTemplateId);
    }

    /** How a rule computes its award. */
    public enum Action {
        /** {@code points} for every matching event. */
        FIXED,
        /** {@code rate} points per yuan of the event's amount attribute, rounded as {@code rounding} says. */
        PER_YUAN,
        /**
         * ({@code rate} − 1) × the points the event earned under the FIXED and PER_YUAN rules that matched: a rate of 2
         * doubles them. Several multipliers add up, they do not compound.
         */
        MULTIPLIER,
        /**
         * One coupon of the template {@code couponTemplateId} per matching event, issued by the coupons module; points
         * limits do not apply, the template's stock and per-member limit do.
         */
        COUPON
    }

    public enum Rounding {
        DOWN(RoundingMode.DOWN),
        HALF_UP(RoundingMode.HALF_UP),
        UP(RoundingMode.UP);

        private final RoundingMode mode;

        Rounding(RoundingMode mode) {
            this.mode = mode;
        }

        long round(BigDecimal value) {
            return value.setScale(0, mode).longValueExact();
        }
    }

    /** A period that limits and budgets count in, starting in the operator's time zone. */
    public enum Period {
        DAY,
        WEEK,
        MONTH,
        EVER;

        LocalDate start(Instant at, ZoneId zone) {
            LocalDate day = LocalDate.ofInstant(at, zone);
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
                case EVER -> LocalDate.EPOCH;
            };
        }
    }

    /**
     * Caps on the points a rule awards: per member per day, week, month and ever; per enterprise in one period; and the
     * rule's budget in total and per period. Null means no cap.
     */
    public record Limits(
            Long memberDaily,
            Long memberWeekly,
            Long memberMonthly,
            Long memberEver,
            Long enterpriseCap,
            Period enterprisePeriod,
            Long budgetTotal,
            Long budgetPeriodCap,
            Period budgetPeriod) {

        public static final Limits NONE = new Limits(null, null, null, null, null, null, null, null, null);

        public boolean any() {
            return memberDaily != null
                    || memberWeekly != null
                    || memberMonthly != null
                    || memberEver != null
                    || enterpriseCap != null
                    || budgetTotal != null
                    || budgetPeriodCap != null;
        }
    }

    /** The award for an event whose amount attribute is {@code amount} yuan; FIXED ignores the amount. */
    long basePoints(BigDecimal amount) {
        return switch (action) {
            case FIXED -> points;
            case PER_YUAN -> amount == null || amount.signum() <= 0 ? 0 : rounding.round(amount.multiply(rate));
            case MULTIPLIER, COUPON -> 0;
        };
    }

    /** The bonus of a multiplier over {@code base} points. */
    long bonusOver(long base) {
        if (action != Action.MULTIPLIER || base <= 0) {
            return 0;
        }
        return Math.max(0, rounding.round(BigDecimal.valueOf(base).multiply(rate.subtract(BigDecimal.ONE))));
    }

    boolean validAt(Instant at) {
        return (validFrom == null || !at.isBefore(validFrom)) && (validUntil == null || at.isBefore(validUntil));
    }
}
