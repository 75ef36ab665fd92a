package io.enjoyspace.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class CouponsIT {

    private static final AtomicInteger names = new AtomicInteger();

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
    Api staff;

    @BeforeEach
    void staffOfTheDemoOperator() {
        admin = Api.as(port, "admin");
        staff = Api.as(port, "staff");
    }

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    private static String name(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8) + " " + names.incrementAndGet();
    }

    private static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    private static Map<String, String> newKey() {
        return key(UUID.randomUUID().toString());
    }

    private JsonNode template(Object... extra) {
        Map<String, Object> body =
                Api.map("name", name("Coupon"), "kind", "AMOUNT_OFF", "amountOffMinor", 2_000, "validDays", 30);
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        Api.Response created = admin.post("/api/v1/coupon-templates", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private long demoOperator() {
        return operators.findByCode("demo").orElseThrow().id();
    }

    private long newMember() {
        return CouponTestMembers.newMember(operators, sites, members, "demo");
    }

    private Api.Response claim(Api member, String templateId, Map<String, String> headers) {
        return member.post("/api/v1/me/coupons", Api.map("templateId", templateId), headers);
    }

    @Test
    void templatesAreCreatedAndListedAndBadOnesAreRefusedNamingTheField() {
        JsonNode created = template(
                "kind", "PERCENT_OFF", "amountOffMinor", null, "percentOff", 10, "capMinor", 3_000, "totalStock", 50);

        assertThat(created.get("kind").asString()).isEqualTo("PERCENT_OFF");
        assertThat(created.get("stockLeft").asInt()).isEqualTo(50);
        assertThat(created.get("stacksWithPoints").asBoolean()).isTrue();
        assertThat(staff.get("/api/v1/coupon-templates").json().findValuesAsString("id"))
                .contains(created.get("id").asString());

        assertThat(admin.post(
                                "/api/v1/coupon-templates",
                                Api.map("name", name("Bad"), "kind", "PERCENT_OFF", "validDays", 30))
                        .fieldErrors())
                .containsExactly("percentOff");
        assertThat(admin.post(
                                "/api/v1/coupon-templates",
                                Api.map("name", name("Bad"), "kind", "AMOUNT_OFF", "amountOffMinor", 100))
                        .fieldErrors())
                .containsExactly("validDays");
        assertThat(admin.post(
                                "/api/v1/coupon-templates",
                                Api.map(
                                        "name",
                                        name("Bad"),
                                        "kind",
                                        "THRESHOLD",
                                        "amountOffMinor",
                                        2_000,
                                        "thresholdMinor",
                                        1_000,
                                        "validDays",
                                        3))
                        .fieldErrors())
                .containsExactly("amountOffMinor");
        assertThat(staff.post("/api/v1/coupon-templates", Api.map("name", name("Staff"), "kind", "AMOUNT_OFF"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aMemberClaimsACouponSeesItWithItsQrAndARetryAnswersWithTheSameCoupon() {
        String templateId = template("perMemberLimit", 1).get("id").asString();
        CouponTestMembers.SignedIn member = CouponTestMembers.register(port, "MOFANG33");
        assertThat(member.api().get("/api/v1/me/coupon-offers").json().findValuesAsString("name"))
                .isNotEmpty();

        String claimKey = UUID.randomUUID().toString();
        Api.Response first = claim(member.api(), templateId, key(claimKey));
        Api.Response retry = claim(member.api(), templateId, key(claimKey));
        Api.Response another = claim(member.api(), templateId, newKey());

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("code").asString()).matches("[A-Z0-9]{12}");
        assertThat(first.json().get("status").asString()).isEqualTo("ISSUED");
        assertThat(first.json().get("source").asString()).isEqualTo("CLAIM");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(another.status()).isEqualTo(409);
        assertThat(another.contentType()).startsWith("application/problem+json");

        JsonNode mine = member.api().get("/api/v1/me/coupons").json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("code").asString())
                .isEqualTo(first.json().get("code").asString());
        Api.Response qr =
                member.api().get("/api/v1/me/coupons/" + first.json().get("id").asString() + "/qr");
        assertThat(qr.status()).isEqualTo(200);
        assertThat(qr.contentType()).startsWith("image/svg+xml");
        assertThat(qr.body()).startsWith("<svg").contains("<path");
    }

    @Test
    void sixtyFourClaimsOfTheLastCouponIssueItExactlyOnce() throws Exception {
        long operatorId = demoOperator();
        long templateId = Long.parseLong(template("totalStock", 1).get("id").asString());
        List<Long> claimants = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            claimants.add(newMember());
        }

        List<Callable<Boolean>> claims = new ArrayList<>();
        for (long memberId : claimants) {
            claims.add(() -> {
                try {
                    coupons.claim(
                            operatorId,
                            memberId,
                            templateId,
                            new IdempotencyKey(UUID.randomUUID().toString()));
                    return true;
                } catch (ConflictException e) {
                    assertThat(e.code()).isEqualTo("coupons.outOfStock");
                    return false;
                }
            });
        }
        long issued = runAll(claims).stream().filter(Boolean::booleanValue).count();

        assertThat(issued).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from coupon where operator_id = :o and template_id = :t")
                        .param("o", operatorId)
                        .param("t", templateId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(staff.get("/api/v1/coupon-templates/" + templateId)
                        .json()
                        .get("stockLeft")
                        .asInt())
                .isZero();
    }

    @Test
    void oneMemberClaimingConcurrentlyGetsNoMoreThanThePerMemberLimit() throws Exception {
        long operatorId = demoOperator();
        long templateId = Long.parseLong(
                template("totalStock", 100, "perMemberLimit", 3).get("id").asString());
        long memberId = newMember();

        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            claims.add(() -> {
                try {
                    coupons.claim(
                            operatorId,
                            memberId,
                            templateId,
                            new IdempotencyKey(UUID.randomUUID().toString()));
                    return true;
                } catch (ConflictException e) {
                    assertThat(e.code()).isEqualTo("coupons.limitReached");
                    return false;
                }
            });
        }
        long issued = runAll(claims).stream().filter(Boolean::booleanValue).count();

        assertThat(issued).isEqualTo(3);
        assertThat(coupons.wallet(operatorId, memberId)).hasSize(3);
        assertThat(staff.get("/api/v1/coupon-templates/" + templateId)
                        .json()
                        .get("stockLeft")
                        .asInt())
                .isEqualTo(97);
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void couponsAreValidOnlyInsideTheirWindowAsTheClockMoves() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.pin(start);
        long operatorId = demoOperator();
        String sevenDays = template("validDays", 7).get("id").asString();
        String later = template(
                        "validDays",
                        null,
                        "validFrom",
                        start.plus(Duration.ofDays(2)).toString(),
                        "validTo",
                        start.plus(Duration.ofDays(5)).toString())
                .get("id")
                .asString();
        long memberId = newMember();
        Coupon week = coupons.issue(
                operatorId,
                new Coupons.IssueCoupon(Long.parseLong(sevenDays), memberId, CouponSource.GRANT, uuid(), null));
        Coupon window = coupons.issue(
                operatorId, new Coupons.IssueCoupon(Long.parseLong(later), memberId, CouponSource.GRANT, uuid(), null));

        assertThat(week.validUntil()).isEqualTo(start.plus(Duration.ofDays(7)));
        assertThat(window.validFrom()).isEqualTo(start.plus(Duration.ofDays(2)));
        assertThat(window.validUntil()).isEqualTo(start.plus(Duration.ofDays(5)));
        assertThat(redeem(window.code(), memberId).fieldErrors()).containsExactly("couponCodes");
        assertThat(redeem(window.code(), memberId)
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("not valid yet");

        clock.advance(Duration.ofDays(3));
        Api.Response inWindow = redeem(window.code(), memberId);
        assertThat(inWindow.status()).as(inWindow.toString()).isEqualTo(201);
        assertThat(inWindow.json().get("discountMinor").asLong()).isEqualTo(2_000);

        clock.advance(Duration.ofDays(5));
        assertThat(coupons.get(operatorId, week.id()).status()).isEqualTo(CouponStatus.EXPIRED);
        assertThat(redeem(week.code(), memberId)
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("expired");
        // A template whose window has closed issues nothing more.
        clock.advance(Duration.ofDays(1));
        Api.Response tooLate = Api.as(port, "staff")
                .post(
                        "/api/v1/coupon-templates/" + later + "/issues",
                        Api.map("audience", "MEMBERS", "memberIds", List.of(Long.toString(memberId))),
                        newKey());
        assertThat(tooLate.status()).isEqualTo(409);
    }

    /** Signs in afresh: tokens expire by the application's clock, which some tests move. */
    private Api.Response redeem(String code, long memberId) {
        return Api.as(port, "staff")
                .post(
                        "/api/v1/coupon-redemptions",
                        Api.map(
                                "code",
                                code,
                                "memberId",
                                Long.toString(memberId),
                                "spendMinor",
                                10_000,
                                "reference",
                                "till-" + uuid()));
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aUsedCouponCannotBeUsedAgainAndNobodyElseCanUseIt() {
        long operatorId = demoOperator();
        String templateId = template().get("id").asString();
        long owner = newMember();
        long stranger = newMember();
        Coupon coupon = coupons.issue(
                operatorId,
                new Coupons.IssueCoupon(Long.parseLong(templateId), owner, CouponSource.REWARD, uuid(), null));

        assertThat(redeem(coupon.code(), stranger)
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("not yours");
        assertThat(redeem(coupon.code().toLowerCase(java.util.Locale.ROOT), owner)
                        .status())
                .isEqualTo(201);
        assertThat(redeem(coupon.code(), owner)
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("has been used");
        assertThat(coupons.get(operatorId, coupon.id()).status()).isEqualTo(CouponStatus.REDEEMED);
    }

    @Test
    void aCouponRedeemedAtTheSameMomentInSixteenPlacesIsUsedOnce() throws Exception {
        long operatorId = demoOperator();
        long memberId = newMember();
        Coupon coupon = coupons.issue(
                operatorId,
                new Coupons.IssueCoupon(
                        Long.parseLong(template().get("id").asString()), memberId, CouponSource.GRANT, uuid(), null));

        List<Callable<Boolean>> redemptions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String reference = "till-" + i;
            redemptions.add(() -> {
                try {
                    coupons.redeem(
                            operatorId, new Coupons.RedeemCoupon(coupon.code(), memberId, 10_000, null, reference));
                    return true;
                } catch (io.enjoyspace.shared.InvalidInputException e) {
                    assertThat(e.errors().get(0).code()).isEqualTo("coupons.alreadyUsed");
                    return false;
                }
            });
        }

        assertThat(runAll(redemptions).stream().filter(Boolean::booleanValue).count())
                .isEqualTo(1);
        assertThat(coupons.get(operatorId, coupon.id()).discountMinor()).isEqualTo(2_000);
    }

    @Test
    void automationIssuesOncePerKeyAndARefusalIsJustNoCoupon() {
        long operatorId = demoOperator();
        long templateId = Long.parseLong(template("totalStock", 1).get("id").asString());
        long memberId = newMember();
        String key = uuid();

        Optional<Coupon> first = coupons.tryIssue(
                operatorId, new Coupons.IssueCoupon(templateId, memberId, CouponSource.LIFECYCLE, key, null));
        Optional<Coupon> again = coupons.tryIssue(
                operatorId, new Coupons.IssueCoupon(templateId, memberId, CouponSource.LIFECYCLE, key, null));
        Optional<Coupon> soldOut = coupons.tryIssue(
                operatorId, new Coupons.IssueCoupon(templateId, newMember(), CouponSource.LIFECYCLE, uuid(), null));

        assertThat(first).isPresent();
        assertThat(again.orElseThrow().id()).isEqualTo(first.orElseThrow().id());
        assertThat(again.orElseThrow().replayed()).isTrue();
        assertThat(soldOut).isEmpty();
        assertThat(coupons.tryIssue(
                        operatorId,
                        new Coupons.IssueCoupon(Long.MAX_VALUE, memberId, CouponSource.LIFECYCLE, uuid(), null)))
                .isEmpty();
    }

    @Test
    void staffPushToAnEnterpriseOnceAndAReplayIssuesNothingMore() {
        String templateId = template("perMemberLimit", 1).get("id").asString();
        CouponTestMembers.SignedIn colleague = CouponTestMembers.register(port, "MOFANG33");
        String enterpriseId =
                colleague.api().get("/api/v1/me").json().get("enterpriseId").asString();
        String pushKey = uuid();
        Map<String, Object> body = Api.map("audience", "ENTERPRISE", "enterpriseId", enterpriseId);

        Api.Response first = staff.post("/api/v1/coupon-templates/" + templateId + "/issues", body, key(pushKey));
        Api.Response replay = staff.post("/api/v1/coupon-templates/" + templateId + "/issues", body, key(pushKey));
        Api.Response again = staff.post("/api/v1/coupon-templates/" + templateId + "/issues", body, newKey());
        Api.Response different = staff.post(
                "/api/v1/coupon-templates/" + templateId + "/issues",
                Api.map("audience", "MEMBERS", "memberIds", List.of(colleague.memberId())),
                key(pushKey));

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        int issued = first.json().get("issued").asInt();
        assertThat(issued).isGreaterThanOrEqualTo(1);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("issued").asInt()).isEqualTo(issued);
        assertThat(again.json().get("issued").asInt()).isZero();
        assertThat(again.json().get("skipped").asInt()).isEqualTo(issued);
        assertThat(different.status()).isEqualTo(409);
        JsonNode mine = colleague.api().get("/api/v1/me/coupons").json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("source").asString()).isEqualTo("PUSH");
        // The demo operator has no tiers under the test profile: a push to a tier nobody holds reaches no one.
        assertThat(staff.post(
                                "/api/v1/coupon-templates/" + templateId + "/issues",
                                Api.map("audience", "TIER", "tierCode", "GOLD"),
                                newKey())
                        .fieldErrors())
                .containsExactly("audience");
    }

    @Test
    void anotherOperatorCannotSeeOrIssueOrRedeemTheseTemplatesAndCoupons() {
        long operatorId = demoOperator();
        String templateId = template().get("id").asString();
        long memberId = newMember();
        Coupon coupon = coupons.issue(
                operatorId,
                new Coupons.IssueCoupon(Long.parseLong(templateId), memberId, CouponSource.GRANT, uuid(), null));
        Api harborAdmin = Api.as(port, "mall-admin");
        Api harborMember = Api.as(port, "mall-member");

        assertThat(harborAdmin.get("/api/v1/coupon-templates/" + templateId).status())
                .isEqualTo(404);
        assertThat(harborAdmin.get("/api/v1/coupon-templates").json().findValuesAsString("id"))
                .doesNotContain(templateId);
        assertThat(harborAdmin
                        .post(
                                "/api/v1/coupon-templates/" + templateId + "/issues",
                                Api.map("audience", "ALL"),
                                newKey())
                        .status())
                .isEqualTo(404);
        assertThat(harborAdmin
                        .get("/api/v1/coupon-templates/" + templateId + "/coupons")
                        .status())
                .isEqualTo(404);
        assertThat(claim(harborMember, templateId, newKey()).status()).isEqualTo(404);
        assertThat(harborMember.get("/api/v1/me/coupons/" + coupon.id()).status())
                .isEqualTo(404);
        assertThat(harborMember.get("/api/v1/me/coupons/" + coupon.id() + "/qr").status())
                .isEqualTo(404);
        assertThat(harborAdmin
                        .post(
                                "/api/v1/coupon-redemptions",
                                Api.map("code", coupon.code(), "spendMinor", 10_000, "reference", "till"))
                        .fieldErrors())
                .containsExactly("couponCodes");
        assertThat(coupons.get(operatorId, coupon.id()).status()).isEqualTo(CouponStatus.ISSUED);
        // A member of the demo operator cannot push to Harbor's members either.
        long harborMemberId = Long.parseLong(
                harborMember.get("/api/v1/me").json().get("memberId").asString());
        assertThat(staff.post(
                                "/api/v1/coupon-templates/" + templateId + "/issues",
                                Api.map("audience", "MEMBERS", "memberIds", List.of(Long.toString(harborMemberId))),
                                newKey())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void checkoutTakesTheCouponOffAndAFullRefundGivesItBack() {
        CouponTestMembers.SignedIn member = CouponTestMembers.register(port, "MOFANG33");
        String offeringId = Journey.offeringId(member.api(), "Afternoon coffee set");
        String templateId = template("amountOffMinor", 1_500, "thresholdMinor", 5_000)
                .get("id")
                .asString();
        JsonNode coupon = claim(member.api(), templateId, newKey()).json();
        String code = coupon.get("code").asString();

        Map<String, Object> body = Journey.orderBody(offeringId, 1);
        body.put("couponCodes", List.of(code));
        Api.Response placed = member.api().post("/api/v1/orders", body, newKey());

        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        JsonNode order = placed.json();
        String orderId = order.get("id").asString();
        assertThat(order.get("discountMinor").asLong()).isEqualTo(1_500);
        assertThat(order.get("discounts").get(0).get("kind").asString()).isEqualTo("COUPON");
        JsonNode used = member.api()
                .get("/api/v1/me/coupons/" + coupon.get("id").asString())
                .json();
        assertThat(used.get("status").asString()).isEqualTo("REDEEMED");
        assertThat(used.get("orderId").asString()).isEqualTo(orderId);
        assertThat(used.get("discountMinor").asLong()).isEqualTo(1_500);

        Api.Response reused = member.api().post("/api/v1/orders", body, newKey());
        assertThat(reused.fieldErrors()).containsExactly("couponCodes");
        Journey.awaitEventsDelivered(jdbc);
        assertThat(jdbc.sql("""
                                select amount_minor from activity_fact_current
                                where kind = 'COUPON_USED' and subject_id = :couponId
                                """)
                        .param("couponId", coupon.get("id").asString())
                        .query(Long.class)
                        .list())
                .as("the coupon's use is a fact for insights")
                .containsExactly(1_500L);

        staff.post("/api/v1/orders/" + orderId + "/complete", Map.of());
        Api.Response refund = staff.post(
                "/api/v1/orders/" + orderId + "/refunds",
                Api.map("amountMinor", order.get("totalMinor").asLong(), "reason", "Service not delivered"),
                newKey());
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);

        JsonNode restored = member.api()
                .get("/api/v1/me/coupons/" + coupon.get("id").asString())
                .json();
        assertThat(restored.get("status").asString()).isEqualTo("ISSUED");
        assertThat(restored.get("orderId").isNull()).isTrue();
        Api.Response again = member.api().post("/api/v1/orders", body, newKey());
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("discountMinor").asLong()).isEqualTo(1_500);
    }

    @Test
    void checkoutRefusesCouponsThatDoNotApplyNamingTheField() {
        CouponTestMembers.SignedIn member = CouponTestMembers.register(port, "MOFANG33");
        String offeringId = Journey.offeringId(member.api(), "Afternoon coffee set");
        String high = template("kind", "THRESHOLD", "amountOffMinor", 1_000, "thresholdMinor", 99_999_000)
                .get("id")
                .asString();
        String noPoints = template("stacksWithPoints", false).get("id").asString();
        String alone = template().get("id").asString();
        String highCode = claim(member.api(), high, newKey()).json().get("code").asString();
        String noPointsCode =
                claim(member.api(), noPoints, newKey()).json().get("code").asString();
        String aloneCode =
                claim(member.api(), alone, newKey()).json().get("code").asString();

        Map<String, Object> threshold = Journey.orderBody(offeringId, 1);
        threshold.put("couponCodes", List.of(highCode));
        assertThat(member.api().post("/api/v1/orders", threshold, newKey()).fieldErrors())
                .containsExactly("couponCodes");

        Map<String, Object> withPoints = Journey.orderBody(offeringId, 1);
        withPoints.put("couponCodes", List.of(noPointsCode));
        withPoints.put("pointsToUse", 100);
        Api.Response refused = member.api().post("/api/v1/orders", withPoints, newKey());
        assertThat(refused.fieldErrors()).containsExactly("pointsToUse");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .contains("cannot be used together with points");

        Map<String, Object> two = Journey.orderBody(offeringId, 1);
        two.put("couponCodes", List.of(aloneCode, noPointsCode));
        assertThat(member.api().post("/api/v1/orders", two, newKey()).fieldErrors())
                .containsExactly("couponCodes");
        // Nothing was kept of the refused checkouts: the coupons are still usable.
        for (JsonNode coupon : member.api().get("/api/v1/me/coupons").json()) {
            assertThat(coupon.get("status").asString()).isEqualTo("ISSUED");
        }
    }
}
