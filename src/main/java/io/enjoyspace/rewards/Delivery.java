package io.enjoyspace.rewards;

/** How a gift reaches the member. */
public enum Delivery {
    PICKUP,
    DELIVERY
}
