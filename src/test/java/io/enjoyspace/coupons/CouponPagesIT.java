package io.enjoyspace.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.PageSession;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every coupon page, and the rule and campaign pages that show coupons, render in English and Chinese with no missing
 * message, for a campaign with a coupon budget and a COUPON rule.
 */
@EnjoySpaceTest
class CouponPagesIT {

    @LocalServerPort
    int port;

    @Test
    void couponPagesRenderInBothLanguages() throws Exception {
        Api admin = Api.as(port, "admin");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String campaignId = admin.post(
                        "/api/v1/campaigns",
                        Api.map(
                                "name",
                                "Pages campaign " + suffix,
                                "startsAt",
                                now.minus(1, ChronoUnit.DAYS).toString(),
                                "endsAt",
                                now.plus(5, ChronoUnit.DAYS).toString(),
                                "couponBudgetMinor",
                                100_000))
                .json()
                .get("id")
                .asString();
        String templateId = admin.post(
                        "/api/v1/coupon-templates",
                        Api.map(
                                "name",
                                "Pages coupon " + suffix,
                                "kind",
                                "FREE_HOURS",
                                "resourceTypeCode",
                                "MEETING_ROOM",
                                "freeMinutes",
                                60,
                                "validDays",
                                10,
                                "stacksWithPoints",
                                false,
                                "campaignId",
                                campaignId))
                .json()
                .get("id")
                .asString();
        String ruleId = admin.post(
                        "/api/v1/rules",
                        Api.map(
                                "name",
                                "Pages coupon rule " + suffix,
                                "eventType",
                                "review.submitted",
                                "condition",
                                "attributes.marker == '" + suffix + "'",
                                "action",
                                "COUPON",
                                "couponTemplateId",
                                templateId,
                                "status",
                                "PAUSED"))
                .json()
                .get("id")
                .asString();

        PageSession adminSession = PageSession.signIn(port, "admin", "demo");
        for (String path : List.of(
                "/console/coupons",
                "/console/coupons/" + templateId,
                "/console/campaigns",
                "/console/campaigns/" + campaignId,
                "/console/rules",
                "/console/rules/" + ruleId)) {
            for (String language : List.of("en", "zh-CN")) {
                HttpResponse<String> page = adminSession.get(path, language);
                assertThat(page.statusCode()).as(path + " " + language).isEqualTo(200);
                assertThat(page.body()).as(path + " " + language).doesNotContain("??");
            }
        }
        assertThat(adminSession.get("/console/campaigns/" + campaignId, "en").body())
                .contains("campaign-coupon-meter", "of ¥1,000.00 given away");
        assertThat(adminSession.get("/console/rules", "zh-CN").body()).contains("发放优惠券（模板 " + templateId);

        PageSession memberSession = PageSession.signIn(port, "member", "demo");
        for (String language : List.of("en", "zh-CN")) {
            HttpResponse<String> page = memberSession.get("/portal/coupons", language);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("??").contains("coupon-qr");
        }
        assertThat(memberSession.get("/portal/coupons", "zh-CN").body()).contains("¥20 off cleaning", "领券中心");
    }
}
