package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class PointsAdjustmentsIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    Api staff;
    Api admin;
    Api member;
    String memberId;

    @BeforeEach
    void aMember() {
        staff = Api.as(port, "staff");
        admin = Api.as(port, "admin");
        String mobile = "1290000%04d".formatted(mobiles.incrementAndGet());
        Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "HUAXIA22",
                                "name",
                                "Adjusted",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        member = Api.as(port, mobile, "correct-horse");
        memberId = member.get("/api/v1/me").json().get("memberId").asString();
    }

    private Api.Response adjust(Api by, Object points, String reason) {
        return by.post(
                "/api/v1/points/adjustments",
                Api.map("memberId", memberId, "points", points, "reason", reason),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private long balance() {
        return member.get("/api/v1/me/points").json().get("balance").asLong();
    }

    @Test
    void withinTheirLimitStaffAdjustAtOnceWithTheReasonOnRecord() {
        JsonNode adjustment = adjust(staff, 100, "Goodwill for a late delivery").json();

        assertThat(adjustment.get("status").asString()).isEqualTo("POSTED");
        assertThat(balance()).isEqualTo(100);
        JsonNode line =
                member.get("/api/v1/me/points/transactions").json().get("items").get(0);
        assertThat(line.get("reasonCode").asString()).isEqualTo("ADJUSTMENT");
        assertThat(line.get("memo").asString()).isEqualTo("Goodwill for a late delivery");
    }

    @Test
    void aboveTheLimitAnAdminOtherThanTheRequesterMustApprove() {
        JsonNode pending = adjust(staff, 800, "Event prize").json();
        String id = pending.get("id").asString();
        assertThat(pending.get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(balance()).isZero();
        assertThat(staff.post("/api/v1/points/adjustments/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(403);

        JsonNode approved = admin.post("/api/v1/points/adjustments/" + id + "/approve", Map.of())
                .json();

        assertThat(approved.get("status").asString()).isEqualTo("POSTED");
        assertThat(approved.get("decidedBy").asString())
                .isEqualTo(admin.get("/api/v1/me").json().get("id").asString());
        assertThat(balance()).isEqualTo(800);
        assertThat(admin.post("/api/v1/points/adjustments/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void anAdminCannotApproveTheirOwnLargeAdjustment() {
        String id = adjust(admin, 9_000, "Annual tenant award").json().get("id").asString();

        assertThat(admin.post("/api/v1/points/adjustments/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(409);
        admin.post(
                "/api/v1/staff",
                Api.map(
                        "username", "second-admin-" + memberId,
                        "displayName", "Second admin",
                        "password", "correct-horse",
                        "role", "OPERATOR_ADMIN"));
        Api second = Api.as(port, "second-admin-" + memberId, "correct-horse");

        assertThat(second.post("/api/v1/points/adjustments/" + id + "/approve", Map.of())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("POSTED");
        assertThat(balance()).isEqualTo(9_000);
    }

    @Test
    void aRejectedAdjustmentPostsNothing() {
        String id = adjust(staff, 700, "Mistaken request").json().get("id").asString();

        assertThat(admin.post("/api/v1/points/adjustments/" + id + "/reject", Map.of())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("REJECTED");
        assertThat(admin.post("/api/v1/points/adjustments/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(balance()).isZero();
    }

    @Test
    void aDeductionCannotOverdraw() {
        adjust(staff, 50, "Welcome bonus");

        assertThat(adjust(staff, -60, "Correction").status()).isEqualTo(409);
        assertThat(adjust(staff, -50, "Correction").json().get("status").asString())
                .isEqualTo("POSTED");
        assertThat(balance()).isZero();
    }

    @Test
    void badAdjustmentsAreNamedAndForeignOnesNotFound() {
        String mallMember = Api.as(port, "mall-member")
                .get("/api/v1/me")
                .json()
                .get("memberId")
                .asString();

        assertThat(adjust(staff, 0, "Nothing").fieldErrors()).containsExactly("points");
        assertThat(adjust(staff, 10, "").fieldErrors()).containsOnly("reason");
        assertThat(staff.post(
                                "/api/v1/points/adjustments",
                                Api.map("memberId", mallMember, "points", 10, "reason", "Wrong operator"),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                        .fieldErrors())
                .containsExactly("memberId");
        String id = adjust(staff, 900, "Pending here").json().get("id").asString();
        Api mallAdmin = Api.as(port, "mall-admin");
        assertThat(mallAdmin
                        .post("/api/v1/points/adjustments/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(mallAdmin.get("/api/v1/points/adjustments").json().findValuesAsString("id"))
                .doesNotContain(id);
        assertThat(member.get("/api/v1/points/adjustments").status()).isEqualTo(403);
    }

    @Test
    void aReplayedRequestReturnsTheFirstAdjustment() {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        var body = Api.map("memberId", memberId, "points", 30, "reason", "Once only");

        String first = staff.post("/api/v1/points/adjustments", body, key)
                .json()
                .get("id")
                .asString();
        String again = staff.post("/api/v1/points/adjustments", body, key)
                .json()
                .get("id")
                .asString();

        assertThat(again).isEqualTo(first);
        assertThat(balance()).isEqualTo(30);
    }
}
