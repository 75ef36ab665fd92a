package io.enjoyspace.providers;

/** PENDING until a 2xx answer (DELIVERED) or until the attempts run out (DEAD); redelivery makes it PENDING again. */
public enum WebhookDeliveryStatus {
    PENDING,
    DELIVERED,
    DEAD
}
