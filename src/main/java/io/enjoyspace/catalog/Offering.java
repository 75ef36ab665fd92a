package io.enjoyspace.catalog;

import io.enjoyspace.shared.Money;

/** Something in the catalog, at a fixed price. */
public record Offering(
        long id,
        long operatorId,
        long categoryId,
        String categoryName,
        String name,
        String description,
        Money price,
        boolean active) {}
