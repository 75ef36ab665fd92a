package io.enjoyspace.catalog;

/** What an offering is: a service done for the member, a type of bookable resource, or a product handed over. */
public enum OfferingKind {
    SERVICE,
    RESOURCE_TYPE,
    PRODUCT
}
