package io.enjoyspace.catalog;

/** Who delivers an offering: the operator itself or a third-party provider. */
public enum Fulfilment {
    OPERATOR,
    PROVIDER
}
