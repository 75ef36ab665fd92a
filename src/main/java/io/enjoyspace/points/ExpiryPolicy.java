package io.enjoyspace.points;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * How long earned points stay valid, as a rule chooses: never, {@code count} days after the day they were earned, to
 * the end of the month {@code count} months after earning (0: this month), or to the end of the calendar year
 * {@code count} years after earning (0: this year). Points expire at midnight in the operator's time zone.
 */
public record ExpiryPolicy(Kind kind, int count) {

    public enum Kind {
        NEVER,
        DAYS_AFTER_EARNING,
        END_OF_MONTH,
        END_OF_YEAR
    }

    public static final ExpiryPolicy NEVER = new ExpiryPolicy(Kind.NEVER, 0);

    public ExpiryPolicy {
        if (kind == null || count < 0 || count > 3650) {
            throw new IllegalArgumentException("expiry count must be 0 to 3650");
        }
        if (kind == Kind.DAYS_AFTER_EARNING && count < 1) {
            throw new IllegalArgumentException("points valid for days need at least one day");
        }
    }

    /** When points earned at {@code earnedAt} expire, or null if they never do. */
    public Instant expiresAt(Instant earnedAt, ZoneId zone) {
        LocalDate earnedOn = LocalDate.ofInstant(earnedAt, zone);
        LocalDate firstInvalidDay = switch (kind) {
            case NEVER -> null;
            case DAYS_AFTER_EARNING -> earnedOn.plusDays(count + 1L);
            case END_OF_MONTH -> earnedOn.withDayOfMonth(1).plusMonths(count + 1L);
            case END_OF_YEAR -> earnedOn.withDayOfYear(1).plusYears(count + 1L);
        };
        return firstInvalidDay == null
                ? null
                : firstInvalidDay.atStartOfDay(zone).toInstant();
    }
}
