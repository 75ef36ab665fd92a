package io.enjoyspace.ordering;

/**
 * How an order, or a part of it, is paid. Enterprise billing charges the member's company, which settles monthly with
 * its rent; the wallet is the member's prepaid balance; points are spent at the operator's rate. A card or mobile
 * payment adapter joins this port later.
 */
public enum PaymentMethod {
    ENTERPRISE_BILLING,
    WALLET,
    POINTS
}
