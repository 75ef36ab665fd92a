package io.enjoyspace.booking;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The JSON shapes of the booking API: ids as strings, times ISO-8601 with offset (UTC), amounts in minor units. */
final class BookingViews {

    private BookingViews() {}

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    record HoursView(int weekday, LocalTime opens, LocalTime closes) {
        static HoursView of(OpeningHours hours) {
            return new HoursView(hours.weekday().getValue(), hours.opens(), hours.closes());
        }
    }

    record ResourceView(
            String id,
            String siteId,
            ResourceType type,
            String name,
            int capacity,
            List<String> amenities,
            String floor,
            long pricePerHourMinor,
            int minBillableMinutes,
            Long peakPricePerHourMinor,
            List<Integer> peakWeekdays,
            LocalTime peakStarts,
            LocalTime peakEnds,
            int checkInOpensMinutes,
            int checkInClosesMinutes,
            boolean active,
            List<HoursView> openingHours) {

        static ResourceView of(Resource resource, List<OpeningHours> hours) {
            return new ResourceView(
                    Long.toString(resource.id()),
                    Long.toString(resource.siteId()),
                    resource.type(),
                    resource.name(),
                    resource.capacity(),
                    resource.amenities(),
                    resource.floor(),
                    resource.pricePerHourMinor(),
                    resource.minBillableMinutes(),
                    resource.peakPricePerHourMinor(),
                    resource.peakWeekdays().stream()
                            .map(DayOfWeek::getValue)
                            .sorted()
                            .toList(),
                    resource.peakStarts(),
                    resource.peakEnds(),
                    resource.checkInOpensMinutes(),
                    resource.checkInClosesMinutes(),
                    resource.active(),
                    hours == null ? null : hours.stream().map(HoursView::of).toList());
        }
    }

    record CancellationView(int freeHoursBefore, int partialRefundPercent, int partialRefundHoursBefore) {
        static CancellationView of(CancellationTerms terms) {
            return terms == null
                    ? null
                    : new CancellationView(
                            terms.freeHoursBefore(), terms.partialRefundPercent(), terms.partialRefundHoursBefore());
        }
    }

    record ReservationView(
            String id,
            String resourceId,
            String memberId,
            String enterpriseId,
            String recurrenceId,
            ReservationStatus status,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            int bufferMinutes,
            long priceMinor,
            String currency,
            List<Price.Line> priceBreakdown,
            CancellationView cancellation,
            OffsetDateTime checkInOpensAt,
            OffsetDateTime checkInClosesAt,
            String overrideReason,
            OffsetDateTime createdAt,
            OffsetDateTime checkedInAt,
            OffsetDateTime releasedAt,
            OffsetDateTime cancelledAt,
            Long refundMinor,
            Integer refundPercent) {

        static ReservationView of(Reservation r) {
            return new ReservationView(
                    Long.toString(r.id()),
                    Long.toString(r.resourceId()),
                    Long.toString(r.memberId()),
                    r.enterpriseId() == null ? null : r.enterpriseId().toString(),
                    r.recurrenceId() == null ? null : r.recurrenceId().toString(),
                    r.status(),
                    time(r.startsAt()),
                    time(r.endsAt()),
                    r.bufferMinutes(),
                    r.price().totalMinor(),
                    r.price().currency(),
                    r.price().lines(),
                    CancellationView.of(r.cancellation()),
                    time(r.checkInOpensAt()),
                    time(r.checkInClosesAt()),
                    r.overrideReason(),
                    time(r.createdAt()),
                    time(r.checkedInAt()),
                    time(r.releasedAt()),
                    time(r.cancelledAt()),
                    r.refundMinor(),
                    r.refundPercent());
        }
    }

    record IntervalView(OffsetDateTime startsAt, OffsetDateTime endsAt, String kind) {}

    /**
     * Writes instants as {@code 2026-12-01T02:00:00Z} and intervals as {@code start/end}, fast: a site's week has tens of
     * thousands of them, and the general formatter was most of the cost of answering. Dates are cached per day.
     */
    static final class UtcFormat {

        private final java.util.Map<Long, String> days = new java.util.HashMap<>();

        String instant(Instant instant) {
            long seconds = instant.getEpochSecond();
            long day = Math.floorDiv(seconds, 86_400);
            int secondOfDay = (int) Math.floorMod(seconds, 86_400);
            StringBuilder text = new StringBuilder(20);
            text.append(days.computeIfAbsent(day, d -> java.time.LocalDate.ofEpochDay(d) + "T"));
            two(text, secondOfDay / 3600);
            text.append(':');
            two(text, secondOfDay / 60 % 60);
            text.append(':');
            two(text, secondOfDay % 60);
            return text.append('Z').toString();
        }

        String interval(Instant start, Instant end) {
            return instant(start) + "/" + instant(end);
        }

        private static void two(StringBuilder text, int value) {
            text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
        }
    }

    record ResourceAvailabilityView(
            String resourceId,
            String name,
            ResourceType type,
            int capacity,
            List<IntervalView> busy,
            List<IntervalView> free) {

        static ResourceAvailabilityView of(Availability.ResourceAvailability availability) {
            return new ResourceAvailabilityView(
                    Long.toString(availability.resource().id()),
                    availability.resource().name(),
                    availability.resource().type(),
                    availability.resource().capacity(),
                    availability.busy().stream()
                            .map(busy -> new IntervalView(
                                    time(busy.startsAt()),
                                    time(busy.endsAt()),
                                    busy.kind().name()))
                            .toList(),
                    availability.free().stream()
                            .map(slot -> new IntervalView(time(slot.startsAt()), time(slot.endsAt()), null))
                            .toList());
        }
    }

    record PolicyView(
            String id,
            int position,
            String name,
            PolicyScope scope,
            String scopeTierCode,
            String scopeEnterpriseId,
            String scopeMemberId,
            ResourceType resourceType,
            Integer maxDaysAhead,
            Integer minMinutesAhead,
            Integer minLengthMinutes,
            Integer maxLengthMinutes,
            Integer bufferMinutes,
            Integer weeklyQuotaHours,
            Boolean approvalRequired,
            CancellationView cancellation) {

        static PolicyView of(BookingPolicy p) {
            return new PolicyView(
                    Long.toString(p.id()),
                    p.position(),
                    p.name(),
                    p.scope(),
                    p.scopeTierCode(),
                    p.scopeEnterpriseId() == null ? null : p.scopeEnterpriseId().toString(),
                    p.scopeMemberId() == null ? null : p.scopeMemberId().toString(),
                    p.resourceType(),
                    p.maxDaysAhead(),
                    p.minMinutesAhead(),
                    p.minLengthMinutes(),
                    p.maxLengthMinutes(),
                    p.bufferMinutes(),
                    p.weeklyQuotaHours(),
                    p.approvalRequired(),
                    CancellationView.of(p.cancellation()));
        }
    }
}
