package io.enjoyspace.membership;

/** The period a plan grants for: the calendar month, or the month of the company's lease (from its start day). */
public enum AllowancePeriod {
    CALENDAR_MONTH,
    CONTRACT_MONTH
}
