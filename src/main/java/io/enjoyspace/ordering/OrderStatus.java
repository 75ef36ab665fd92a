package io.enjoyspace.ordering;

public enum OrderStatus {
    PLACED,
    COMPLETED,
    CANCELLED
}
