package io.enjoyspace.catalog;

public record Category(long id, long operatorId, String name, CategoryKind kind) {}
