package io.enjoyspace.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.GapMembers;
import io.enjoyspace.PageSession;
import io.enjoyspace.points.PointsLedger;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The fulfilment queue names each member with a mobile number to call, and filters by status. */
@EnjoySpaceTest
class FulfilmentQueuePageIT {

    @LocalServerPort
    int port;

    @Autowired
    GapMembers people;

    @Autowired
    PointsLedger ledger;

    private static String row(String page, String redemptionId) {
        int start = page.indexOf("data-redemption-id=\"" + redemptionId + "\"");
        assertThat(start).as("row of redemption " + redemptionId).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    @Test
    void theQueueShowsWhoRedeemedWithTheirMobileAndFiltersByStatus() {
        Api admin = Api.as(port, "admin");
        String giftName = "Queue umbrella " + UUID.randomUUID().toString().substring(0, 8);
        String rewardId = RewardsFixtures.create(admin, RewardsFixtures.gift(giftName, 10, 5, null));
        GapMembers.Person waiting = people.person("demo", "Queue Waiting Wang", null);
        GapMembers.Person cancelling = people.person("demo", "Queue Cancelled Chen", null);
        RewardsFixtures.award(ledger, waiting.operatorId(), waiting.memberId(), 100);
        RewardsFixtures.award(ledger, cancelling.operatorId(), cancelling.memberId(), 100);
        Api.Response kept = RewardsFixtures.redeem(waiting.api(port), rewardId, 1);
        Api.Response dropped = RewardsFixtures.redeem(cancelling.api(port), rewardId, 1);
        assertThat(kept.status()).as(kept.toString()).isEqualTo(201);
        assertThat(dropped.status()).as(dropped.toString()).isEqualTo(201);
        String keptId = kept.json().get("id").asString();
        String droppedId = dropped.json().get("id").asString();
        assertThat(cancelling
                        .api(port)
                        .post("/api/v1/me/redemptions/" + droppedId + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        PageSession staff = PageSession.signIn(port, "staff");

        String queue = staff.get("/console/mall/fulfilment").body();

        String row = row(queue, keptId);
        assertThat(row)
                .contains("Queue Waiting Wang")
                .contains(waiting.username())
                .contains("tel:" + waiting.username());
        assertThat(queue).doesNotContain("data-redemption-id=\"" + droppedId + "\"");

        String cancelled =
                staff.get("/console/mall/fulfilment?status=CANCELLED").body();
        assertThat(row(cancelled, droppedId)).contains("Queue Cancelled Chen").contains(cancelling.username());
        assertThat(cancelled).doesNotContain("data-redemption-id=\"" + keptId + "\"");
        for (String language : List.of("en", "zh-CN")) {
            assertThat(staff.get("/console/mall/fulfilment?status=CANCELLED", language)
                            .body())
                    .doesNotContain("??");
        }
    }

    @Test
    void anotherOperatorsQueueDoesNotShowTheMember() {
        Api admin = Api.as(port, "admin");
        String rewardId = RewardsFixtures.create(
                admin, RewardsFixtures.gift("Private umbrella " + UUID.randomUUID(), 10, 5, null));
        GapMembers.Person member = people.person("demo", "Queue Private Li", null);
        RewardsFixtures.award(ledger, member.operatorId(), member.memberId(), 100);
        assertThat(RewardsFixtures.redeem(member.api(port), rewardId, 1).status())
                .isEqualTo(201);

        String harborQueue = PageSession.signIn(port, "mall-admin")
                .get("/console/mall/fulfilment")
                .body();

        assertThat(harborQueue).doesNotContain("Queue Private Li").doesNotContain(member.username());
    }
}
