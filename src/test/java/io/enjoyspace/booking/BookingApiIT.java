package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class BookingApiIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    BookingFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    /** A local time on a day a few days from now, well inside the demo policy's 30-day window. */
    static OffsetDateTime at(int daysAhead, int hour, int minute) {
        return ZonedDateTime.of(LocalDate.now(SHANGHAI).plusDays(daysAhead), LocalTime.of(hour, minute), SHANGHAI)
                .toOffsetDateTime();
    }

    static Map<String, Object> body(Resource room, OffsetDateTime startsAt, OffsetDateTime endsAt) {
        return Api.map(
                "resourceId", Long.toString(room.id()), "startsAt", startsAt.toString(), "endsAt", endsAt.toString());
    }

    static Map<String, String> key() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }

    Api signIn(BookingFixtures.Person person) {
        return Api.as(port, person.username(), BookingFixtures.PASSWORD);
    }

    @Test
    void aMemberBooksARoomAtThePriceOfItsStandardAndPeakHours() {
        Resource room = fixtures.room(
                "demo",
                Resources.ResourceDraft.simple(
                                fixtures.siteId("demo"), ResourceType.MEETING_ROOM, "Peak room", 6, "3F", 10_000)
                        .withPeak(16_000, EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(12, 0)));
        Api member = signIn(fixtures.person("demo", "Peak Booker"));

        Api.Response response = member.post("/api/v1/reservations", body(room, at(3, 11, 0), at(3, 13, 0)), key());

        assertThat(response.status()).isEqualTo(201);
        JsonNode reservation = response.json();
        assertThat(reservation.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(reservation.get("priceMinor").asLong()).isEqualTo(16_000 + 10_000);
        assertThat(reservation.get("currency").asString()).isEqualTo("CNY");
        assertThat(reservation.get("priceBreakdown").findValuesAsString("kind")).containsExactly("STANDARD", "PEAK");
        assertThat(instant(reservation.get("startsAt"))).isEqualTo(at(3, 11, 0).toInstant());
        assertThat(reservation.get("priceBreakdown").get(1).get("minutes").asLong())
                .isEqualTo(60);
        assertThat(response.header("Location"))
                .isEqualTo("/api/v1/reservations/" + reservation.get("id").asString());
    }

    @Test
    void aReplayWithTheSameKeyReturnsTheFirstReservationAndAnotherBodyIsAConflict() {
        Resource room = fixtures.room("demo", "Replay room", 5_000);
        Api member = signIn(fixtures.person("demo", "Replayer"));
        Map<String, String> key = key();

        Api.Response first = member.post("/api/v1/reservations", body(room, at(2, 10, 0), at(2, 11, 0)), key);
        Api.Response again = member.post("/api/v1/reservations", body(room, at(2, 10, 0), at(2, 11, 0)), key);
        Api.Response other = member.post("/api/v1/reservations", body(room, at(2, 14, 0), at(2, 15, 0)), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(409);
        assertThat(reservationsOf(room)).isEqualTo(1);
    }

    @Test
    void aTakenTimeIsAConflictThatSaysSo() {
        Resource room = fixtures.room("demo", "Busy room", 5_000);
        Api first = signIn(fixtures.person("demo", "Early bird"));
        Api second = signIn(fixtures.person("demo", "Late comer"));
        first.post("/api/v1/reservations", body(room, at(2, 10, 0), at(2, 11, 0)), key());

        Api.Response overlapping = second.post("/api/v1/reservations", body(room, at(2, 10, 30), at(2, 11, 30)), key());
        // The demo policy keeps 10 minutes free after every booking.
        Api.Response inTheBuffer = second.post("/api/v1/reservations", body(room, at(2, 11, 5), at(2, 12, 0)), key());
        Api.Response afterTheBuffer =
                second.post("/api/v1/reservations", body(room, at(2, 11, 10), at(2, 12, 0)), key());

        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(overlapping.contentType()).startsWith("application/problem+json");
        assertThat(overlapping.json().get("detail").asString()).contains("This time is taken");
        assertThat(inTheBuffer.status()).isEqualTo(409);
        assertThat(afterTheBuffer.status()).isEqualTo(201);
    }

    @Test
    void policyViolationsAnswer400NamingTheField() {
        Resource room = fixtures.room("demo", "Strict room", 5_000);
        Api member = signIn(fixtures.person("demo", "Rule breaker"));

        Api.Response tooLong = member.post("/api/v1/reservations", body(room, at(2, 9, 0), at(2, 14, 0)), key());
        Api.Response tooFar = member.post("/api/v1/reservations", body(room, at(40, 9, 0), at(40, 10, 0)), key());
        Api.Response backwards = member.post("/api/v1/reservations", body(room, at(2, 10, 0), at(2, 9, 0)), key());
        Api.Response missing = member.post(
                "/api/v1/reservations",
                Api.map(
                        "resourceId",
                        Long.toString(room.id()),
                        "endsAt",
                        at(2, 9, 0).toString()),
                key());
        Api.Response noKey = member.post("/api/v1/reservations", body(room, at(2, 9, 0), at(2, 10, 0)));

        assertThat(tooLong.fieldErrors()).containsExactly("endsAt");
        assertThat(tooLong.json().get("errors").get(0).get("message").asString())
                .isEqualTo("A booking lasts at most 240 minutes.");
        assertThat(tooFar.fieldErrors()).containsExactly("startsAt");
        assertThat(backwards.fieldErrors()).containsExactly("endsAt");
        assertThat(missing.fieldErrors()).containsExactly("startsAt");
        assertThat(noKey.fieldErrors()).containsExactly("Idempotency-Key");
        assertThat(reservationsOf(room)).isZero();
    }

    @Test
    void availabilityShowsBusyTimeWithItsBufferAndTheFreeSlotsAroundIt() {
        Resource room = fixtures.room("demo", "Open room", 5_000);
        Api member = signIn(fixtures.person("demo", "Looker"));
        member.post("/api/v1/reservations", body(room, at(4, 11, 0), at(4, 13, 0)), key());
        String range = "?from=" + at(4, 0, 0).toInstant() + "&to=" + at(5, 0, 0).toInstant();

        JsonNode one = member.get("/api/v1/resources/" + room.id() + "/availability" + range)
                .json();
        JsonNode site = member.get("/api/v1/sites/" + fixtures.siteId("demo") + "/availability" + range)
                .json();

        assertThat(one.get("busy")).hasSize(1);
        assertThat(instant(one.get("busy").get(0).get("startsAt")))
                .isEqualTo(at(4, 11, 0).toInstant());
        assertThat(instant(one.get("busy").get(0).get("endsAt")))
                .isEqualTo(at(4, 13, 10).toInstant());
        assertThat(one.get("free")).hasSize(2);
        assertThat(instant(one.get("free").get(0).get("startsAt")))
                .isEqualTo(at(4, 0, 0).toInstant());
        assertThat(instant(one.get("free").get(0).get("endsAt")))
                .isEqualTo(at(4, 11, 0).toInstant());
        assertThat(instant(one.get("free").get(1).get("startsAt")))
                .isEqualTo(at(4, 13, 10).toInstant());
        assertThat(instant(one.get("free").get(1).get("endsAt")))
                .isEqualTo(at(4, 23, 59).toInstant());
        JsonNode sameRoom = site.get("resources").findParents("resourceId").stream()
                .filter(node -> node.get("resourceId").asString().equals(Long.toString(room.id())))
                .findFirst()
                .orElseThrow();
        // The site view writes the same intervals compactly, as ISO-8601 start/end strings in UTC.
        assertThat(sameRoom.get("reserved").get(0).asString())
                .isEqualTo(at(4, 11, 0).toInstant() + "/" + at(4, 13, 10).toInstant());
        assertThat(sameRoom.get("blackouts")).isEmpty();
        assertThat(sameRoom.get("free")).hasSize(2);
        assertThat(sameRoom.get("free").get(1).asString())
                .isEqualTo(at(4, 13, 10).toInstant() + "/" + at(4, 23, 59).toInstant());
        assertThat(member.get("/api/v1/resources/" + room.id() + "/availability?from="
                                + at(4, 0, 0).toInstant() + "&to="
                                + at(40, 0, 0).toInstant())
                        .fieldErrors())
                .containsExactly("to");
    }

    @Test
    void resourcesAreFilteredBySiteTypeAndCapacity() {
        Resource room = fixtures.room(
                "demo",
                Resources.ResourceDraft.simple(
                        fixtures.siteId("demo"), ResourceType.VENUE, "Filter hall", 300, "1F", 5_000));
        Api member = Api.as(port, "member");

        List<String> big = member.get("/api/v1/resources?type=VENUE&minCapacity=250&siteId=" + fixtures.siteId("demo"))
                .json()
                .findValuesAsString("id");
        List<String> rooms =
                member.get("/api/v1/resources?type=MEETING_ROOM").json().findValuesAsString("id");

        assertThat(big).containsExactly(Long.toString(room.id()));
        assertThat(rooms).doesNotContain(Long.toString(room.id()));
        JsonNode one = member.get("/api/v1/resources/" + room.id()).json();
        assertThat(one.get("openingHours")).hasSize(7);
        assertThat(one.get("capacity").asInt()).isEqualTo(300);
    }

    @Test
    void theCalendarFileHasUtcTimesAUidAndEscapedText() {
        Resource room = fixtures.room(
                "demo",
                Resources.ResourceDraft.simple(
                        fixtures.siteId("demo"), ResourceType.MEETING_ROOM, "Room A, North; \\ side", 6, "3F", 0));
        Api member = signIn(fixtures.person("demo", "Calendar keeper"));
        String id = member.post("/api/v1/reservations", body(room, at(3, 9, 30), at(3, 10, 45)), key())
                .json()
                .get("id")
                .asString();

        Api.Response ics = member.get("/api/v1/reservations/" + id + ".ics");
        Api.Response mine = member.get("/api/v1/reservations/calendar.ics");

        assertThat(ics.status()).isEqualTo(200);
        assertThat(ics.contentType()).startsWith("text/calendar");
        String utcDay = at(3, 9, 30).toInstant().toString().substring(0, 10).replace("-", "");
        assertThat(ics.body())
                .startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
                .contains("UID:reservation-" + id + "-")
                .contains("DTSTART:" + utcDay + "T013000Z\r\n")
                .contains("DTEND:" + utcDay + "T024500Z\r\n")
                .contains("SUMMARY:Room A\\, North\\; \\\\ side\r\n")
                .contains("STATUS:CONFIRMED\r\n")
                .endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n");
        assertThat(ics.body().split("\r\n"))
                .allSatisfy(line -> assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(75));
        assertThat(mine.body()).contains("UID:reservation-" + id + "-");
    }

    @Test
    void staffBookOnAMembersBehalfAndOverrideThePolicyWithAReason() {
        Resource room = fixtures.room("demo", "Front desk room", 5_000);
        long memberId = fixtures.member("demo", "Walk-in guest");
        Api staff = Api.as(port, "staff");
        Map<String, Object> longDay = body(room, at(2, 8, 0), at(2, 14, 0));
        longDay.put("memberId", Long.toString(memberId));

        Api.Response refused = staff.post("/api/v1/reservations", longDay, key());
        longDay.put("overrideReason", "Board meeting agreed with the tenant");
        Api.Response overridden = staff.post("/api/v1/reservations", longDay, key());

        assertThat(refused.fieldErrors()).containsExactly("endsAt");
        assertThat(overridden.status()).isEqualTo(201);
        assertThat(overridden.json().get("overrideReason").asString())
                .isEqualTo("Board meeting agreed with the tenant");
        assertThat(overridden.json().get("memberId").asString()).isEqualTo(Long.toString(memberId));
        String id = overridden.json().get("id").asString();
        assertThat(staff.get("/api/v1/reservations?date=" + at(2, 0, 0).toLocalDate())
                        .json()
                        .findValuesAsString("id"))
                .contains(id);

        Api member = signIn(fixtures.person("demo", "Would-be overrider"));
        Map<String, Object> sneaky = body(room, at(3, 8, 0), at(3, 9, 0));
        sneaky.put("overrideReason", "I am important");
        assertThat(member.post("/api/v1/reservations", sneaky, key()).fieldErrors())
                .containsExactly("overrideReason");
    }

    @Test
    void aWeeklySeriesBooksEveryFreeWeekAndReportsTheClash() {
        Resource room = fixtures.room("demo", "Weekly room", 5_000);
        Api other = signIn(fixtures.person("demo", "Week two holder"));
        other.post("/api/v1/reservations", body(room, at(9, 10, 0), at(9, 11, 0)), key());
        Api member = signIn(fixtures.person("demo", "Weekly stand-up"));
        Map<String, Object> series = body(room, at(2, 10, 0), at(2, 11, 0));
        series.put("weeks", 4);

        series.put("allOrNothing", true);
        Api.Response refused = member.post("/api/v1/reservations/recurring", series, key());
        series.put("allOrNothing", false);
        Map<String, String> key = key();
        Api.Response booked = member.post("/api/v1/reservations/recurring", series, key);
        Api.Response replay = member.post("/api/v1/reservations/recurring", series, key);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("clashes").findValuesAsString("reason")).containsExactly("booking.timeTaken");
        assertThat(booked.status()).isEqualTo(201);
        JsonNode result = booked.json();
        assertThat(result.get("booked")).hasSize(3);
        assertThat(result.get("clashes")).hasSize(1);
        JsonNode clash = result.get("clashes").get(0);
        assertThat(clash.get("occurrence").asInt()).isEqualTo(2);
        assertThat(clash.get("reason").asString()).isEqualTo("booking.timeTaken");
        assertThat(clash.get("message").asString()).contains("This time is taken");
        assertThat(instant(clash.get("startsAt"))).isEqualTo(at(9, 10, 0).toInstant());
        assertThat(result.get("booked").findValuesAsString("recurrenceId"))
                .containsOnly(result.get("recurrenceId").asString());
        assertThat(replay.json().get("booked").findValuesAsString("id"))
                .isEqualTo(result.get("booked").findValuesAsString("id"));
        assertThat(reservationsOf(room)).isEqualTo(4);
    }

    @Test
    void cancellingWellAheadRefundsEverythingAndCancellingAgainAnswersTheSame() {
        Resource room = fixtures.room("demo", "Cancel room", 8_000);
        Api member = signIn(fixtures.person("demo", "Changed plans"));
        String id = member.post("/api/v1/reservations", body(room, at(5, 10, 0), at(5, 12, 0)), key())
                .json()
                .get("id")
                .asString();

        Api.Response cancelled = member.post("/api/v1/reservations/" + id + "/cancel", Map.of());
        Api.Response again = member.post("/api/v1/reservations/" + id + "/cancel", Map.of());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("refundPercent").asInt()).isEqualTo(100);
        assertThat(cancelled.json().get("refundMinor").asLong()).isEqualTo(16_000);
        assertThat(cancelled.json().get("reservation").get("status").asString()).isEqualTo("CANCELLED");
        assertThat(again.json().get("refundMinor").asLong()).isEqualTo(16_000);
        assertThat(member.post("/api/v1/reservations", body(room, at(5, 10, 0), at(5, 12, 0)), key())
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aMemberSeesOnlyTheirOwnReservations() {
        Resource room = fixtures.room("demo", "Private room", 5_000);
        Api owner = signIn(fixtures.person("demo", "Owner"));
        Api neighbour = signIn(fixtures.person("demo", "Neighbour"));
        String id = owner.post("/api/v1/reservations", body(room, at(2, 15, 0), at(2, 16, 0)), key())
                .json()
                .get("id")
                .asString();

        assertThat(owner.get("/api/v1/reservations").json().findValuesAsString("id"))
                .contains(id);
        assertThat(neighbour.get("/api/v1/reservations").json().findValuesAsString("id"))
                .doesNotContain(id);
        assertThat(neighbour.get("/api/v1/reservations/" + id).status()).isEqualTo(404);
        assertThat(neighbour.get("/api/v1/reservations/" + id + ".ics").status())
                .isEqualTo(404);
        assertThat(neighbour
                        .post("/api/v1/reservations/" + id + "/cancel", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(neighbour
                        .post("/api/v1/reservations/" + id + "/check-in", Map.of())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anotherOperatorCannotSeeOrChangeTheResourcesOrReservations() {
        Resource room = fixtures.room("demo", "Tower room", 5_000);
        Api owner = signIn(fixtures.person("demo", "Tower tenant"));
        String id = owner.post("/api/v1/reservations", body(room, at(2, 9, 0), at(2, 10, 0)), key())
                .json()
                .get("id")
                .asString();
        Api mallAdmin = Api.as(port, "mall-admin");
        Api mallMember = Api.as(port, "mall-member");
        String range = "?from=" + at(2, 0, 0).toInstant() + "&to=" + at(3, 0, 0).toInstant();

        assertThat(mallMember.get("/api/v1/resources/" + room.id()).status()).isEqualTo(404);
        assertThat(mallMember
                        .get("/api/v1/resources/" + room.id() + "/availability" + range)
                        .status())
                .isEqualTo(404);
        assertThat(mallMember
                        .get("/api/v1/sites/" + fixtures.siteId("demo") + "/availability" + range)
                        .status())
                .isEqualTo(404);
        assertThat(mallMember.get("/api/v1/resources").json().findValuesAsString("id"))
                .doesNotContain(Long.toString(room.id()));
        assertThat(mallMember
                        .post("/api/v1/reservations", body(room, at(2, 11, 0), at(2, 12, 0)), key())
                        .status())
                .isEqualTo(404);
        assertThat(mallMember.get("/api/v1/reservations/" + id).status()).isEqualTo(404);
        assertThat(mallAdmin.get("/api/v1/reservations/" + id).status()).isEqualTo(404);
        assertThat(mallAdmin
                        .post("/api/v1/reservations/" + id + "/cancel", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .post("/api/v1/reservations/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .put(
                                "/api/v1/resources/" + room.id(),
                                Api.map(
                                        "siteId",
                                        Long.toString(fixtures.siteId("harbor")),
                                        "type",
                                        "DESK",
                                        "name",
                                        "Stolen",
                                        "capacity",
                                        1,
                                        "pricePerHourMinor",
                                        0))
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .get("/api/v1/reservations?date=" + at(2, 0, 0).toLocalDate())
                        .json()
                        .findValuesAsString("id"))
                .doesNotContain(id);
        assertThat(owner.get("/api/v1/reservations/" + id).json().get("status").asString())
                .isEqualTo("CONFIRMED");
    }

    @Test
    void staffManageResourcesHoursHolidaysBlackoutsAndPolicies() {
        Api admin = Api.as(port, "admin");
        String siteId = Long.toString(fixtures.siteId("demo"));
        Api.Response invalid = admin.post(
                "/api/v1/resources",
                Api.map("siteId", siteId, "type", "DESK", "name", "", "capacity", 0, "pricePerHourMinor", -1));
        JsonNode desk = admin.post(
                        "/api/v1/resources",
                        Api.map(
                                "siteId",
                                siteId,
                                "type",
                                "DESK",
                                "name",
                                "Quiet desk",
                                "capacity",
                                1,
                                "pricePerHourMinor",
                                1500,
                                "amenities",
                                List.of("Lamp")))
                .json();
        String deskId = desk.get("id").asString();
        Api.Response hours = admin.put(
                "/api/v1/resources/" + deskId + "/opening-hours",
                Api.map(
                        "hours",
                        List.of(
                                Api.map("weekday", 1, "opens", "08:00", "closes", "18:00"),
                                Api.map("weekday", 2, "opens", "18:00", "closes", "08:00"))));
        Api.Response goodHours = admin.put(
                "/api/v1/resources/" + deskId + "/opening-hours",
                Api.map("hours", List.of(Api.map("weekday", 1, "opens", "08:00", "closes", "18:00"))));
        LocalDate holiday = LocalDate.now(SHANGHAI).plusDays(200);
        Api.Response addedHoliday = admin.post(
                "/api/v1/sites/" + siteId + "/holidays",
                Api.map("day", holiday.toString(), "name", "Building maintenance"));
        Api.Response blackout = admin.post(
                "/api/v1/resources/" + deskId + "/blackouts",
                Api.map(
                        "startsAt",
                        at(3, 9, 0).toString(),
                        "endsAt",
                        at(3, 12, 0).toString(),
                        "reason",
                        "Carpet cleaning"));
        Api.Response policy = admin.post(
                "/api/v1/booking-policies",
                Api.map(
                        "position",
                        50,
                        "name",
                        "Desk rules (test)",
                        "scope",
                        "MEMBER",
                        "scopeMemberId",
                        Long.toString(fixtures.member("demo", "Desk policy holder")),
                        "resourceType",
                        "DESK",
                        "maxLengthMinutes",
                        60,
                        "cancellation",
                        Api.map("freeHoursBefore", 2, "partialRefundPercent", 10, "partialRefundHoursBefore", 5)));
        Api.Response memberPolicy = Api.as(port, "member").get("/api/v1/booking-policies");

        assertThat(invalid.fieldErrors()).contains("name", "capacity", "pricePerHourMinor");
        assertThat(desk.get("amenities").get(0).asString()).isEqualTo("Lamp");
        assertThat(hours.fieldErrors()).containsExactly("hours[1].closes");
        assertThat(goodHours.json()).hasSize(1);
        assertThat(addedHoliday.status()).isEqualTo(201);
        assertThat(admin.get("/api/v1/sites/" + siteId + "/holidays").json().findValuesAsString("name"))
                .contains("Building maintenance");
        assertThat(blackout.status()).isEqualTo(201);
        assertThat(policy.fieldErrors()).containsExactly("cancellation.partialRefundHoursBefore");
        assertThat(memberPolicy.status()).isEqualTo(403);
        assertThat(admin.delete("/api/v1/sites/" + siteId + "/holidays/" + holiday)
                        .status())
                .isEqualTo(204);
        assertThat(admin.delete("/api/v1/resources/" + deskId + "/blackouts/"
                                + blackout.json().get("id").asString())
                        .status())
                .isEqualTo(204);
    }

    private long reservationsOf(Resource room) {
        return jdbc.sql("select count(*) from reservation where resource_id = :id and status <> 'CANCELLED'")
                .param("id", room.id())
                .query(Long.class)
                .single();
    }

    private static java.time.Instant instant(JsonNode node) {
        return OffsetDateTime.parse(node.asString()).toInstant();
    }
}
