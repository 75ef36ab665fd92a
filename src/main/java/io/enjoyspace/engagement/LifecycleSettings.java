package io.enjoyspace.engagement;

import io.enjoyspace.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's lifecycle thresholds. A month is the last 30 days, counted in the operator's time zone.
 *
 * @param silverUsesPerMonth uses in a month that make a member SILVER
 * @param goldUsesPerMonth uses in a month that make a member GOLD (more than silver)
 * @param dormantAfterDays days without a use after which a member is DORMANT
 * @param churnAfterDays days without a use after which a member is at CHURN_RISK (more than dormant)
 * @param churnDropPercent a member whose uses this month fell by more than this percentage against the month before
 *     is at CHURN_RISK
 * @param conversionDays an action converted when its member used a service within this many days after it
 */
public record LifecycleSettings(
        int silverUsesPerMonth,
        int goldUsesPerMonth,
        int dormantAfterDays,
        int churnAfterDays,
        int churnDropPercent,
        int conversionDays) {

    public static final LifecycleSettings DEFAULTS = new LifecycleSettings(3, 8, 30, 60, 50, 14);

    /** The thresholds are consistent: each problem names its field. */
    void validate() {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (silverUsesPerMonth < 1 || silverUsesPerMonth > 1000) {
            errors.add(new InvalidInputException.FieldError(
                    "silverUsesPerMonth", "engagement.lifecycle.range", List.of(1, 1000)));
        }
        if (goldUsesPerMonth <= silverUsesPerMonth || goldUsesPerMonth > 1000) {
            errors.add(
                    new InvalidInputException.FieldError("goldUsesPerMonth", "engagement.lifecycle.goldAboveSilver"));
        }
        if (dormantAfterDays < 1 || dormantAfterDays > 365) {
            errors.add(new InvalidInputException.FieldError(
                    "dormantAfterDays", "engagement.lifecycle.range", List.of(1, 365)));
        }
        if (churnAfterDays <= dormantAfterDays || churnAfterDays > 730) {
            errors.add(
                    new InvalidInputException.FieldError("churnAfterDays", "engagement.lifecycle.churnAfterDormant"));
        }
        if (churnDropPercent < 1 || churnDropPercent > 100) {
            errors.add(new InvalidInputException.FieldError(
                    "churnDropPercent", "engagement.lifecycle.range", List.of(1, 100)));
        }
        if (conversionDays < 1 || conversionDays > 365) {
            errors.add(new InvalidInputException.FieldError(
                    "conversionDays", "engagement.lifecycle.range", List.of(1, 365)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
