package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.booking.BookingFixtures;
import io.enjoyspace.booking.Resource;
import io.enjoyspace.wallet.MemberWallets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A priced reservation is paid as an order, refunded under its cancellation terms, and refused when nothing pays. */
@EnjoySpaceTest
class ReservationOrdersIT {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    BookingFixtures fixtures;

    @Autowired
    MemberWallets wallets;

    @Autowired
    JdbcClient jdbc;

    private static OffsetDateTime at(int daysAhead, int hour) {
        return ZonedDateTime.of(LocalDate.now(SHANGHAI).plusDays(daysAhead), LocalTime.of(hour, 0), SHANGHAI)
                .toOffsetDateTime();
    }

    private Api.Response book(Api member, Resource room, OffsetDateTime from, OffsetDateTime to) {
        return member.post(
                "/api/v1/reservations",
                Api.map("resourceId", Long.toString(room.id()), "startsAt", from.toString(), "endsAt", to.toString()),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private JsonNode orderOf(String reservationId) {
        return jdbc.sql("select id, status, total_minor, refunded_minor, payment_method from service_order"
                        + " where reservation_id = :id")
                .param("id", Long.parseLong(reservationId))
                .query((rs, row) -> tools.jackson.databind.json.JsonMapper.shared()
                        .createObjectNode()
                        .put("id", rs.getLong("id"))
                        .put("status", rs.getString("status"))
                        .put("total", rs.getLong("total_minor"))
                        .put("refunded", rs.getLong("refunded_minor"))
                        .put("method", rs.getString("payment_method")))
                .single();
    }

    @Test
    void aPricedReservationIsPaidFromTheWalletAndACancellationRefundsItUnderItsTerms() {
        Resource room = fixtures.room("demo", "Paid room " + UUID.randomUUID(), 8_000);
        BookingFixtures.Person person = fixtures.person("demo", "Paying booker");
        Api member = Api.as(port, person.username(), BookingFixtures.PASSWORD);
        long operatorId = fixtures.operatorId("demo");
        long before = wallets.balance(operatorId, person.memberId()).amountMinor();

        Api.Response booked = book(member, room, at(5, 10), at(5, 12));
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String reservationId = booked.json().get("id").asString();
        JsonNode order = orderOf(reservationId);
        assertThat(order.get("status").asString()).isEqualTo("PAID");
        assertThat(order.get("total").asLong()).isEqualTo(16_000);
        assertThat(order.get("method").asString()).isEqualTo("WALLET");
        assertThat(wallets.balance(operatorId, person.memberId()).amountMinor()).isEqualTo(before - 16_000);

        Api.Response cancelled = member.post("/api/v1/reservations/" + reservationId + "/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        long refund = cancelled.json().get("refundMinor").asLong();
        JsonNode after = orderOf(reservationId);
        assertThat(after.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(after.get("refunded").asLong()).isEqualTo(refund);
        assertThat(wallets.balance(operatorId, person.memberId()).amountMinor()).isEqualTo(before - 16_000 + refund);
        assertThat(refund).isPositive();
        // The order's cancellation is announced like any other (insights record it; membership takes the use back).
        io.enjoyspace.Journey.awaitEventsDelivered(jdbc);
        assertThat(jdbc.sql("""
                                select f.amount_minor from activity_fact_current f
                                join service_order o on o.operator_id = f.operator_id and o.id::text = f.subject_id
                                where f.kind = 'ORDER_CANCELLED' and o.reservation_id = :reservationId
                                """)
                        .param("reservationId", Long.parseLong(reservationId))
                        .query(Long.class)
                        .list())
                .containsExactly(refund);
    }

    @Test
    void aBookingNothingCanPayForIsRefusedAndLeavesNoReservation() {
        Resource room = fixtures.room("demo", "Dear room " + UUID.randomUUID(), 8_000);
        BookingFixtures.Person person = fixtures.personWithoutMoney("demo", "Penniless booker");
        Api member = Api.as(port, person.username(), BookingFixtures.PASSWORD);

        Api.Response refused = book(member, room, at(6, 10), at(6, 11));

        assertThat(refused.fieldErrors()).containsExactly("paymentMethod");
        assertThat(jdbc.sql("select count(*) from reservation where resource_id = :id")
                        .param("id", room.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
