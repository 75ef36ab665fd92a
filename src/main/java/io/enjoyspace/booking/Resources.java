package io.enjoyspace.booking;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Sites;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The operator's bookable resources and their calendars: opening hours, site holidays and blackouts. */
@Repository
public class Resources {

    /** What an operator fills in to create or change a resource. */
    public record ResourceDraft(
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

        /** A resource with no peak band and the usual check-in window of 15 minutes either side of the start. */
        public static ResourceDraft simple(
                long siteId, ResourceType type, String name, int capacity, String floor, long pricePerHourMinor) {
            return new ResourceDraft(
                    siteId,
                    type,
                    name,
                    capacity,
                    List.of(),
                    floor,
                    pricePerHourMinor,
                    0,
                    null,
                    Set.of(),
                    null,
                    null,
                    15,
                    15,
                    true);
        }

        public ResourceDraft withPeak(
                long pricePerHourMinor, Set<DayOfWeek> weekdays, LocalTime starts, LocalTime ends) {
            return new ResourceDraft(
                    siteId,
                    type,
                    name,
                    capacity,
                    amenities,
                    floor,
                    this.pricePerHourMinor,
                    minBillableMinutes,
                    pricePerHourMinor,
                    weekdays,
                    starts,
                    ends,
                    checkInOpensMinutes,
                    checkInClosesMinutes,
                    active);
        }

        public ResourceDraft withAmenities(List<String> amenities) {
            return new ResourceDraft(
                    siteId,
                    type,
                    name,
                    capacity,
                    amenities,
                    floor,
                    pricePerHourMinor,
                    minBillableMinutes,
                    peakPricePerHourMinor,
                    peakWeekdays,
                    peakStarts,
                    peakEnds,
                    checkInOpensMinutes,
                    checkInClosesMinutes,
                    active);
        }

        public ResourceDraft withMinBillableMinutes(int minutes) {
            return new ResourceDraft(
                    siteId,
                    type,
                    name,
                    capacity,
                    amenities,
                    floor,
                    pricePerHourMinor,
                    minutes,
                    peakPricePerHourMinor,
                    peakWeekdays,
                    peakStarts,
                    peakEnds,
                    checkInOpensMinutes,
                    checkInClosesMinutes,
                    active);
        }
    }

    /** A closed date for every resource of a site. */
    public record Holiday(long siteId, LocalDate day, String name) {}

    /** A time range in which a resource cannot be booked. */
    public record Blackout(long id, long resourceId, Instant startsAt, Instant endsAt, String reason) {}

    private final JdbcClient jdbc;
    private final Sites sites;
    private final Clock clock;

    Resources(JdbcClient jdbc, Sites sites, Clock clock) {
        this.jdbc = jdbc;
        this.sites = sites;
        this.clock = clock;
    }

    @Transactional
    public Resource create(long operatorId, ResourceDraft draft) {
        validate(operatorId, draft);
        long id = jdbc.sql("""
                        insert into booking_resource (operator_id, site_id, type, name, capacity, amenities, floor,
                            price_per_hour_minor, min_billable_minutes, peak_price_per_hour_minor, peak_weekdays,
                            peak_starts, peak_ends, check_in_opens_minutes, check_in_closes_minutes, active, created_at)
                        values (:operatorId, :siteId, :type, :name, :capacity, cast(:amenities as text[]), :floor,
                            :price, :minBillable, :peakPrice, cast(:peakWeekdays as integer[]),
                            :peakStarts, :peakEnds, :opens, :closes, :active, :now)
                        returning id
                        """)
                .params(params(operatorId, draft))
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return get(operatorId, id);
    }

    @Transactional
    public Resource update(long operatorId, long id, ResourceDraft draft) {
        get(operatorId, id);
        validate(operatorId, draft);
        jdbc.sql("""
                        update booking_resource set site_id = :siteId, type = :type, name = :name, capacity = :capacity,
                            amenities = cast(:amenities as text[]), floor = :floor, price_per_hour_minor = :price,
                            min_billable_minutes = :minBillable, peak_price_per_hour_minor = :peakPrice,
                            peak_weekdays = cast(:peakWeekdays as integer[]), peak_starts = :peakStarts,
                            peak_ends = :peakEnds, check_in_opens_minutes = :opens, check_in_closes_minutes = :closes,
                            active = :active
                        where operator_id = :operatorId and id = :id
                        """).params(params(operatorId, draft)).param("id", id).update();
        return get(operatorId, id);
    }

    public Resource get(long operatorId, long id) {
        return jdbc.sql("select * from booking_resource where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Resources::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** The operator's resources, filtered by site, type and minimum capacity when given; inactive ones on request. */
    public List<Resource> list(
            long operatorId, Long siteId, ResourceType type, Integer minCapacity, boolean includeInactive) {
        return jdbc.sql("""
                        select * from booking_resource
                        where operator_id = :operatorId
                          and (cast(:siteId as bigint) is null or site_id = :siteId)
                          and (cast(:type as text) is null or type = :type)
                          and capacity >= :minCapacity
                          and (active or :includeInactive)
                        order by site_id, type, name, id
                        """)
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .param("type", type == null ? null : type.name())
                .param("minCapacity", minCapacity == null ? 0 : minCapacity)
                .param("includeInactive", includeInactive)
                .query(Resources::map)
                .list();
    }

    /** Replaces a resource's opening hours; a weekday not listed is closed. */
    @Transactional
    public List<OpeningHours> setOpeningHours(long operatorId, long resourceId, List<OpeningHours> hours) {
        get(operatorId, resourceId);
        Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < hours.size(); i++) {
            OpeningHours day = hours.get(i);
            if (day.weekday() == null || !seen.add(day.weekday())) {
                throw new InvalidInputException("hours[" + i + "].weekday", "booking.weekdayTwice");
            }
            if (day.opens() == null || day.closes() == null || !day.closes().isAfter(day.opens())) {
                throw new InvalidInputException("hours[" + i + "].closes", "booking.closesBeforeOpens");
            }
        }
        jdbc.sql("delete from booking_opening_hours where operator_id = :operatorId and resource_id = :resourceId")
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .update();
        for (OpeningHours day : hours) {
            jdbc.sql("""
                            insert into booking_opening_hours (operator_id, resource_id, weekday, opens, closes)
                            values (:operatorId, :resourceId, :weekday, :opens, :closes)
                            """)
                    .param("operatorId", operatorId)
                    .param("resourceId", resourceId)
                    .param("weekday", day.weekday().getValue())
                    .param("opens", day.opens())
                    .param("closes", day.closes())
                    .update();
        }
        return openingHours(operatorId, resourceId);
    }

    public List<OpeningHours> openingHours(long operatorId, long resourceId) {
        return jdbc.sql("""
                        select weekday, opens, closes from booking_opening_hours
                        where operator_id = :operatorId and resource_id = :resourceId order by weekday
                        """)
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .query((rs, row) -> new OpeningHours(
                        DayOfWeek.of(rs.getInt("weekday")),
                        rs.getObject("opens", LocalTime.class),
                        rs.getObject("closes", LocalTime.class)))
                .list();
    }

    /** The opening hours of many resources in one query, by resource id. */
    Map<Long, Map<DayOfWeek, OpeningHours>> openingHours(long operatorId, java.util.Collection<Long> resourceIds) {
        Map<Long, Map<DayOfWeek, OpeningHours>> byResource = new TreeMap<>();
        if (resourceIds.isEmpty()) {
            return byResource;
        }
        jdbc.sql("""
                        select resource_id, weekday, opens, closes from booking_opening_hours
                        where operator_id = :operatorId and resource_id = any(cast(:ids as bigint[]))
                        """)
                .param("operatorId", operatorId)
                .param("ids", idArray(resourceIds))
                .query(rs -> {
                    OpeningHours hours = new OpeningHours(
                            DayOfWeek.of(rs.getInt("weekday")),
                            rs.getObject("opens", LocalTime.class),
                            rs.getObject("closes", LocalTime.class));
                    byResource
                            .computeIfAbsent(rs.getLong("resource_id"), id -> new java.util.EnumMap<>(DayOfWeek.class))
                            .put(hours.weekday(), hours);
                });
        return byResource;
    }

    @Transactional
    public Holiday addHoliday(long operatorId, long siteId, LocalDate day, String name) {
        sites.get(operatorId, siteId);
        if (day == null) {
            throw new InvalidInputException("day", "NotNull");
        }
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new InvalidInputException("name", "booking.nameRequired");
        }
        jdbc.sql("""
                        insert into booking_holiday (operator_id, site_id, day, name) values (:operatorId, :siteId, :day, :name)
                        on conflict (operator_id, site_id, day) do update set name = excluded.name
                        """)
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .param("day", day)
                .param("name", name.strip())
                .update();
        return new Holiday(siteId, day, name.strip());
    }

    public void removeHoliday(long operatorId, long siteId, LocalDate day) {
        int removed = jdbc.sql(
                        "delete from booking_holiday where operator_id = :operatorId and site_id = :siteId and day = :day")
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .param("day", day)
                .update();
        if (removed == 0) {
            throw new NotFoundException();
        }
    }

    public List<Holiday> holidays(long operatorId, long siteId) {
        return jdbc.sql("""
                        select site_id, day, name from booking_holiday
                        where operator_id = :operatorId and site_id = :siteId order by day
                        """)
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .query((rs, row) ->
                        new Holiday(rs.getLong("site_id"), rs.getObject("day", LocalDate.class), rs.getString("name")))
                .list();
    }

    boolean isHoliday(long operatorId, long siteId, LocalDate day) {
        return jdbc.sql("""
                                select count(*) from booking_holiday
                                where operator_id = :operatorId and site_id = :siteId and day = :day
                                """)
                        .param("operatorId", operatorId)
                        .param("siteId", siteId)
                        .param("day", day)
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Transactional
    public Blackout addBlackout(long operatorId, long resourceId, Instant startsAt, Instant endsAt, String reason) {
        get(operatorId, resourceId);
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (startsAt == null) {
            errors.add(new InvalidInputException.FieldError("startsAt", "NotNull"));
        }
        if (endsAt == null || (startsAt != null && !endsAt.isAfter(startsAt))) {
            errors.add(new InvalidInputException.FieldError("endsAt", "booking.endsBeforeStarts"));
        }
        if (reason == null || reason.isBlank() || reason.strip().length() > 500) {
            errors.add(new InvalidInputException.FieldError("reason", "booking.reasonRequired"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        long id = jdbc.sql("""
                        insert into booking_blackout (operator_id, resource_id, starts_at, ends_at, reason, created_at)
                        values (:operatorId, :resourceId, :startsAt, :endsAt, :reason, :now) returning id
                        """)
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .param("startsAt", Timestamp.from(startsAt))
                .param("endsAt", Timestamp.from(endsAt))
                .param("reason", reason.strip())
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return new Blackout(id, resourceId, startsAt, endsAt, reason.strip());
    }

    public void removeBlackout(long operatorId, long resourceId, long blackoutId) {
        int removed = jdbc.sql("""
                        delete from booking_blackout
                        where operator_id = :operatorId and resource_id = :resourceId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .param("id", blackoutId)
                .update();
        if (removed == 0) {
            throw new NotFoundException();
        }
    }

    /** A resource's blackouts that end after {@code from}. */
    public List<Blackout> blackouts(long operatorId, long resourceId, Instant from) {
        return jdbc.sql("""
                        select * from booking_blackout
                        where operator_id = :operatorId and resource_id = :resourceId and ends_at > :from
                        order by starts_at
                        """)
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .param("from", Timestamp.from(from))
                .query((rs, row) -> new Blackout(
                        rs.getLong("id"),
                        rs.getLong("resource_id"),
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("reason")))
                .list();
    }

    /** The blackout that overlaps the range, if any. */
    java.util.Optional<Blackout> blackoutOverlapping(long operatorId, long resourceId, Instant from, Instant to) {
        return jdbc.sql("""
                        select * from booking_blackout
                        where operator_id = :operatorId and resource_id = :resourceId
                          and starts_at < :to and ends_at > :from
                        order by starts_at limit 1
                        """)
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query((rs, row) -> new Blackout(
                        rs.getLong("id"),
                        rs.getLong("resource_id"),
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("reason")))
                .optional();
    }

    private void validate(long operatorId, ResourceDraft draft) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        try {
            sites.get(operatorId, draft.siteId());
        } catch (NotFoundException e) {
            errors.add(new InvalidInputException.FieldError("siteId", "booking.unknownSite"));
        }
        if (draft.type() == null) {
            errors.add(new InvalidInputException.FieldError("type", "NotNull"));
        }
        if (draft.name() == null
                || draft.name().isBlank()
                || draft.name().strip().length() > 200) {
            errors.add(new InvalidInputException.FieldError("name", "booking.nameRequired"));
        }
        if (draft.capacity() < 1 || draft.capacity() > 100_000) {
            errors.add(new InvalidInputException.FieldError("capacity", "booking.capacityRange"));
        }
        if (draft.floor() != null && draft.floor().length() > 20) {
            errors.add(new InvalidInputException.FieldError("floor", "booking.floorTooLong"));
        }
        if (draft.pricePerHourMinor() < 0) {
            errors.add(new InvalidInputException.FieldError("pricePerHourMinor", "booking.priceNegative"));
        }
        if (draft.minBillableMinutes() < 0 || draft.minBillableMinutes() > 1440) {
            errors.add(new InvalidInputException.FieldError("minBillableMinutes", "booking.minutesRange"));
        }
        boolean anyPeak =
                draft.peakPricePerHourMinor() != null || draft.peakStarts() != null || draft.peakEnds() != null;
        if (anyPeak) {
            if (draft.peakPricePerHourMinor() == null || draft.peakPricePerHourMinor() < 0) {
                errors.add(new InvalidInputException.FieldError("peakPricePerHourMinor", "booking.priceNegative"));
            }
            if (draft.peakStarts() == null
                    || draft.peakEnds() == null
                    || !draft.peakEnds().isAfter(draft.peakStarts())) {
                errors.add(new InvalidInputException.FieldError("peakEnds", "booking.closesBeforeOpens"));
            }
            if (draft.peakWeekdays() == null || draft.peakWeekdays().isEmpty()) {
                errors.add(new InvalidInputException.FieldError("peakWeekdays", "booking.peakWeekdays"));
            }
        }
        if (draft.checkInOpensMinutes() < 0 || draft.checkInOpensMinutes() > 1440) {
            errors.add(new InvalidInputException.FieldError("checkInOpensMinutes", "booking.minutesRange"));
        }
        if (draft.checkInClosesMinutes() < 0 || draft.checkInClosesMinutes() > 1440) {
            errors.add(new InvalidInputException.FieldError("checkInClosesMinutes", "booking.minutesRange"));
        }
        List<String> amenities = draft.amenities() == null ? List.of() : draft.amenities();
        if (amenities.size() > 30 || amenities.stream().anyMatch(a -> a == null || a.isBlank() || a.length() > 50)) {
            errors.add(new InvalidInputException.FieldError("amenities", "booking.amenities"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static Map<String, Object> params(long operatorId, ResourceDraft draft) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("operatorId", operatorId);
        params.put("siteId", draft.siteId());
        params.put("type", draft.type().name());
        params.put("name", draft.name().strip());
        params.put("capacity", draft.capacity());
        params.put(
                "amenities",
                textArray(
                        draft.amenities() == null
                                ? List.of()
                                : draft.amenities().stream().map(String::strip).toList()));
        params.put(
                "floor",
                draft.floor() == null || draft.floor().isBlank()
                        ? null
                        : draft.floor().strip());
        params.put("price", draft.pricePerHourMinor());
        params.put("minBillable", draft.minBillableMinutes());
        boolean peak = draft.peakPricePerHourMinor() != null;
        params.put("peakPrice", draft.peakPricePerHourMinor());
        params.put(
                "peakWeekdays",
                peak
                        ? draft.peakWeekdays().stream()
                                .map(day -> Integer.toString(day.getValue()))
                                .sorted()
                                .collect(Collectors.joining(",", "{", "}"))
                        : "{}");
        params.put("peakStarts", peak ? draft.peakStarts() : null);
        params.put("peakEnds", peak ? draft.peakEnds() : null);
        params.put("opens", draft.checkInOpensMinutes());
        params.put("closes", draft.checkInClosesMinutes());
        params.put("active", draft.active());
        return params;
    }

    /** A PostgreSQL array literal with every element quoted and escaped. */
    static String textArray(List<String> values) {
        return values.stream()
                .map(value -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    static String idArray(java.util.Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    static Resource map(ResultSet rs, int row) throws SQLException {
        Array amenities = rs.getArray("amenities");
        Array weekdays = rs.getArray("peak_weekdays");
        Set<DayOfWeek> peakWeekdays = EnumSet.noneOf(DayOfWeek.class);
        for (Integer day : (Integer[]) weekdays.getArray()) {
            peakWeekdays.add(DayOfWeek.of(day));
        }
        return new Resource(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("site_id"),
                ResourceType.valueOf(rs.getString("type")),
                rs.getString("name"),
                rs.getInt("capacity"),
                List.copyOf(Arrays.asList((String[]) amenities.getArray())),
                rs.getString("floor"),
                rs.getLong("price_per_hour_minor"),
                rs.getInt("min_billable_minutes"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "peak_price_per_hour_minor"),
                Set.copyOf(peakWeekdays),
                rs.getObject("peak_starts", LocalTime.class),
                rs.getObject("peak_ends", LocalTime.class),
                rs.getInt("check_in_opens_minutes"),
                rs.getInt("check_in_closes_minutes"),
                rs.getBoolean("active"));
    }
}
