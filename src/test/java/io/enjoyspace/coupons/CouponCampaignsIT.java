package io.enjoyspace.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Coupons inside campaigns (their budget meter and automatic stop) and coupons granted by rules. */
@EnjoySpaceTest
class CouponCampaignsIT {

    @LocalServerPort
    int port;

    @Autowired
    Coupons coupons;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Autowired
    Members members;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Api admin;

    @BeforeEach
    void theDemoOperatorsAdmin() {
        admin = Api.as(port, "admin");
    }

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static Map<String, String> newKey() {
        return Map.of("Idempotency-Key", uuid());
    }

    private long demoOperator() {
        return operators.findByCode("demo").orElseThrow().id();
    }

    private JsonNode campaign(Instant startsAt, Instant endsAt, Long couponBudgetMinor) {
        Api.Response created = admin.post(
                "/api/v1/campaigns",
                Api.map(
                        "name",
                        "Coupon campaign " + uuid().substring(0, 8),
                        "startsAt",
                        startsAt.toString(),
                        "endsAt",
                        endsAt.toString(),
                        "couponBudgetMinor",
                        couponBudgetMinor));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private String template(String campaignId, long amountOffMinor) {
        Api.Response created = admin.post(
                "/api/v1/coupon-templates",
                Api.map(
                        "name",
                        "Campaign coupon " + uuid().substring(0, 8),
                        "kind",
                        "AMOUNT_OFF",
                        "amountOffMinor",
                        amountOffMinor,
                        "validDays",
                        30,
                        "perMemberLimit",
                        5,
                        "campaignId",
                        campaignId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private Coupon grant(String templateId, long memberId) {
        return coupons.issue(
                demoOperator(),
                new Coupons.IssueCoupon(Long.parseLong(templateId), memberId, CouponSource.GRANT, uuid(), null));
    }

    private Api.Response redeem(String code) {
        return Api.as(port, "staff")
                .post(
                        "/api/v1/coupon-redemptions",
                        Api.map("code", code, "spendMinor", 10_000, "reference", "till-" + uuid()));
    }

    @Test
    void aCampaignsCouponBudgetIsMeteredAndStopsRedemptionsAndIssuesOnceSpent() {
        Instant now = Instant.now();
        JsonNode campaign = campaign(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)), 3_500L);
        String campaignId = campaign.get("id").asString();
        String templateId = template(campaignId, 2_000);
        long memberId = CouponTestMembers.newMember(operators, sites, members, "demo");
        Coupon first = grant(templateId, memberId);
        Coupon second = grant(templateId, memberId);

        assertThat(redeem(first.code()).status()).isEqualTo(201);
        Api.Response overBudget = redeem(second.code());
        assertThat(overBudget.fieldErrors()).containsExactly("couponCodes");
        assertThat(overBudget.json().get("errors").get(0).get("message").asString())
                .contains("budget is spent");

        JsonNode meter = admin.get("/api/v1/campaigns/" + campaignId).json();
        assertThat(meter.get("couponBudgetMinor").asLong()).isEqualTo(3_500);
        assertThat(meter.get("couponDiscountMinor").asLong()).isEqualTo(2_000);
        assertThat(meter.get("couponRedemptions").asLong()).isEqualTo(1);
        assertThat(meter.get("couponsIssued").asLong()).isEqualTo(2);
        assertThat(meter.get("couponPercentUsed").asInt()).isEqualTo(57);

        // Raising the spend to the budget stops new issues too.
        String smallTemplate = template(campaignId, 1_500);
        Coupon third = grant(smallTemplate, memberId);
        assertThat(redeem(third.code()).status()).isEqualTo(201);
        Api.Response issueAfter = Api.as(port, "staff")
                .post(
                        "/api/v1/coupon-templates/" + smallTemplate + "/issues",
                        Api.map("audience", "MEMBERS", "memberIds", List.of(Long.toString(memberId))),
                        newKey());
        assertThat(issueAfter.status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/campaigns/" + campaignId)
                        .json()
                        .get("couponPercentUsed")
                        .asInt())
                .isEqualTo(100);
    }

    @Test
    void aCampaignsCouponsAreNeitherIssuedNorRedeemedOnceItHasEnded() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.pin(start);
        JsonNode campaign = campaign(start.minus(Duration.ofDays(1)), start.plus(Duration.ofDays(2)), null);
        String templateId = template(campaign.get("id").asString(), 1_000);
        long memberId = CouponTestMembers.newMember(operators, sites, members, "demo");
        Coupon coupon = grant(templateId, memberId);

        clock.advance(Duration.ofDays(3));

        assertThat(redeem(coupon.code())
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("not running");
        Api.Response issue = Api.as(port, "staff")
                .post(
                        "/api/v1/coupon-templates/" + templateId + "/issues",
                        Api.map("audience", "MEMBERS", "memberIds", List.of(Long.toString(memberId))),
                        newKey());
        assertThat(issue.status()).isEqualTo(409);
        assertThat(coupons.claimCentre(demoOperator(), memberId))
                .noneMatch(offer -> Long.toString(offer.template().id()).equals(templateId));
    }

    @Test
    void aCouponRuleGrantsOneCouponPerEventHoweverOftenTheEventArrives() {
        String templateId = admin.post(
                        "/api/v1/coupon-templates",
                        Api.map(
                                "name",
                                "Rule coupon " + uuid().substring(0, 8),
                                "kind",
                                "PERCENT_OFF",
                                "percentOff",
                                10,
                                "validDays",
                                14,
                                "perMemberLimit",
                                10,
                                "claimable",
                                false))
                .json()
                .get("id")
                .asString();
        String marker = uuid();
        Api.Response rule = admin.post(
                "/api/v1/rules",
                Api.map(
                        "name",
                        "Coupon for a review " + marker.substring(0, 8),
                        "eventType",
                        "review.submitted",
                        "condition",
                        "attributes.marker == '" + marker + "'",
                        "action",
                        "COUPON",
                        "couponTemplateId",
                        templateId,
                        "status",
                        "ACTIVE"));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        assertThat(rule.json().get("couponTemplateId").asString()).isEqualTo(templateId);
        assertThat(admin.post(
                                "/api/v1/rules",
                                Api.map(
                                        "name",
                                        "Coupon without template " + marker.substring(0, 8),
                                        "eventType",
                                        "review.submitted",
                                        "action",
                                        "COUPON"))
                        .fieldErrors())
                .containsExactly("couponTemplateId");
        long memberId = CouponTestMembers.newMember(operators, sites, members, "demo");
        Map<String, Object> event = Api.map(
                "id",
                "review-" + marker,
                "type",
                "review.submitted",
                "memberId",
                Long.toString(memberId),
                "attributes",
                Map.of("marker", marker));

        Api.Response first = admin.post("/api/v1/events", event);
        Api.Response replay = admin.post("/api/v1/events", event);
        Api.Response other = admin.post(
                "/api/v1/events",
                Api.map(
                        "id",
                        "review-other-" + marker,
                        "type",
                        "review.submitted",
                        "memberId",
                        Long.toString(memberId),
                        "attributes",
                        Map.of("marker", "someone else")));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(201);
        Journey.awaitEventsDelivered(jdbc);

        List<Coupon> wallet = coupons.wallet(demoOperator(), memberId);
        assertThat(wallet).hasSize(1);
        assertThat(wallet.get(0).source()).isEqualTo(CouponSource.RULE);
        assertThat(wallet.get(0).templateId()).isEqualTo(Long.parseLong(templateId));
    }

    @Test
    void aCouponRuleWhoseStockIsGoneGrantsNothingAndItsDeliveryStillCompletes() {
        String templateId = admin.post(
                        "/api/v1/coupon-templates",
                        Api.map(
                                "name",
                                "Last rule coupon " + uuid().substring(0, 8),
                                "kind",
                                "AMOUNT_OFF",
                                "amountOffMinor",
                                500,
                                "validDays",
                                5,
                                "totalStock",
                                1,
                                "claimable",
                                false))
                .json()
                .get("id")
                .asString();
        String marker = uuid();
        Api.Response rule = admin.post(
                "/api/v1/rules",
                Api.map(
                        "name",
                        "Last coupon for a review " + marker.substring(0, 8),
                        "eventType",
                        "review.submitted",
                        "condition",
                        "attributes.marker == '" + marker + "'",
                        "action",
                        "COUPON",
                        "couponTemplateId",
                        templateId,
                        "status",
                        "ACTIVE"));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        long first = CouponTestMembers.newMember(operators, sites, members, "demo");
        long second = CouponTestMembers.newMember(operators, sites, members, "demo");

        for (long memberId : List.of(first, second)) {
            Api.Response posted = admin.post(
                    "/api/v1/events",
                    Api.map(
                            "id",
                            "review-" + memberId + "-" + marker,
                            "type",
                            "review.submitted",
                            "memberId",
                            Long.toString(memberId),
                            "attributes",
                            Map.of("marker", marker)));
            assertThat(posted.status()).isEqualTo(201);
            Journey.awaitEventsDelivered(jdbc);
        }

        assertThat(coupons.wallet(demoOperator(), first)).hasSize(1);
        assertThat(coupons.wallet(demoOperator(), second)).isEmpty();
    }
}
