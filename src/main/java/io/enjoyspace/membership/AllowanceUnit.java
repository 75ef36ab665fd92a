package io.enjoyspace.membership;

/**
 * What an allowance counts. MINUTES cover the share of a timed line's price; PAGES and USES cover whole units of a
 * line's quantity; MONEY covers minor units of the price.
 */
public enum AllowanceUnit {
    MINUTES,
    PAGES,
    USES,
    MONEY
}
