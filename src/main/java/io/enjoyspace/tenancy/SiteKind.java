package io.enjoyspace.tenancy;

public enum SiteKind {
    OFFICE_TOWER,
    INDUSTRIAL_PARK,
    COWORKING,
    MALL,
    RESIDENTIAL
}
