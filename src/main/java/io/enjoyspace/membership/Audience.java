package io.enjoyspace.membership;

/** Who holds a tier or an allowance: a member, or a company (its pool, drawn on by its employees). */
public enum Audience {
    MEMBER,
    ENTERPRISE
}
