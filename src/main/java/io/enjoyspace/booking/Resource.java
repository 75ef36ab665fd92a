package io.enjoyspace.booking;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * A bookable thing at a site. Prices are per hour in minor units of the operator's currency; 0 is free. Inside the
 * peak band (its weekdays and local times) the peak price applies instead. Bookings shorter than
 * {@code minBillableMinutes} are charged for that many minutes.
 */
public record Resource(
        long id,
        long operatorId,
        long siteId,
        ResourceType type,
        String name,
        int capacity,
        List<String> amenities,
        String floor,
        long pricePerHourMinor,
        int minBillableMinutes,
        Long peakPricePerHourMinor,
        Set<DayOfWeek> peakWeekdays,
        LocalTime peakStarts,
        LocalTime peakEnds,
        int checkInOpensMinutes,
        int checkInClosesMinutes,
        boolean active) {

    public boolean hasPeak() {
        return peakPricePerHourMinor != null;
    }
}
