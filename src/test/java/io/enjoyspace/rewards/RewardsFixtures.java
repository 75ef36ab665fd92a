package io.enjoyspace.rewards;

import io.enjoyspace.Api;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Members and rewards for the mall tests: mobile numbers 1816xxxxxxx, used by no demo account and no other test. */
final class RewardsFixtures {

    private static final AtomicInteger sequence = new AtomicInteger();

    private RewardsFixtures() {}

    static String nextMobile() {
        return "1816%07d".formatted(sequence.incrementAndGet());
    }

    /** A member who signs in to the API: {@code code} is a company invitation code, or a site code for no company. */
    record SignedIn(Api api, long memberId, String mobile) {}

    static SignedIn register(int port, String code, String name) {
        String mobile = nextMobile();
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map("invitationCode", code, "name", name, "mobile", mobile, "password", "correct-horse"));
        if (registered.status() != 201) {
            throw new IllegalStateException("registration failed: " + registered);
        }
        Api api = Api.as(port, mobile, "correct-horse");
        return new SignedIn(api, api.get("/api/v1/me").json().get("memberId").asLong(), mobile);
    }

    static void award(PointsLedger ledger, long operatorId, long memberId, long points) {
        ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(memberId), points, null, "TEST", null, null));
    }

    static Map<String, Object> gift(String name, long points, int stock, Integer perMemberLimit) {
        return Api.map(
                "name",
                name,
                "description",
                "A test gift",
                "category",
                "Test gifts",
                "kind",
                "GIFT",
                "delivery",
                "PICKUP",
                "pickupLocation",
                "Service desk",
                "pointsPrice",
                points,
                "stock",
                stock,
                "perMemberLimit",
                perMemberLimit);
    }

    static String create(Api admin, Map<String, Object> reward) {
        Api.Response created = admin.post("/api/v1/rewards", reward);
        if (created.status() != 201) {
            throw new IllegalStateException("reward not created: " + created);
        }
        return created.json().get("id").asString();
    }

    static Api.Response redeem(Api member, String rewardId, int quantity) {
        return redeem(member, rewardId, quantity, UUID.randomUUID().toString());
    }

    static Api.Response redeem(Api member, String rewardId, int quantity, String key) {
        return member.post(
                "/api/v1/me/redemptions",
                Api.map("rewardId", rewardId, "quantity", quantity),
                Map.of("Idempotency-Key", key));
    }
}
