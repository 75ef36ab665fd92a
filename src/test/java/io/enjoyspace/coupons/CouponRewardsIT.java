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
        CouponTestMembers.SignedIn member = CouponTestMembers.register(port, "MOFANG33");
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        ledger.post(PostTransaction.award(
                operatorId,
                UUID.randomUUID().toString(),
                Account.member(Long.parseLong(member.memberId())),
                1_000,
                null,
                "TEST",
                null,
                null));

        Api.Response redeemed = member.api()
                .post(
                        "/api/v1/me/redemptions",
                        Api.map("rewardId", reward.json().get("id").asString(), "quantity", 2),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);
        Api.Response confirmed = Api.as(port, "staff")
                .post("/api/v1/redemptions/" + redeemed.json().get("id").asString() + "/confirm", Map.of());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asString()).isEqualTo("FULFILLED");

        JsonNode mine = member.api().get("/api/v1/me/coupons").json();
        assertThat(mine).hasSize(2);
        assertThat(mine.findValuesAsString("source")).containsOnly("REWARD");
        assertThat(mine.findValuesAsString("templateId")).containsOnly(templateId);
    }
}
