package io.enjoyspace.tenancy;

/** Where an invitation code lets a person join: a site, and for an enterprise's code, that company. */
public record Invitation(long operatorId, long siteId, Long enterpriseId) {}
