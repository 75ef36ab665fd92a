package io.enjoyspace.ordering;

/**
 * How an order is paid. Enterprise billing charges the member's company, which settles monthly with its rent; wallet,
 * points, coupon and card methods join this port in later work.
 */
public enum PaymentMethod {
    ENTERPRISE_BILLING
}
