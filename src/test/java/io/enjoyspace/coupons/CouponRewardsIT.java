package io.enjoyspace.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.tenancy.Operators;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Coupons as rewards of the points mall: confirming a redemption issues its coupons. */
@EnjoySpaceTest
class CouponRewardsIT {

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Operators operators;

    /** A new member of the demo operator with {@code points} to spend. */
    private CouponTestMembers.SignedIn memberWith(long points) {
        CouponTestMembers.SignedIn member = CouponTestMembers.register(port, "MOFANG33");
        ledger.post(PostTransaction.award(
                operators.findByCode("demo").orElseThrow().id(),
                UUID.randomUUID().toString(),
                Account.member(Long.parseLong(member.memberId())),
                points,
                null,
                "TEST",
                null,
                null));
        return member;
    }

    /** Redeems the reward and has the front desk confirm it, which fulfils it. */
    private void redeemAndConfirm(CouponTestMembers.SignedIn member, String rewardId, int quantity) {
        Api.Response redeemed = member.api()
                .post(
                        "/api/v1/me/redemptions",
                        Api.map("rewardId", rewardId, "quantity", quantity),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);
        Api.Response confirmed = Api.as(port, "staff")
                .post("/api/v1/redemptions/" + redeemed.json().get("id").asString() + "/confirm", Map.of());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asString()).isEqualTo("FULFILLED");
    }

    @Test
    void confirmingAMallRedemptionOfACouponRewardIssuesItsCoupons() {
        Api admin = Api.as(port, "admin");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String templateId = admin.post(
                        "/api/v1/coupon-templates",
                        Api.map(
                                "name",
                                "Mall coupon " + suffix,
                                "kind",
                                "PERCENT_OFF",
                                "percentOff",
                                20,
                                "capMinor",
                                5_000,
                                "validDays",
                                30,
                                "perMemberLimit",
                                3,
                                "claimable",
                                false))
                .json()
                .get("id")
                .asString();
        Api.Response reward = admin.post(
                "/api/v1/rewards",
                Api.map(
                        "name",
                        "20% off coupon " + suffix,
                        "category",
                        "Coupons",
                        "kind",
                        "COUPON",
                        "fulfilmentCode",
                        templateId,
                        "pointsPrice",
                        100,
                        "stock",
                        10));
        assertThat(reward.status()).as(reward.toString()).isEqualTo(201);
        CouponTestMembers.SignedIn member = memberWith(1_000);

        redeemAndConfirm(member, reward.json().get("id").asString(), 2);

        JsonNode mine = member.api().get("/api/v1/me/coupons").json();
        assertThat(mine).hasSize(2);
        assertThat(mine.findValuesAsString("source")).containsOnly("REWARD");
        assertThat(mine.findValuesAsString("templateId")).containsOnly(templateId);
    }

    @Test
    void confirmingAnAllowanceTopUpGrantsPurchasedUnitsForEachUnitRedeemed() {
        Api admin = Api.as(port, "admin");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Api.Response badCode = admin.post(
                "/api/v1/rewards",
                Api.map(
                        "name",
                        "Room hour " + suffix,
                        "category",
                        "Allowances",
                        "kind",
                        "ALLOWANCE_TOPUP",
                        "fulfilmentCode",
                        "HOURS:one",
                        "pointsPrice",
                        100,
                        "stock",
                        10));
        Api.Response reward = admin.post(
                "/api/v1/rewards",
                Api.map(
                        "name",
                        "Meeting room hour " + suffix,
                        "category",
                        "Allowances",
                        "kind",
                        "ALLOWANCE_TOPUP",
                        "fulfilmentCode",
                        "MINUTES:60:MEETING_ROOM",
                        "pointsPrice",
                        100,
                        "stock",
                        10));
        assertThat(reward.status()).as(reward.toString()).isEqualTo(201);
        CouponTestMembers.SignedIn member = memberWith(1_000);

        redeemAndConfirm(member, reward.json().get("id").asString(), 2);

        JsonNode grants = admin.get("/api/v1/members/" + member.memberId() + "/allowances")
                .json();
        assertThat(grants.toString()).contains("PURCHASE").contains("MINUTES").contains("MEETING_ROOM");
        assertThat(grants.findValuesAsString("quantity")).contains("120");
        if (badCode.status() == 201) {
            // A reward whose code cannot be read is refused when it is confirmed, and nothing is granted for it.
            Api.Response another = member.api()
                    .post(
                            "/api/v1/me/redemptions",
                            Api.map("rewardId", badCode.json().get("id").asString(), "quantity", 1),
                            Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertThat(another.status()).as(another.toString()).isEqualTo(201);
            Api.Response refused = Api.as(port, "staff")
                    .post("/api/v1/redemptions/" + another.json().get("id").asString() + "/confirm", Map.of());
            assertThat(refused.fieldErrors()).containsExactly("fulfilmentCode");
        } else {
            assertThat(badCode.status()).isEqualTo(400);
        }
    }
}
