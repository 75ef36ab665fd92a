package io.enjoyspace.tenancy;

/** What a member may say they care about, from a fixed list so that segments and offers can rely on the codes. */
enum Interest {
    FITNESS,
    DINING,
    TRAVEL,
    PARENTING,
    TECH,
    ARTS,
    FINANCE,
    HEALTH
}
