package io.enjoyspace.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.PageSession;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.tenancy.Operators;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A mall reward limited to a segment: only the segment's members see and may redeem it; the console's reward form sets
 * and lifts the limit; another operator sees no limit of this operator's rewards and cannot use its segments.
 */
@EnjoySpaceTest
class RewardSegmentsIT {

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Operators operators;

    @Test
    void onlyTheSegmentsMembersRedeemAReservedReward() {
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        Api admin = Api.as(port, "admin");
        RewardsFixtures.SignedIn insider = RewardsFixtures.register(port, "TOWER88", "Segment insider");
        RewardsFixtures.SignedIn outsider = RewardsFixtures.register(port, "TOWER88", "Segment outsider");
        RewardsFixtures.award(ledger, operatorId, insider.memberId(), 1_000);
        RewardsFixtures.award(ledger, operatorId, outsider.memberId(), 1_000);
        String label = "MallVip" + insider.memberId();
        assertThat(admin.post("/api/v1/members/" + insider.memberId() + "/tags", Api.map("label", label))
                        .status())
                .isBetween(200, 201);
        String segment = admin.post(
                        "/api/v1/segments",
                        Map.of(
                                "name",
                                "Mall VIPs " + insider.memberId(),
                                "match",
                                "ALL",
                                "conditions",
                                List.of(Api.map("field", "tag", "operator", "has", "value", "manual:" + label))))
                .json()
                .get("id")
                .asString();
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("VIP lounge pass", 300, 10, null));
        Api.Response limited =
                admin.put("/api/v1/rewards/" + reward + "/eligible-segment", Api.map("segmentId", segment));
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);

        // The reward is listed to the segment's members only, in the API and in the portal's mall.
        assertThat(outsider.api().get("/api/v1/rewards").body()).doesNotContain("VIP lounge pass");
        assertThat(insider.api().get("/api/v1/rewards").body()).contains("VIP lounge pass");
        assertThat(PageSession.signIn(port, outsider.mobile(), "correct-horse")
                        .get("/portal/mall")
                        .body())
                .doesNotContain("VIP lounge pass")
                .contains("Points mall");
        assertThat(PageSession.signIn(port, insider.mobile(), "correct-horse")
                        .get("/portal/mall")
                        .body())
                .contains("VIP lounge pass");

        Api.Response refused = RewardsFixtures.redeem(outsider.api(), reward, 1);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("rewardId");
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("This reward is offered to selected members only.");
        Api.Response redeemed = RewardsFixtures.redeem(insider.api(), reward, 1);
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);

        // Another operator's admin can neither see this reward's limit nor limit its own reward to this segment.
        Api harbor = Api.as(port, "mall-admin");
        assertThat(harbor.get("/api/v1/rewards/" + reward + "/eligible-segment").status())
                .isEqualTo(404);
        String harborReward = RewardsFixtures.create(harbor, RewardsFixtures.gift("Harbor pass", 300, 10, null));
        // A segment it cannot see is refused like an unknown one, naming the field.
        Api.Response foreign =
                harbor.put("/api/v1/rewards/" + harborReward + "/eligible-segment", Api.map("segmentId", segment));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.fieldErrors()).containsExactly("segmentId");
    }

    @Test
    void theConsoleFormLimitsARewardToASegmentAndLiftsTheLimit() {
        Api admin = Api.as(port, "admin");
        String segment = admin.post(
                        "/api/v1/segments",
                        Map.of(
                                "name",
                                "Console mall segment " + System.nanoTime(),
                                "match",
                                "ALL",
                                "conditions",
                                List.of(Api.map("field", "tag", "operator", "has", "value", "manual:nobody-has-this"))))
                .json()
                .get("id")
                .asString();
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Console segment pass", 200, 5, null));
        PageSession console = PageSession.signIn(port, "admin");
        assertThat(console.get("/console/mall?edit=" + reward).body()).contains("id=\"reward-segment\"");

        Map<String, Object> form = new java.util.LinkedHashMap<>(Map.of(
                "id", reward,
                "name", "Console segment pass",
                "category", "Gifts",
                "kind", "GIFT",
                "delivery", "PICKUP",
                "pointsPrice", "200",
                "cashPrice", "0",
                "active", "true",
                "eligibleSegment", segment));
        console.post("/console/mall?edit=" + reward, "/console/mall/rewards", form);
        assertThat(admin.get("/api/v1/rewards/" + reward + "/eligible-segment")
                        .json()
                        .get("segmentId")
                        .asString())
                .isEqualTo(segment);
        assertThat(console.get("/console/mall").body()).contains("Segment: Console mall segment");

        form.put("eligibleSegment", "999999999");
        console.post("/console/mall?edit=" + reward, "/console/mall/rewards", form);
        // The refused form comes back (flash attributes) with the field named; the limit stays.
        assertThat(console.get("/console/mall").body()).contains("Segment: Unknown segment.");
        assertThat(admin.get("/api/v1/rewards/" + reward + "/eligible-segment")
                        .json()
                        .get("segmentId")
                        .asString())
                .isEqualTo(segment);

        form.put("eligibleSegment", "");
        console.post("/console/mall?edit=" + reward, "/console/mall/rewards", form);
        assertThat(admin.get("/api/v1/rewards/" + reward + "/eligible-segment")
                        .json()
                        .get("segmentId")
                        .isNull())
                .isTrue();
    }
}
