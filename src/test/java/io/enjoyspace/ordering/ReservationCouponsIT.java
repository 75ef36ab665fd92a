package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.GapMembers;
import io.enjoyspace.booking.BookingFixtures;
import io.enjoyspace.booking.Resource;
import io.enjoyspace.wallet.MemberWallets;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/** A member pays part of a priced reservation with coupons; a cancellation gives the coupons back. */
@EnjoySpaceTest
class ReservationCouponsIT {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    BookingFixtures fixtures;

    @Autowired
    GapMembers people;

    @Autowired
    MemberWallets wallets;

    @Autowired
    JdbcClient jdbc;

    private static OffsetDateTime at(int daysAhead, int hour) {
        return ZonedDateTime.of(LocalDate.now(SHANGHAI).plusDays(daysAhead), LocalTime.of(hour, 0), SHANGHAI)
                .toOffsetDateTime();
    }

    private Api.Response book(
            Api member, Resource room, OffsetDateTime from, OffsetDateTime to, List<String> codes, String key) {
        return member.post(
                "/api/v1/reservations",
                Api.map(
                        "resourceId",
                        Long.toString(room.id()),
                        "startsAt",
                        from.toString(),
                        "endsAt",
                        to.toString(),
                        "couponCodes",
                        codes),
                Map.of("Idempotency-Key", key));
    }

    /** A claimable template of the admin's operator giving {@code amountOffMinor} off, and its id. */
    private String amountOffTemplate(Api admin, long amountOffMinor) {
        Api.Response created = admin.post(
                "/api/v1/coupon-templates",
                Api.map(
                        "name",
                        "Room coupon " + UUID.randomUUID(),
                        "kind",
                        "AMOUNT_OFF",
                        "amountOffMinor",
                        amountOffMinor,
                        "totalStock",
                        50,
                        "perMemberLimit",
                        5,
                        "validDays",
                        30));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String claim(Api member, String templateId) {
        Api.Response claimed = member.post("/api/v1/me/coupons", Api.map("templateId", templateId));
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(201);
        return claimed.json().get("code").asString();
    }

    private String couponStatus(long operatorId, String code) {
        return jdbc.sql("select status from coupon where operator_id = :operatorId and code = :code")
                .param("operatorId", operatorId)
                .param("code", code)
                .query(String.class)
                .single();
    }

    private long orderTotal(String reservationId) {
        return jdbc.sql("select total_minor from service_order where reservation_id = :id")
                .param("id", Long.parseLong(reservationId))
                .query(Long.class)
                .single();
    }

    @Test
    void aCouponPaysPartOfAPaidReservationAndComesBackWhenItIsCancelled() {
        Api admin = Api.as(port, "admin");
        Resource room = fixtures.room("demo", "Coupon room " + UUID.randomUUID(), 8_000);
        GapMembers.Person person = people.personWithWallet("demo", "Coupon booker", 100_000);
        Api member = person.api(port);
        String code = claim(member, amountOffTemplate(admin, 3_000));

        Api.Response booked = book(
                member,
                room,
                at(5, 10),
                at(5, 12),
                List.of(code),
                UUID.randomUUID().toString());

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        String reservationId = booked.json().get("id").asString();
        assertThat(orderTotal(reservationId)).isEqualTo(16_000 - 3_000);
        assertThat(wallets.balance(person.operatorId(), person.memberId()).amountMinor())
                .isEqualTo(100_000 - 13_000);
        assertThat(couponStatus(person.operatorId(), code)).isEqualTo("REDEEMED");

        Api.Response cancelled = member.post("/api/v1/reservations/" + reservationId + "/cancel", Map.of());

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(couponStatus(person.operatorId(), code)).isEqualTo("ISSUED");
        long refund = jdbc.sql("select refunded_minor from service_order where reservation_id = :id")
                .param("id", Long.parseLong(reservationId))
                .query(Long.class)
                .single();
        assertThat(wallets.balance(person.operatorId(), person.memberId()).amountMinor())
                .isEqualTo(100_000 - 13_000 + refund);
        // The coupon given back pays for the next booking.
        Api.Response again = book(
                member,
                room,
                at(6, 10),
                at(6, 11),
                List.of(code),
                UUID.randomUUID().toString());
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(orderTotal(again.json().get("id").asString())).isEqualTo(8_000 - 3_000);
    }

    @Test
    void aReplayRedeemsTheCouponOnceAndTheSameKeyWithOtherCodesIsAConflict() {
        Api admin = Api.as(port, "admin");
        Resource room = fixtures.room("demo", "Replay coupon room " + UUID.randomUUID(), 5_000);
        GapMembers.Person person = people.personWithWallet("demo", "Replaying booker", 100_000);
        Api member = person.api(port);
        String templateId = amountOffTemplate(admin, 1_000);
        String code = claim(member, templateId);
        String other = claim(member, templateId);
        String key = UUID.randomUUID().toString();

        Api.Response first = book(member, room, at(7, 9), at(7, 10), List.of(code), key);
        Api.Response replay = book(member, room, at(7, 9), at(7, 10), List.of(code), key);
        Api.Response otherCodes = book(member, room, at(7, 9), at(7, 10), List.of(other), key);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(otherCodes.status()).as(otherCodes.toString()).isEqualTo(409);
        assertThat(wallets.balance(person.operatorId(), person.memberId()).amountMinor())
                .isEqualTo(100_000 - 4_000);
        assertThat(couponStatus(person.operatorId(), other)).isEqualTo("ISSUED");
    }

    @Test
    void anUnknownOrForeignCodeIsRefusedNamingCouponCodesAndBooksNothing() {
        Api admin = Api.as(port, "admin");
        Resource room = fixtures.room("demo", "Refused coupon room " + UUID.randomUUID(), 6_000);
        GapMembers.Person owner = people.personWithWallet("demo", "Coupon owner", 50_000);
        String code = claim(owner.api(port), amountOffTemplate(admin, 2_000));
        GapMembers.Person stranger = people.personWithWallet("demo", "Coupon borrower", 50_000);

        Api.Response unknown = book(
                stranger.api(port),
                room,
                at(8, 10),
                at(8, 11),
                List.of("NOSUCHCODE"),
                UUID.randomUUID().toString());
        Api.Response someoneElses = book(
                stranger.api(port),
                room,
                at(8, 10),
                at(8, 11),
                List.of(code),
                UUID.randomUUID().toString());

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.fieldErrors()).containsExactly("couponCodes");
        assertThat(someoneElses.status()).isEqualTo(400);
        assertThat(someoneElses.fieldErrors()).containsExactly("couponCodes");
        assertThat(jdbc.sql("select count(*) from reservation where resource_id = :id")
                        .param("id", room.id())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(couponStatus(owner.operatorId(), code)).isEqualTo("ISSUED");
        assertThat(wallets.balance(stranger.operatorId(), stranger.memberId()).amountMinor())
                .isEqualTo(50_000);
    }

    @Test
    void aCouponOfAnotherOperatorDoesNotPayHere() {
        Api harborAdmin = Api.as(port, "mall-admin");
        GapMembers.Person harborMember = people.personWithWallet("harbor", "Harbor coupon holder", 50_000);
        String harborCode = claim(harborMember.api(port), amountOffTemplate(harborAdmin, 2_000));
        Resource room = fixtures.room("demo", "Cross-operator coupon room " + UUID.randomUUID(), 6_000);
        GapMembers.Person demoMember = people.personWithWallet("demo", "Demo booker", 50_000);

        Api.Response refused = book(
                demoMember.api(port),
                room,
                at(9, 10),
                at(9, 11),
                List.of(harborCode),
                UUID.randomUUID().toString());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("couponCodes");
        assertThat(couponStatus(harborMember.operatorId(), harborCode)).isEqualTo("ISSUED");
    }

    @Test
    void aFreeReservationTakesNoCoupon() {
        Resource room = fixtures.room("demo", "Free coupon room " + UUID.randomUUID(), 0);
        GapMembers.Person person = people.personWithWallet("demo", "Free booker", 10_000);

        Api.Response refused = book(
                person.api(port),
                room,
                at(9, 14),
                at(9, 15),
                List.of("ANYCODE"),
                UUID.randomUUID().toString());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("couponCodes");
    }
}
