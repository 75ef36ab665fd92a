package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A kept answer for a site's week is never stale: every booking, cancellation or blackout shows at once. */
@EnjoySpaceTest
class SiteAvailabilityCacheIT {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    BookingFixtures fixtures;

    private static OffsetDateTime at(int daysAhead, int hour) {
        return ZonedDateTime.of(LocalDate.now(SHANGHAI).plusDays(daysAhead), LocalTime.of(hour, 0), SHANGHAI)
                .toOffsetDateTime();
    }

    private List<String> reserved(Api api, Resource room, String range) {
        JsonNode site = api.get("/api/v1/sites/" + fixtures.siteId("demo") + "/availability" + range)
                .json();
        return site.get("resources").findParents("resourceId").stream()
                .filter(node -> node.get("resourceId").asString().equals(Long.toString(room.id())))
                .findFirst()
                .orElseThrow()
                .get("reserved")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
    }

    @Test
    void aBookingAndItsCancellationShowOnTheNextRead() {
        Resource room = fixtures.room("demo", "Cached room " + UUID.randomUUID(), 0);
        Api member = Api.as(port, fixtures.person("demo", "Cache watcher").username(), BookingFixtures.PASSWORD);
        String range = "?from=" + at(9, 0).toInstant() + "&to=" + at(16, 0).toInstant();
        assertThat(reserved(member, room, range)).isEmpty();
        assertThat(reserved(member, room, range)).isEmpty();

        Api.Response booked = member.post(
                "/api/v1/reservations",
                Api.map(
                        "resourceId", Long.toString(room.id()),
                        "startsAt", at(10, 9).toString(),
                        "endsAt", at(10, 10).toString()),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(reserved(member, room, range)).hasSize(1);

        member.post("/api/v1/reservations/" + booked.json().get("id").asString() + "/cancel", Map.of());
        assertThat(reserved(member, room, range)).isEmpty();
        assertThat(Api.as(port, "mall-member")
                        .get("/api/v1/sites/" + fixtures.siteId("demo") + "/availability" + range)
                        .status())
                .isEqualTo(404);
    }
}
