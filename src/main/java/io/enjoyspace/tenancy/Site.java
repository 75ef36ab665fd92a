package io.enjoyspace.tenancy;

public record Site(long id, long operatorId, String name, SiteKind kind, String address, String invitationCode) {}
