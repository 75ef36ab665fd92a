/**
 * Bookable resources (meeting rooms, desks, venues, equipment) with opening hours, holidays and blackouts; booking
 * policies; reservations, check-in and no-show release. Double booking is refused by PostgreSQL (an exclusion
 * constraint), not only by Java checks.
 */
package io.enjoyspace.booking;
