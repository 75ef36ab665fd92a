package io.enjoyspace.rewards;

/** Where a delivered gift is. */
public enum DeliveryStatus {
    PENDING,
    SHIPPED,
    DELIVERED
}
