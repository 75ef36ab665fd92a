package io.enjoyspace.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Double booking is impossible: by the database's exclusion constraint, not only by Java code. */
@EnjoySpaceTest
class BookingConcurrencyIT {

    @LocalServerPort
    int port;

    @Autowired
    BookingFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiftyMembersRacingForOneSlotYieldExactlyOneReservation() throws Exception {
        Resource room = fixtures.room("demo", "Contested room", 10_000);
        List<Api> members = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            members.add(Api.as(port, fixtures.person("demo", "Racer " + i).username(), BookingFixtures.PASSWORD));
        }
        OffsetDateTime startsAt = BookingApiIT.at(3, 14, 0);
        Map<String, Object> body = BookingApiIT.body(room, startsAt, startsAt.plusHours(1));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Api.Response> answers = new ArrayList<>();
        try {
            List<Callable<Api.Response>> attempts = new ArrayList<>();
            for (Api member : members) {
                attempts.add(() -> {
                    start.await();
                    return member.post(
                            "/api/v1/reservations",
                            body,
                            Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                });
            }
            List<Future<Api.Response>> running = new ArrayList<>();
            for (Callable<Api.Response> attempt : attempts) {
                running.add(pool.submit(attempt));
            }
            start.countDown();
            for (Future<Api.Response> answer : running) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(answers).filteredOn(answer -> answer.status() == 201).hasSize(1);
        assertThat(answers)
                .filteredOn(answer -> answer.status() == 409)
                .hasSize(49)
                .allSatisfy(answer -> {
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    // Taken, or (refused without touching the database) being booked by the winner at that moment.
                    assertThat(answer.json().get("detail").asString())
                            .containsAnyOf("This time is taken", "This time is being booked by someone else");
                });
        long rows = jdbc.sql("select count(*) from reservation where resource_id = :id")
                .param("id", room.id())
                .query(Long.class)
                .single();
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void theDatabaseItselfRefusesAnOverlappingReservation() {
        Resource room = fixtures.room("demo", "Constraint room", 0);
        Api member = Api.as(port, fixtures.person("demo", "Constraint tester").username(), BookingFixtures.PASSWORD);
        OffsetDateTime startsAt = BookingApiIT.at(3, 9, 0);
        String id = member.post(
                        "/api/v1/reservations",
                        BookingApiIT.body(room, startsAt, startsAt.plusHours(1)),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                .json()
                .get("id")
                .asString();

        // A copy of the reservation half an hour later, inserted past every Java check.
        String copy = """
                insert into reservation (operator_id, resource_id, member_id, status, starts_at, ends_at,
                    buffer_minutes, blocked_until, price_minor, currency, price_breakdown, check_in_opens_at,
                    check_in_closes_at, booked_by, created_at)
                select operator_id, resource_id, member_id, :status, starts_at + interval '30 minutes',
                    ends_at + interval '30 minutes', 0, ends_at + interval '30 minutes', 0, currency, '[]',
                    check_in_opens_at, check_in_closes_at, booked_by, created_at
                from reservation where id = :id
                """;
        assertThatThrownBy(() -> jdbc.sql(copy)
                        .param("status", "CONFIRMED")
                        .param("id", Long.parseLong(id))
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .satisfies(e -> assertThat(Reservations.isExclusionViolation(e)).isTrue());
        // Cancelled and released reservations hold no time.
        assertThat(jdbc.sql(copy.replace("created_at)\nselect", "created_at, cancelled_at)\nselect")
                                .replace("booked_by, created_at\nfrom", "booked_by, created_at, created_at\nfrom"))
                        .param("status", "CANCELLED")
                        .param("id", Long.parseLong(id))
                        .update())
                .isEqualTo(1);
        assertThat(jdbc.sql(copy)
                        .param("status", "RELEASED")
                        .param("id", Long.parseLong(id))
                        .update())
                .isEqualTo(1);
    }
}
