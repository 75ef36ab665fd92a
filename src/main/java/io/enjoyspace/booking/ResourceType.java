package io.enjoyspace.booking;

/** What kind of thing a resource is; policies can be scoped to one kind. */
public enum ResourceType {
    MEETING_ROOM,
    DESK,
    VENUE,
    EQUIPMENT
}
