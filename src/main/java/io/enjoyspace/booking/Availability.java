package io.enjoyspace.booking;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * When resources are busy and free. A resource is free inside its opening hours on a day that is not one of its site's
 * holidays, outside its blackouts and outside the time held by reservations (each with its buffer), and not in the
 * past. A whole site is answered with two queries, whatever its size.
 */
@Service
public class Availability {

    /** The longest range one question may cover. */
    static final Duration MAX_RANGE = Duration.ofDays(31);

    public enum BusyKind {
        RESERVED,
        BLACKOUT
    }

    public record Busy(Instant startsAt, Instant endsAt, BusyKind kind) {}

    public record Slot(Instant startsAt, Instant endsAt) {}

    public record ResourceAvailability(Resource resource, List<Busy> busy, List<Slot> free) {}

    public record SiteAvailability(
            long siteId,
            Instant from,
            Instant to,
            Map<LocalDate, String> holidays,
            List<ResourceAvailability> resources) {}

    private final JdbcClient jdbc;
    private final Resources resources;
    private final Sites sites;
    private final Operators operators;
    private final Clock clock;

    Availability(JdbcClient jdbc, Resources resources, Sites sites, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.resources = resources;
        this.sites = sites;
        this.operators = operators;
        this.clock = clock;
    }

    public ResourceAvailability ofResource(long operatorId, long resourceId, Instant from, Instant to) {
        checkRange(from, to);
        Resource resource = resources.get(operatorId, resourceId);
        Map<Long, Map<DayOfWeek, OpeningHours>> hours = resources.openingHours(operatorId, List.of(resourceId));
        return compute(operatorId, resource.siteId(), List.of(resource), hours, from, to)
                .resources()
                .get(0);
    }

    /** Every active resource of a site, optionally of one type: one query for the resources, one for the rest. */
    public SiteAvailability ofSite(long operatorId, long siteId, ResourceType type, Instant from, Instant to) {
        checkRange(from, to);
        sites.get(operatorId, siteId);
        Map<Long, Map<DayOfWeek, OpeningHours>> hours = new HashMap<>();
        List<Resource> list = jdbc.sql("""
                        select r.*, h.weekdays, h.opens, h.closes
                        from booking_resource r
                        left join lateral (
                            select array_agg(weekday order by weekday) as weekdays,
                                   array_agg(opens::text order by weekday) as opens,
                                   array_agg(closes::text order by weekday) as closes
                            from booking_opening_hours h
                            where h.operator_id = r.operator_id and h.resource_id = r.id) h on true
                        where r.operator_id = :operatorId and r.site_id = :siteId and r.active
                          and (cast(:type as text) is null or r.type = :type)
                        order by r.type, r.name, r.id
                        """)
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .param("type", type == null ? null : type.name())
                .query((rs, row) -> {
                    Resource resource = Resources.map(rs, row);
                    Map<DayOfWeek, OpeningHours> week = new EnumMap<>(DayOfWeek.class);
                    java.sql.Array weekdays = rs.getArray("weekdays");
                    if (weekdays != null) {
                        Object[] days = (Object[]) weekdays.getArray();
                        String[] opens = (String[]) rs.getArray("opens").getArray();
                        String[] closes = (String[]) rs.getArray("closes").getArray();
                        for (int i = 0; i < days.length; i++) {
                            DayOfWeek day = DayOfWeek.of(((Number) days[i]).intValue());
                            week.put(day, new OpeningHours(day, LocalTime.parse(opens[i]), LocalTime.parse(closes[i])));
                        }
                    }
                    hours.put(resource.id(), week);
                    return resource;
                })
                .list();
        return compute(operatorId, siteId, list, hours, from, to);
    }

    private SiteAvailability compute(
            long operatorId,
            long siteId,
            List<Resource> list,
            Map<Long, Map<DayOfWeek, OpeningHours>> hours,
            Instant from,
            Instant to) {
        ZoneId zone = operators.get(operatorId).timeZone();
        Map<Long, List<Busy>> busy = new HashMap<>();
        Map<LocalDate, String> holidays = new LinkedHashMap<>();
        if (!list.isEmpty()) {
            jdbc.sql("""
                            select resource_id, cast(floor(extract(epoch from starts_at)) as bigint) as starts_at,
                                   cast(floor(extract(epoch from blocked_until)) as bigint) as ends_at, 'RESERVED' as kind,
                                   cast(null as date) as day, cast(null as text) as name
                            from reservation
                            where operator_id = :operatorId and resource_id = any(cast(:ids as bigint[]))
                              and status in ('PENDING_APPROVAL', 'CONFIRMED', 'CHECKED_IN', 'COMPLETED')
                              and tstzrange(starts_at, blocked_until) && tstzrange(:from, :to)
                            union all
                            select resource_id, cast(floor(extract(epoch from starts_at)) as bigint),
                                   cast(floor(extract(epoch from ends_at)) as bigint), 'BLACKOUT', null, null
                            from booking_blackout
                            where operator_id = :operatorId and resource_id = any(cast(:ids as bigint[]))
                              and starts_at < :to and ends_at > :from
                            union all
                            select cast(null as bigint), cast(null as bigint), cast(null as bigint), 'HOLIDAY', day, name
                            from booking_holiday
                            where operator_id = :operatorId and site_id = :siteId and day between :firstDay and :lastDay
                            order by 2
                            """)
                    .param("operatorId", operatorId)
                    .param(
                            "ids",
                            Resources.idArray(list.stream().map(Resource::id).toList()))
                    .param("siteId", siteId)
                    .param("from", Timestamp.from(from))
                    .param("to", Timestamp.from(to))
                    .param("firstDay", LocalDate.ofInstant(from, zone))
                    .param("lastDay", LocalDate.ofInstant(to, zone))
                    .query(rs -> {
                        String kind = rs.getString("kind");
                        if (kind.equals("HOLIDAY")) {
                            holidays.put(rs.getObject("day", LocalDate.class), rs.getString("name"));
                        } else {
                            busy.computeIfAbsent(rs.getLong("resource_id"), id -> new ArrayList<>())
                                    .add(new Busy(
                                            Instant.ofEpochSecond(rs.getLong("starts_at")),
                                            Instant.ofEpochSecond(rs.getLong("ends_at")),
                                            kind.equals("RESERVED") ? BusyKind.RESERVED : BusyKind.BLACKOUT));
                        }
                    });
        }
        Instant now = clock.instant();
        Instant freeFrom = from.isAfter(now) ? from : now;
        List<ResourceAvailability> answers = new ArrayList<>(list.size());
        for (Resource resource : list) {
            List<Busy> resourceBusy = busy.getOrDefault(resource.id(), List.of());
            List<Slot> free = free(
                    hours.getOrDefault(resource.id(), new EnumMap<>(DayOfWeek.class)),
                    holidays.keySet(),
                    resourceBusy,
                    freeFrom,
                    to,
                    zone);
            answers.add(new ResourceAvailability(resource, resourceBusy, free));
        }
        return new SiteAvailability(siteId, from, to, holidays, answers);
    }

    /** Opening hours of every day in the range, less holidays and busy time, clipped to the range. */
    static List<Slot> free(
            Map<DayOfWeek, OpeningHours> hours,
            Set<LocalDate> holidays,
            List<Busy> busy,
            Instant from,
            Instant to,
            ZoneId zone) {
        List<Slot> free = new ArrayList<>();
        if (!from.isBefore(to)) {
            return free;
        }
        List<Busy> sorted = new ArrayList<>(busy);
        sorted.sort(Comparator.comparing(Busy::startsAt));
        for (LocalDate day = LocalDate.ofInstant(from, zone);
                !day.isAfter(LocalDate.ofInstant(to, zone));
                day = day.plusDays(1)) {
            OpeningHours open = hours.get(day.getDayOfWeek());
            if (open == null || holidays.contains(day)) {
                continue;
            }
            Instant start = latest(day.atTime(open.opens()).atZone(zone).toInstant(), from);
            Instant end = earliest(day.atTime(open.closes()).atZone(zone).toInstant(), to);
            for (Busy taken : sorted) {
                if (!start.isBefore(end)) {
                    break;
                }
                if (!taken.endsAt().isAfter(start) || !taken.startsAt().isBefore(end)) {
                    continue;
                }
                if (taken.startsAt().isAfter(start)) {
                    free.add(new Slot(start, taken.startsAt()));
                }
                start = latest(start, taken.endsAt());
            }
            if (start.isBefore(end)) {
                free.add(new Slot(start, end));
            }
        }
        return free;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void checkRange(Instant from, Instant to) {
        if (from == null) {
            throw new InvalidInputException("from", "NotNull");
        }
        if (to == null || !to.isAfter(from)) {
            throw new InvalidInputException("to", "booking.endsBeforeStarts");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new InvalidInputException("to", "booking.rangeTooLong");
        }
    }
}
