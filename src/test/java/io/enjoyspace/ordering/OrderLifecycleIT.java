package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import io.enjoyspace.TestMembers;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The order state machine, the payment split over points and enterprise billing, refunds that return each part
 * exactly, ratings that open return visits, complaints, front-desk orders and the payment timeout.
 */
@EnjoySpaceTest
class OrderLifecycleIT {

    // Mobile numbers 1808xxxxxxx belong to this class only.
    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PointsLedger ledger;

    @Autowired
    TestMembers testMembers;

    @Autowired
    OrderPayments payments;

    @Autowired
    MutableClock clock;

    private record Newcomer(Api api, long memberId) {}

    /** A new employee of Mofang (enterprise billing) with {@code points} points. */
    private Newcomer newcomer(long points) {
        String mobile = "1808%07d".formatted(mobiles.incrementAndGet());
        Api.Response registration = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "MOFANG33",
                                "name",
                                "Lifecycle tester",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registration.status()).as(registration.toString()).isEqualTo(201);
        long memberId = jdbc.sql("select id from member where mobile = :mobile")
                .param("mobile", mobile)
                .query(Long.class)
                .single();
        if (points > 0) {
            ledger.post(PostTransaction.award(
                    testMembers.demoOperatorId(),
                    UUID.randomUUID().toString(),
                    Account.member(memberId),
                    points,
                    "TEST",
                    "TEST",
                    "1"));
        }
        return new Newcomer(Api.as(port, mobile, "correct-horse"), memberId);
    }

    private Api.Response place(Api api, String offeringId, int quantity, long points, boolean payNow) {
        return api.post(
                "/api/v1/orders",
                Api.map(
                        "lines",
                        List.of(Map.of("offeringId", offeringId, "quantity", quantity)),
                        "paymentMethod",
                        "ENTERPRISE_BILLING",
                        "pointsToUse",
                        points,
                        "payNow",
                        payNow),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private long points(Api api) {
        return Journey.balance(api);
    }

    private long enterpriseBilled(String orderId) {
        return jdbc.sql("select coalesce(sum(amount_minor), 0) from enterprise_charge where order_id = :id")
                .param("id", Long.parseLong(orderId))
                .query(Long.class)
                .single();
    }

    private String coffee(Api api) {
        // Afternoon coffee set: 120.00 yuan.
        return Journey.offeringId(api, "Afternoon coffee set");
    }

    @Test
    void pointsAreHeldAtCheckoutCapturedOnPaymentAndReleasedOnCancellation() {
        Newcomer member = newcomer(10_000);
        String offering = coffee(member.api());

        Api.Response placed = place(member.api(), offering, 1, 3_000, false);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        JsonNode order = placed.json();
        String orderId = order.get("id").asString();
        assertThat(order.get("status").asString()).isEqualTo("PLACED");
        assertThat(order.get("pointsUsed").asLong()).isEqualTo(3_000);
        assertThat(order.get("moneyPaidMinor").asLong()).isEqualTo(12_000 - 3_000);
        assertThat(points(member.api())).isEqualTo(7_000);
        assertThat(enterpriseBilled(orderId)).isZero();

        Api.Response paid = member.api().post("/api/v1/orders/" + orderId + "/pay", Map.of());
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.json().get("status").asString()).isEqualTo("PAID");
        assertThat(paid.json().get("payments").findValuesAsString("method"))
                .containsExactlyInAnyOrder("ENTERPRISE_BILLING", "POINTS");
        assertThat(enterpriseBilled(orderId)).isEqualTo(9_000);
        assertThat(points(member.api())).isEqualTo(7_000);
        assertThat(member.api()
                        .post("/api/v1/orders/" + orderId + "/pay", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(enterpriseBilled(orderId)).isEqualTo(9_000);

        String second =
                place(member.api(), offering, 1, 2_000, false).json().get("id").asString();
        assertThat(points(member.api())).isEqualTo(5_000);
        Api.Response cancelled = member.api().post("/api/v1/orders/" + second + "/cancel", Map.of("reason", "changed"));
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(points(member.api())).isEqualTo(7_000);
        assertThat(member.api()
                        .post("/api/v1/orders/" + second + "/pay", Map.of())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void pointsMustBeAWholeUnitWithinTheShareAndTheBalance() {
        Newcomer member = newcomer(5_000);
        String offering = coffee(member.api());

        assertThat(place(member.api(), offering, 1, 150, true).fieldErrors()).containsExactly("pointsToUse");
        // At most 50% of 120.00 yuan: 6,000 points.
        assertThat(place(member.api(), offering, 1, 6_100, true).fieldErrors()).containsExactly("pointsToUse");
        Api.Response rich = place(member.api(), offering, 1, 6_000, true);
        assertThat(rich.fieldErrors()).containsExactly("pointsToUse");
        assertThat(rich.body()).contains("points");
        assertThat(points(member.api())).isEqualTo(5_000);
        assertThat(jdbc.sql("select count(*) from service_order where member_id = :id")
                        .param("id", member.memberId())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anOrderWalksTheStateMachineAndIllegalStepsAreRefused() {
        Newcomer member = newcomer(0);
        Api staff = Api.as(port, "staff");
        String orderId = place(member.api(), coffee(member.api()), 1, 0, true)
                .json()
                .get("id")
                .asString();
        String path = "/api/v1/orders/" + orderId;

        assertThat(staff.post(path + "/start", Map.of()).status()).isEqualTo(409);
        assertThat(member.api().post(path + "/rating", Map.of("stars", 5)).status())
                .isEqualTo(409);
        assertThat(staff.post(path + "/accept", Map.of()).json().get("status").asString())
                .isEqualTo("ACCEPTED");
        assertThat(staff.post(path + "/accept", Map.of()).status()).isEqualTo(200);
        assertThat(staff.post(path + "/schedule", Map.of("scheduledFor", "2030-01-02T10:00:00+08:00"))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("SCHEDULED");
        assertThat(staff.post(path + "/start", Map.of()).json().get("status").asString())
                .isEqualTo("IN_SERVICE");
        assertThat(staff.post(path + "/cancel", Map.of()).status()).isEqualTo(409);
        assertThat(member.api().post(path + "/cancel", Map.of()).status()).isEqualTo(409);
        assertThat(staff.post(path + "/complete", Map.of()).json().get("status").asString())
                .isEqualTo("COMPLETED");

        Api.Response low = member.api().post(path + "/rating", Map.of("stars", 2, "comment", "Cold coffee"));
        assertThat(low.json().get("status").asString()).isEqualTo("RATED");
        assertThat(low.json().get("rating").asInt()).isEqualTo(2);
        assertThat(member.api().post(path + "/rating", Map.of("stars", 6)).fieldErrors())
                .containsExactly("stars");
        JsonNode cases = staff.get("/api/v1/order-cases?orderId=" + orderId).json();
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).get("kind").asString()).isEqualTo("RETURN_VISIT");

        JsonNode detail = member.api().get(path).json();
        assertThat(detail.get("steps").findValuesAsString("to"))
                .containsExactly("PLACED", "PAID", "ACCEPTED", "SCHEDULED", "IN_SERVICE", "COMPLETED", "RATED");
        assertThat(staff.post(path + "/close", Map.of()).json().get("status").asString())
                .isEqualTo("CLOSED");
        assertThat(staff.post(path + "/accept", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void refundsReturnEachPartOfTheSplitExactlyAndCancellingAPaidOrderRefundsTheRest() {
        Newcomer member = newcomer(10_000);
        Api staff = Api.as(port, "staff");
        // Two coffee sets: 240.00 yuan, 60.00 of it in points (6,000 points), 180.00 billed to the company.
        String orderId = place(member.api(), coffee(member.api()), 2, 6_000, true)
                .json()
                .get("id")
                .asString();
        assertThat(points(member.api())).isEqualTo(4_000);
        assertThat(enterpriseBilled(orderId)).isEqualTo(18_000);

        Api.Response first = staff.post(
                "/api/v1/orders/" + orderId + "/refund",
                Map.of("amountMinor", 10_001, "reason", "One set was missing"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        JsonNode afterFirst = staff.get("/api/v1/orders/" + orderId).json();
        long billedBack = 18_000 - enterpriseBilled(orderId);
        long pointsBack = points(member.api()) - 4_000;
        assertThat(billedBack).isEqualTo(7_501);
        assertThat(pointsBack).isEqualTo(2_500);
        assertThat(afterFirst.get("refundedMinor").asLong()).isEqualTo(10_001);

        Api.Response cancelled = staff.post("/api/v1/orders/" + orderId + "/cancel", Map.of("reason", "Shop closed"));
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("refundedMinor").asLong()).isEqualTo(24_000);
        assertThat(enterpriseBilled(orderId)).isZero();
        assertThat(points(member.api())).isEqualTo(10_000);
        assertThat(staff.post(
                                "/api/v1/orders/" + orderId + "/refund",
                                Map.of("amountMinor", 1, "reason", "again"),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void frontDeskStaffOrderForAMemberAndComplaintsAreTrackedToClosure() {
        Newcomer member = newcomer(0);
        Api staff = Api.as(port, "staff");
        Api.Response placed = staff.post(
                "/api/v1/orders",
                Api.map(
                        "lines",
                        List.of(Map.of("offeringId", coffee(member.api()), "quantity", 1)),
                        "paymentMethod",
                        "ENTERPRISE_BILLING",
                        "memberId",
                        Long.toString(member.memberId())),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.json().get("channel").asString()).isEqualTo("FRONT_DESK");
        assertThat(placed.json().get("memberId").asString()).isEqualTo(Long.toString(member.memberId()));
        String orderId = placed.json().get("id").asString();
        assertThat(member.api().get("/api/v1/orders/" + orderId).status()).isEqualTo(200);

        Api.Response complaint =
                member.api().post("/api/v1/orders/" + orderId + "/complaints", Map.of("summary", "Nobody came"));
        assertThat(complaint.status()).as(complaint.toString()).isEqualTo(201);
        String caseId = complaint.json().get("id").asString();
        assertThat(staff.post("/api/v1/order-cases/" + caseId, Map.of("status", "RESOLVED", "note", "Delivered"))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("RESOLVED");
        assertThat(staff.post("/api/v1/order-cases/" + caseId, Map.of("status", "IN_PROGRESS", "note", "x"))
                        .status())
                .isEqualTo(409);
        JsonNode closed = staff.post("/api/v1/order-cases/" + caseId, Map.of("status", "CLOSED", "note", "Thanked"))
                .json();
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.get("notes")).hasSize(2);
        assertThat(Api.as(port, "mall-admin")
                        .post("/api/v1/order-cases/" + caseId, Map.of("status", "OPEN", "note", "x"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anUnpaidOrderIsCancelledAfterThePaymentTimeoutAndItsPointsComeBack() {
        Newcomer member = newcomer(1_000);
        String orderId = place(member.api(), coffee(member.api()), 1, 1_000, false)
                .json()
                .get("id")
                .asString();
        assertThat(points(member.api())).isZero();
        try {
            clock.pin(clock.instant().plus(Duration.ofMinutes(16)));
            payments.cancelUnpaid(1_000);
        } finally {
            clock.release();
        }
        assertThat(member.api()
                        .get("/api/v1/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CANCELLED");
        assertThat(points(member.api())).isEqualTo(1_000);
    }

    @Autowired
    io.enjoyspace.wallet.MemberWallets wallets;

    private long walletBalance(long memberId) {
        return wallets.balance(testMembers.demoOperatorId(), memberId).amountMinor();
    }

    @Test
    void theWalletPaysWhatPointsLeaveAndARefundPutsItBack() {
        Newcomer member = newcomer(2_000);
        long staffId = jdbc.sql("select id from app_user where username = 'staff'")
                .query(Long.class)
                .single();
        wallets.topUp(
                testMembers.demoOperatorId(),
                member.memberId(),
                io.enjoyspace.shared.Money.of(10_000, "CNY"),
                new io.enjoyspace.shared.IdempotencyKey(UUID.randomUUID().toString()),
                staffId,
                "cash");
        Api.Response tooDear = member.api()
                .post(
                        "/api/v1/orders",
                        Api.map(
                                "lines",
                                List.of(Map.of("offeringId", coffee(member.api()), "quantity", 1)),
                                "paymentMethod",
                                "WALLET"),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(tooDear.fieldErrors()).containsExactly("paymentMethod");
        assertThat(walletBalance(member.memberId())).isEqualTo(10_000);

        Api.Response placed = member.api()
                .post(
                        "/api/v1/orders",
                        Api.map(
                                "lines",
                                List.of(Map.of("offeringId", coffee(member.api()), "quantity", 1)),
                                "paymentMethod",
                                "WALLET",
                                "pointsToUse",
                                2_000),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String orderId = placed.json().get("id").asString();
        assertThat(walletBalance(member.memberId())).isEqualTo(0);
        assertThat(points(member.api())).isZero();
        assertThat(enterpriseBilled(orderId)).isZero();

        Api.Response refund = Api.as(port, "staff")
                .post(
                        "/api/v1/orders/" + orderId + "/refund",
                        Map.of("amountMinor", 6_000, "reason", "Half the set"),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        assertThat(walletBalance(member.memberId())).isEqualTo(5_000);
        assertThat(points(member.api())).isEqualTo(1_000);
    }
}
