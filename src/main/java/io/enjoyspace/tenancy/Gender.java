package io.enjoyspace.tenancy;

/** A member's gender, if they choose to give it; {@code UNDISCLOSED} is an answer, not giving one is null. */
enum Gender {
    FEMALE,
    MALE,
    UNDISCLOSED
}
