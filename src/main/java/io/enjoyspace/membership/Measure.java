package io.enjoyspace.membership;

/** What qualifies for a tier. Never the spendable points balance: spending points must not cost a member a tier. */
public enum Measure {
    /** Paid orders and check-ins of free bookings in the calendar month. */
    USES_PER_MONTH,
    /** Money paid over the rolling twelve months, in minor units. */
    SPEND_12_MONTHS,
    /** Points earned (issued to the member) over the rolling twelve months. */
    GROWTH_POINTS_12_MONTHS
}
