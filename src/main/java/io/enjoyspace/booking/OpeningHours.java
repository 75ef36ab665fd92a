package io.enjoyspace.booking;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** When a resource can be booked on one weekday, in the operator's local time. */
public record OpeningHours(DayOfWeek weekday, LocalTime opens, LocalTime closes) {}
