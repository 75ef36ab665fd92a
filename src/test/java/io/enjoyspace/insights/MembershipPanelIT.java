package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.PageSession;
import io.enjoyspace.coupons.CouponKind;
import io.enjoyspace.coupons.CouponSource;
import io.enjoyspace.coupons.CouponTemplates;
import io.enjoyspace.coupons.Coupons;
import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.MembershipWorlds;
import io.enjoyspace.membership.MembershipWorlds.World;
import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.membership.Tiers;
import io.enjoyspace.rules.Campaigns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's membership and marketing figures on an operator of their own: tier upgrades and coupons issued and
 * used in the period, members per tier now, and the period's campaigns against their budgets.
 */
@EnjoySpaceTest
class MembershipPanelIT {

    @LocalServerPort
    int port;

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Tiers tiers;

    @Autowired
    TierEvaluation evaluation;

    @Autowired
    CouponTemplates templates;

    @Autowired
    Coupons coupons;

    @Autowired
    Campaigns campaigns;

    @Autowired
    InsightRollups rollups;

    @Autowired
    Clock clock;

    @Test
    void tierMovesCouponsAndCampaignsReachTheDashboard() {
        World world = worlds.create();
        long operatorId = world.operatorId();
        tiers.create(
                operatorId,
                Audience.MEMBER,
                new Tiers.TierDraft("STANDARD", "Standard", 0, 0, 100, null, false, false, 0));
        tiers.create(
                operatorId, Audience.MEMBER, new Tiers.TierDraft("SILVER", "Silver", 1, 2, 100, null, false, false, 0));
        long riser = worlds.member(world, world.enterpriseId());
        long second = worlds.member(world, world.enterpriseId());
        worlds.member(world, null);
        Instant now = clock.instant();
        for (int i = 0; i < 2; i++) {
            evaluation.count(operatorId, riser, null, "use:" + UUID.randomUUID(), now, 1, 0, 0);
        }
        long templateId = templates
                .create(
                        operatorId,
                        new CouponTemplates.NewTemplate(
                                "Panel coupon",
                                null,
                                CouponKind.AMOUNT_OFF,
                                500L,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                10,
                                5,
                                30,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                true,
                                null))
                .id();
        for (long member : new long[] {riser, second, riser}) {
            coupons.issue(
                    operatorId,
                    new Coupons.IssueCoupon(
                            templateId,
                            member,
                            CouponSource.GRANT,
                            UUID.randomUUID().toString(),
                            null));
        }
        campaigns.create(
                operatorId,
                new Campaigns.Settings(
                        "Panel month",
                        null,
                        now.minus(1, ChronoUnit.DAYS),
                        now.plus(9, ChronoUnit.DAYS),
                        5_000L,
                        "#0f766e",
                        null));

        Api admin = Api.as(port, world.admin());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            rollups.catchUp();
            JsonNode figures = admin.get("/api/v1/insights/dashboard").json();
            assertThat(figures.get("tierUpgrades").get("value").asLong()).isEqualTo(1);
            assertThat(figures.get("couponsIssued").get("value").asLong()).isEqualTo(3);
        });
        JsonNode figures = admin.get("/api/v1/insights/dashboard").json();
        assertThat(figures.get("tierDowngrades").get("value").asLong()).isZero();
        assertThat(figures.get("couponsUsed").get("value").asLong()).isZero();
        assertThat(figures.get("couponUseRate").get("value").asDouble()).isZero();

        JsonNode panel = admin.get("/api/v1/insights/membership").json();
        assertThat(panel.get("tiers").get(0).get("code").asString()).isEqualTo("STANDARD");
        assertThat(panel.get("tiers").get(0).get("members").asLong()).isEqualTo(2);
        assertThat(panel.get("tiers").get(1).get("code").asString()).isEqualTo("SILVER");
        assertThat(panel.get("tiers").get(1).get("members").asLong()).isEqualTo(1);
        JsonNode companyPanel = admin.get("/api/v1/insights/membership?enterpriseId=" + world.enterpriseId())
                .json();
        assertThat(companyPanel.get("tiers").get(0).get("members").asLong()).isEqualTo(1);
        assertThat(panel.get("campaigns")).hasSize(1);
        assertThat(panel.get("campaigns").get(0).get("name").asString()).isEqualTo("Panel month");
        assertThat(panel.get("campaigns").get(0).get("budgetPoints").asLong()).isEqualTo(5_000);
        assertThat(panel.get("campaigns").get(0).get("awardedPoints").asLong()).isZero();

        // The page shows the same, in both languages.
        PageSession pages = PageSession.signIn(port, world.admin(), "demo");
        String page = pages.get("/console/insights", "en").body();
        assertThat(page).contains("id=\"tier-census\"").contains("Panel month").contains("Tier upgrades");
        assertThat(pages.get("/console/insights", "zh-CN").body())
                .contains("等级升级")
                .contains("当前各等级会员数");

        // Another operator sees none of it.
        JsonNode demo = Api.as(port, "admin").get("/api/v1/insights/membership").json();
        assertThat(demo.get("campaigns").findValuesAsString("name")).doesNotContain("Panel month");
    }
}
