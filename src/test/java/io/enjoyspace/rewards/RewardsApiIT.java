package io.enjoyspace.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.tenancy.Operators;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class RewardsApiIT {

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Operators operators;

    @Autowired
    Redemptions redemptions;

    @Autowired
    MutableClock clock;

    Api admin;
    Api staff;
    long operatorId;

    @BeforeEach
    void signIn() {
        admin = Api.as(port, "admin");
        staff = Api.as(port, "staff");
        operatorId = operators.findByCode("demo").orElseThrow().id();
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    private RewardsFixtures.SignedIn memberWith(long points) {
        RewardsFixtures.SignedIn member = RewardsFixtures.register(port, "TOWER88", "Mall shopper");
        if (points > 0) {
            RewardsFixtures.award(ledger, operatorId, member.memberId(), points);
        }
        return member;
    }

    private int stock(String reward) {
        return admin.get("/api/v1/rewards/" + reward).json().get("stock").asInt();
    }

    @Test
    void aReplayReturnsTheFirstRedemptionAndADifferentBodyUnderTheKeyIsRefused() {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Replay mug", 200, 10, null));
        RewardsFixtures.SignedIn member = memberWith(1_000);
        String key = UUID.randomUUID().toString();

        Api.Response first = RewardsFixtures.redeem(member.api(), reward, 1, key);
        Api.Response replay = RewardsFixtures.redeem(member.api(), reward, 1, key);
        Api.Response different = RewardsFixtures.redeem(member.api(), reward, 2, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("RESERVED");
        assertThat(first.json().get("pickupCode").asString()).matches("\\d{6}");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(stock(reward)).isEqualTo(9);
        assertThat(Journey.balance(member.api())).isEqualTo(800);
    }

    @Test
    void cancellingReleasesThePointsAndTheStock() {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Cancel mug", 300, 4, null));
        RewardsFixtures.SignedIn member = memberWith(1_000);
        String id =
                RewardsFixtures.redeem(member.api(), reward, 2).json().get("id").asString();
        assertThat(stock(reward)).isEqualTo(2);
        assertThat(Journey.balance(member.api())).isEqualTo(400);

        Api.Response cancelled = member.api().post("/api/v1/me/redemptions/" + id + "/cancel", Map.of());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(stock(reward)).isEqualTo(4);
        assertThat(Journey.balance(member.api())).isEqualTo(1_000);
        assertThat(member.api()
                        .post("/api/v1/me/redemptions/" + id + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(stock(reward)).isEqualTo(4);
        assertThat(staff.post("/api/v1/redemptions/" + id + "/confirm", Map.of())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aPickupGiftIsHandedOverAgainstTheMembersCode() {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Pickup mug", 250, 3, null));
        RewardsFixtures.SignedIn member = memberWith(1_000);
        JsonNode redeemed = RewardsFixtures.redeem(member.api(), reward, 1).json();
        String id = redeemed.get("id").asString();
        String code = redeemed.get("pickupCode").asString();
        String wrong = code.equals("000000") ? "111111" : "000000";

        assertThat(staff.get("/api/v1/redemptions").json().findValuesAsString("id"))
                .contains(id);
        Api.Response refused = staff.post("/api/v1/redemptions/" + id + "/pickup", Map.of("code", wrong));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).contains("code");

        Api.Response handed = staff.post("/api/v1/redemptions/" + id + "/pickup", Map.of("code", code));
        assertThat(handed.status()).isEqualTo(200);
        assertThat(handed.json().get("status").asString()).isEqualTo("FULFILLED");
        assertThat(handed.json().get("confirmedAt").isNull()).isFalse();
        assertThat(Journey.balance(member.api())).isEqualTo(750);
        assertThat(member.api()
                        .post("/api/v1/me/redemptions/" + id + "/cancel", Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(stock(reward)).isEqualTo(2);
    }

    @Test
    void aDeliveredGiftGoesFromPendingToShippedToDelivered() {
        Map<String, Object> gift = RewardsFixtures.gift("Delivered speaker", 400, 5, null);
        gift.put("delivery", "DELIVERY");
        String reward = RewardsFixtures.create(admin, gift);
        RewardsFixtures.SignedIn member = memberWith(1_000);

        Api.Response noAddress = RewardsFixtures.redeem(member.api(), reward, 1);
        assertThat(noAddress.status()).isEqualTo(400);
        assertThat(noAddress.fieldErrors()).contains("deliveryAddress");

        JsonNode redeemed = member.api()
                .post(
                        "/api/v1/me/redemptions",
                        Api.map("rewardId", reward, "quantity", 1, "deliveryAddress", "88 Century Avenue, 12F"),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                .json();
        String id = redeemed.get("id").asString();
        assertThat(redeemed.get("deliveryStatus").asString()).isEqualTo("PENDING");
        assertThat(staff.post("/api/v1/redemptions/" + id + "/ship", Map.of("carrier", "SF", "trackingNumber", "SF1"))
                        .status())
                .isEqualTo(409);

        assertThat(staff.post("/api/v1/redemptions/" + id + "/confirm", Map.of())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CONFIRMED");
        Api.Response badShip = staff.post("/api/v1/redemptions/" + id + "/ship", Map.of("carrier", ""));
        assertThat(badShip.fieldErrors()).contains("carrier", "trackingNumber");
        JsonNode shipped = staff.post(
                        "/api/v1/redemptions/" + id + "/ship",
                        Map.of("carrier", "SF Express", "trackingNumber", "SF123456789"))
                .json();
        assertThat(shipped.get("deliveryStatus").asString()).isEqualTo("SHIPPED");
        JsonNode delivered =
                staff.post("/api/v1/redemptions/" + id + "/deliver", Map.of()).json();
        assertThat(delivered.get("deliveryStatus").asString()).isEqualTo("DELIVERED");
        assertThat(delivered.get("status").asString()).isEqualTo("FULFILLED");

        JsonNode mine = member.api().get("/api/v1/me/redemptions/" + id).json();
        assertThat(mine.get("trackingNumber").asString()).isEqualTo("SF123456789");
        assertThat(Journey.balance(member.api())).isEqualTo(600);
    }

    @Test
    void aRentCreditLandsOnTheCompanyBillAndTheFinanceExport() {
        String reward = RewardsFixtures.create(
                admin,
                Api.map(
                        "name",
                        "Rent credit 88",
                        "category",
                        "Rent",
                        "kind",
                        "RENT_CREDIT",
                        "pointsPrice",
                        5_000,
                        "creditMinor",
                        8_800,
                        "stock",
                        5));
        RewardsFixtures.SignedIn loner = memberWith(10_000);
        Api.Response refused = RewardsFixtures.redeem(loner.api(), reward, 1);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("rewardId");

        RewardsFixtures.SignedIn employee = RewardsFixtures.register(port, "HUAXIA22", "Huaxia saver");
        RewardsFixtures.award(ledger, operatorId, employee.memberId(), 10_000);
        JsonNode redeemed = RewardsFixtures.redeem(employee.api(), reward, 1).json();
        String id = redeemed.get("id").asString();
        String enterpriseId = redeemed.get("enterpriseId").asString();
        JsonNode confirmed =
                staff.post("/api/v1/redemptions/" + id + "/confirm", Map.of()).json();
        assertThat(confirmed.get("status").asString()).isEqualTo("FULFILLED");

        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        JsonNode statement = staff.get("/api/v1/enterprises/" + enterpriseId + "/statements/" + month)
                .json();
        List<JsonNode> credits = statement
                .get("lines")
                .valueStream()
                .filter(line -> line.get("kind").asString().equals("CREDIT"))
                .filter(line -> line.get("reference").asString().equals("redemption:" + id))
                .toList();
        assertThat(credits).hasSize(1);
        assertThat(credits.get(0).get("amount").get("amountMinor").asLong()).isEqualTo(-8_800);
        String csv = staff.get("/api/v1/enterprises/" + enterpriseId + "/statements/" + month + "?format=csv")
                .body();
        assertThat(csv).contains("redemption:" + id).contains("-88.00");

        Api.Response export = staff.get("/api/v1/rent-credits/" + month + "?format=csv");
        assertThat(export.contentType()).startsWith("text/csv");
        assertThat(export.body()).contains("redemption:" + id).contains("88.00").contains("Huaxia Capital");
        assertThat(Journey.balance(employee.api())).isEqualTo(5_000);
    }

    @Test
    void aVoucherThatNamesNoCouponTemplateCannotBeConfirmedAndStaysReserved() {
        String reward = RewardsFixtures.create(
                admin,
                Api.map(
                        "name", "Voucher test",
                        "category", "Vouchers",
                        "kind", "VOUCHER",
                        "fulfilmentCode", "TEST-VOUCHER",
                        "pointsPrice", 100,
                        "stock", 5));
        RewardsFixtures.SignedIn member = memberWith(1_000);

        Api.Response redeemed = RewardsFixtures.redeem(member.api(), reward, 1);
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);
        String id = redeemed.json().get("id").asString();

        // Vouchers are coupons of the coupons module: a code that names no template undoes the confirmation.
        assertThat(staff.post("/api/v1/redemptions/" + id + "/confirm", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(staff.get("/api/v1/redemptions/" + id).json().get("status").asString())
                .isEqualTo("RESERVED");
        assertThat(stock(reward)).isEqualTo(4);
        assertThat(member.api()
                        .post("/api/v1/me/redemptions/" + id + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(stock(reward)).isEqualTo(5);
        assertThat(Journey.balance(member.api())).isEqualTo(1_000);
    }

    @Test
    void tooFewPointsIsRefusedAndTakesNoStock() {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Dear vase", 5_000, 3, null));
        RewardsFixtures.SignedIn member = memberWith(1_000);

        Api.Response refused = RewardsFixtures.redeem(member.api(), reward, 1);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("enough points");
        assertThat(stock(reward)).isEqualTo(3);
        assertThat(Journey.balance(member.api())).isEqualTo(1_000);
    }

    @Test
    void anUnconfirmedRedemptionExpiresAndGivesEverythingBack() {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Forgotten mug", 100, 2, null));
        RewardsFixtures.SignedIn member = memberWith(500);
        String id =
                RewardsFixtures.redeem(member.api(), reward, 1).json().get("id").asString();
        assertThat(Journey.balance(member.api())).isEqualTo(400);

        clock.pin(clock.instant().plus(Duration.ofDays(3)).plusSeconds(1));
        assertThat(redemptions.expireUnconfirmed(100)).isGreaterThanOrEqualTo(1);
        // Signed-in tokens age with the clock: look at the result in the present.
        clock.release();

        assertThat(member.api()
                        .get("/api/v1/me/redemptions/" + id)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("EXPIRED");
        assertThat(Journey.balance(member.api())).isEqualTo(500);
        assertThat(stock(reward)).isEqualTo(2);
    }

    @Test
    void theOperatorEditsRewardsAndStockWithFieldErrors() {
        Api.Response invalid = admin.post(
                "/api/v1/rewards",
                Api.map("name", "", "category", "Gifts", "kind", "GIFT", "pointsPrice", 0, "stock", -1));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.fieldErrors()).contains("name", "delivery", "pointsPrice", "stock");
        assertThat(staff.post("/api/v1/rewards", RewardsFixtures.gift("Staff gift", 1, 1, null))
                        .status())
                .isEqualTo(403);

        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Stocked cap", 100, 3, null));
        Api.Response below =
                admin.post("/api/v1/rewards/" + reward + "/stock-adjustments", Map.of("delta", -4, "reason", "Broken"));
        assertThat(below.status()).isEqualTo(400);
        assertThat(below.fieldErrors()).contains("delta");
        Api.Response added = admin.post(
                "/api/v1/rewards/" + reward + "/stock-adjustments",
                Map.of("delta", 7, "reason", "Delivery from supplier"));
        assertThat(added.json().get("stock").asInt()).isEqualTo(10);
        assertThat(admin.get("/api/v1/rewards/" + reward + "/stock-adjustments")
                        .json()
                        .get(0)
                        .get("reason")
                        .asString())
                .isEqualTo("Delivery from supplier");

        Map<String, Object> hidden = RewardsFixtures.gift("Stocked cap", 100, 0, null);
        hidden.put("active", false);
        assertThat(admin.put("/api/v1/rewards/" + reward, hidden)
                        .json()
                        .get("active")
                        .asBoolean())
                .isFalse();
        RewardsFixtures.SignedIn member = memberWith(1_000);
        assertThat(member.api().get("/api/v1/rewards/" + reward).status()).isEqualTo(404);
        assertThat(RewardsFixtures.redeem(member.api(), reward, 1).status()).isEqualTo(404);
    }

    @Test
    void membersFilterTheMall() {
        String cheap = RewardsFixtures.create(admin, RewardsFixtures.gift("Filter pen", 50, 5, null));
        String soldOut = RewardsFixtures.create(admin, RewardsFixtures.gift("Filter bag", 60, 0, null));
        RewardsFixtures.SignedIn member = memberWith(0);

        List<String> inStock = member.api()
                .get("/api/v1/rewards?category=Test%20gifts&maxPoints=60&inStock=true")
                .json()
                .findValuesAsString("id");
        assertThat(inStock).contains(cheap).doesNotContain(soldOut);
        List<String> rent =
                member.api().get("/api/v1/rewards?kind=RENT_CREDIT").json().findValuesAsString("id");
        assertThat(rent).doesNotContain(cheap);
        assertThat(member.api()
                        .get("/api/v1/rewards?kind=RENT_CREDIT")
                        .json()
                        .get(0)
                        .get("kind")
                        .asString())
                .isEqualTo("RENT_CREDIT");
    }

    @Test
    void anotherOperatorCanNeitherSeeNorTouchTheMall() {
        String reward = RewardsFixtures.create(admin, RewardsFixtures.gift("Private mug", 100, 5, null));
        RewardsFixtures.SignedIn member = memberWith(1_000);
        String id =
                RewardsFixtures.redeem(member.api(), reward, 1).json().get("id").asString();
        Api harborAdmin = Api.as(port, "mall-admin");
        Api harborMember = Api.as(port, "mall-member");

        assertThat(harborAdmin.get("/api/v1/rewards/" + reward).status()).isEqualTo(404);
        assertThat(harborAdmin.get("/api/v1/rewards").json().findValuesAsString("id"))
                .doesNotContain(reward);
        assertThat(harborAdmin
                        .post("/api/v1/rewards/" + reward + "/stock-adjustments", Map.of("delta", 5, "reason", "Steal"))
                        .status())
                .isEqualTo(404);
        assertThat(harborAdmin.get("/api/v1/redemptions/" + id).status()).isEqualTo(404);
        assertThat(harborAdmin
                        .post("/api/v1/redemptions/" + id + "/confirm", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(harborAdmin
                        .post("/api/v1/redemptions/" + id + "/cancel", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(harborMember.get("/api/v1/rewards/" + reward).status()).isEqualTo(404);
        assertThat(RewardsFixtures.redeem(harborMember, reward, 1).status()).isEqualTo(404);
        assertThat(harborMember.get("/api/v1/me/redemptions/" + id).status()).isEqualTo(404);
        Api.Response otherMember = RewardsFixtures.register(port, "TOWER88", "Nosy")
                .api()
                .post("/api/v1/me/redemptions/" + id + "/cancel", Map.of());
        assertThat(otherMember.status()).isEqualTo(404);
        assertThat(member.api()
                        .get("/api/v1/me/redemptions/" + id)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("RESERVED");
        assertThat(stock(reward)).isEqualTo(4);
    }
}
