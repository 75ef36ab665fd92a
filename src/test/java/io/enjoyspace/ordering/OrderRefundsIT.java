package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Refunds of paid orders take back the points the order earned, in proportion, once per key. */
@EnjoySpaceTest
class OrderRefundsIT {

    // Mobile numbers 1807xxxxxxx belong to this class only.
    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private Api newcomer() {
        String mobile = "1807%07d".formatted(mobiles.incrementAndGet());
        Api.Response registration = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "MOFANG33",
                                "name",
                                "Refund tester",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registration.status()).as(registration.toString()).isEqualTo(201);
        return Api.as(port, mobile, "correct-horse");
    }

    private Api.Response refund(Api staff, String orderId, long amountMinor, String key) {
        return staff.post(
                "/api/v1/orders/" + orderId + "/refunds",
                Api.map("amountMinor", amountMinor, "reason", "Service not delivered in full"),
                Map.of("Idempotency-Key", key));
    }

    @Test
    void refundsInPartsTakeBackExactlyWhatTheOrderEarnedOnce() {
        Api member = newcomer();
        Api staff = Api.as(port, "staff");
        long start = Journey.balance(member);
        String orderId = Journey.order(member, Journey.offeringId(member, "Afternoon coffee set"), 2)
                .json()
                .get("id")
                .asString();
        staff.post("/api/v1/orders/" + orderId + "/complete", Map.of());
        Journey.awaitBalance(member, start + 240);

        String firstKey = UUID.randomUUID().toString();
        Api.Response first = refund(staff, orderId, 12_000, firstKey);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("refundedMinor").asLong()).isEqualTo(12_000);
        assertThat(refund(staff, orderId, 12_000, firstKey).status()).isEqualTo(200);
        assertThat(refund(staff, orderId, 5_000, firstKey).status()).isEqualTo(409);
        Journey.awaitEventsDelivered(jdbc);
        assertThat(Journey.balance(member)).isEqualTo(start + 120);

        assertThat(refund(staff, orderId, 12_001, UUID.randomUUID().toString()).fieldErrors())
                .containsExactly("amountMinor");
        assertThat(refund(staff, orderId, 12_000, UUID.randomUUID().toString()).status())
                .isEqualTo(201);
        Journey.awaitEventsDelivered(jdbc);
        assertThat(Journey.balance(member)).isEqualTo(start);
        assertThat(refund(staff, orderId, 1, UUID.randomUUID().toString()).fieldErrors())
                .containsExactly("amountMinor");
    }

    @Test
    void onlyPaidOrdersOfTheOperatorCanBeRefundedByStaff() {
        Api member = newcomer();
        String unpaid = member.post(
                        "/api/v1/orders",
                        Api.map(
                                "lines",
                                java.util.List.of(Map.of(
                                        "offeringId",
                                        Journey.offeringId(member, "Afternoon coffee set"),
                                        "quantity",
                                        1)),
                                "paymentMethod",
                                "ENTERPRISE_BILLING",
                                "payNow",
                                false),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                .json()
                .get("id")
                .asString();
        assertThat(refund(Api.as(port, "staff"), unpaid, 100, UUID.randomUUID().toString())
                        .status())
                .isEqualTo(409);
        String orderId = Journey.order(member, Journey.offeringId(member, "Afternoon coffee set"), 1)
                .json()
                .get("id")
                .asString();

        assertThat(refund(
                                Api.as(port, "mall-admin"),
                                orderId,
                                100,
                                UUID.randomUUID().toString())
                        .status())
                .isEqualTo(404);
        assertThat(refund(member, orderId, 100, UUID.randomUUID().toString()).status())
                .isEqualTo(403);
        assertThat(Api.as(port, "staff")
                        .post(
                                "/api/v1/orders/" + orderId + "/refunds",
                                Api.map("amountMinor", 100, "reason", ""),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                        .fieldErrors())
                .contains("reason");
    }
}
