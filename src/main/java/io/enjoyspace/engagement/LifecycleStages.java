package io.enjoyspace.engagement;

import java.time.Duration;
import java.time.Instant;

/**
 * The stage definitions, in the order they are tried:
 *
 * <ol>
 *   <li>never used: NEW while registered for fewer than dormantAfterDays days, then DORMANT, then CHURN_RISK after
 *       churnAfterDays days;
 *   <li>no use for churnAfterDays days: CHURN_RISK; for dormantAfterDays days: DORMANT;
 *   <li>uses in the last 30 days (at least one) fell by more than churnDropPercent against the 30 days before:
 *       CHURN_RISK; except
 *       for a member coming back from DORMANT, or who left DORMANT or CHURN_RISK less than 30 days ago, whose month
 *       before is their absence (they are welcomed back as ACTIVE, SILVER or GOLD);
 *   <li>at least goldUsesPerMonth uses in the last 30 days: GOLD; at least silverUsesPerMonth: SILVER;
 *   <li>otherwise ACTIVE.
 * </ol>
 */
final class LifecycleStages {

    private LifecycleStages() {}

    /**
     * @param current the member's stage before, null when not yet placed
     * @param returnedAt when the member last left DORMANT or CHURN_RISK, or null
     * @param usesThisMonth uses in the last 30 days
     * @param usesMonthBefore uses in the 30 days before those
     */
    static LifecycleStage classify(
            LifecycleSettings settings,
            LifecycleStage current,
            Instant returnedAt,
            Instant now,
            Instant registeredAt,
            Instant lastUseAt,
            long usesThisMonth,
            long usesMonthBefore) {
        if (lastUseAt == null) {
            long days = Duration.between(registeredAt, now).toDays();
            if (days < settings.dormantAfterDays()) {
                return LifecycleStage.NEW;
            }
            return days < settings.churnAfterDays() ? LifecycleStage.DORMANT : LifecycleStage.CHURN_RISK;
        }
        long idleDays = Duration.between(lastUseAt, now).toDays();
        if (idleDays >= settings.churnAfterDays()) {
            return LifecycleStage.CHURN_RISK;
        }
        if (idleDays >= settings.dormantAfterDays()) {
            return LifecycleStage.DORMANT;
        }
        boolean returning = current == LifecycleStage.DORMANT
                || (returnedAt != null && Duration.between(returnedAt, now).toDays() < 30);
        if (!returning
                && usesThisMonth > 0
                && usesMonthBefore > 0
                && usesThisMonth * 100 < usesMonthBefore * (100 - settings.churnDropPercent())) {
            return LifecycleStage.CHURN_RISK;
        }
        if (usesThisMonth >= settings.goldUsesPerMonth()) {
            return LifecycleStage.GOLD;
        }
        if (usesThisMonth >= settings.silverUsesPerMonth()) {
            return LifecycleStage.SILVER;
        }
        return LifecycleStage.ACTIVE;
    }
}
