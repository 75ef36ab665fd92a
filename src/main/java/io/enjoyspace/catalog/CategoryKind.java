package io.enjoyspace.catalog;

/** The three aisles of the service supermarket. */
public enum CategoryKind {
    OFFICE,
    LIFESTYLE,
    ENTERPRISE
}
