package io.enjoyspace.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class WalletApiIT {

    @LocalServerPort
    int port;

    Api staff;
    Api admin;
    WalletTestMembers.SignedIn member;

    @BeforeEach
    void aMemberOfTheDemoOperator() {
        staff = Api.as(port, "staff");
        admin = Api.as(port, "admin");
        member = WalletTestMembers.register(port, "HUAXIA22", "Wallet API");
    }

    private String path(String suffix) {
        return "/api/v1/members/" + member.memberId() + "/wallet" + suffix;
    }

    private static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    private Api.Response topUp(Api by, Object amountMinor, String note) {
        return by.post(
                path("/top-ups"),
                Api.map("amountMinor", amountMinor, "note", note),
                key(UUID.randomUUID().toString()));
    }

    @Test
    void staffTopUpAndTheMemberSeesTheBalanceAndHistory() {
        Api.Response first = topUp(staff, 20_000, "Cash at the desk");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("balanceMinor").asLong()).isEqualTo(20_000);
        assertThat(first.json().get("transaction").get("kind").asString()).isEqualTo("TOP_UP");
        topUp(staff, 5_050, null);

        JsonNode mine = member.api().get("/api/v1/me/wallet").json();
        assertThat(mine.get("balanceMinor").asLong()).isEqualTo(25_050);
        assertThat(mine.get("currency").asString()).isEqualTo("CNY");
        assertThat(mine.get("total").asLong()).isEqualTo(2);
        assertThat(mine.get("items").get(0).get("amountMinor").asLong()).isEqualTo(5_050);
        assertThat(mine.get("items").get(1).get("note").asString()).isEqualTo("Cash at the desk");
        assertThat(mine.get("items").get(1).get("balanceAfterMinor").asLong()).isEqualTo(20_000);

        JsonNode seenByStaff = staff.get(path("")).json();
        assertThat(seenByStaff.get("balanceMinor").asLong()).isEqualTo(25_050);
        assertThat(seenByStaff.get("items")).hasSize(2);
    }

    @Test
    void theMembersHistoryPagesAndFilters() {
        for (int i = 1; i <= 3; i++) {
            topUp(staff, i * 100, null);
        }
        admin.post(path("/adjustments"), Api.map("amountMinor", -50, "reason", "Counted twice"), key(uuid()));

        JsonNode page = member.api().get("/api/v1/me/wallet?size=2&page=1").json();
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("amountMinor").asLong()).isEqualTo(200);
        JsonNode adjustments =
                member.api().get("/api/v1/me/wallet?kind=ADJUSTMENT").json();
        assertThat(adjustments.get("total").asLong()).isEqualTo(1);
        assertThat(adjustments.get("items").get(0).get("note").asString()).isEqualTo("Counted twice");
        assertThat(member.api()
                        .get("/api/v1/me/wallet?days=1")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(4);
        assertThat(member.api().get("/api/v1/me/wallet?size=500").fieldErrors()).containsExactly("size");
        assertThat(member.api().get("/api/v1/me/wallet?kind=GIFT").fieldErrors())
                .containsExactly("kind");
    }

    @Test
    void aRetriedTopUpReturnsTheFirstResultAndADifferentBodyUnderTheKeyIsAConflict() {
        String key = uuid();
        Api.Response first = staff.post(path("/top-ups"), Api.map("amountMinor", 1_000, "note", "cash"), key(key));
        Api.Response retry = staff.post(path("/top-ups"), Api.map("amountMinor", 1_000, "note", "cash"), key(key));
        Api.Response different = staff.post(path("/top-ups"), Api.map("amountMinor", 2_000, "note", "cash"), key(key));

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(retry.json().get("transaction").get("id").asString())
                .isEqualTo(first.json().get("transaction").get("id").asString());
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(member.api()
                        .get("/api/v1/me/wallet")
                        .json()
                        .get("balanceMinor")
                        .asLong())
                .isEqualTo(1_000);
    }

    @Test
    void badAmountsAreRefusedNamingTheField() {
        assertThat(topUp(staff, 0, null).fieldErrors()).containsExactly("amountMinor");
        assertThat(topUp(staff, -5, null).fieldErrors()).containsExactly("amountMinor");
        assertThat(topUp(staff, MemberWallets.MAX_AMOUNT_MINOR + 1, null).fieldErrors())
                .containsExactly("amountMinor");
        assertThat(topUp(staff, "lots", null).fieldErrors()).containsExactly("amountMinor");
        assertThat(topUp(staff, null, null).fieldErrors()).containsExactly("amountMinor");
        assertThat(topUp(staff, 100, "x".repeat(501)).fieldErrors()).containsExactly("note");
        assertThat(staff.post(path("/top-ups"), Api.map("amountMinor", 100), Map.of())
                        .fieldErrors())
                .containsExactly("Idempotency-Key");
        assertThat(member.api().get("/api/v1/me/wallet").json().get("total").asLong())
                .isZero();
    }

    @Test
    void aMemberCannotTopUpAndStaffCannotAdjust() {
        assertThat(topUp(member.api(), 1_000, null).status()).isEqualTo(403);
        assertThat(member.api().get(path("")).status()).isEqualTo(403);
        assertThat(staff.post(path("/adjustments"), Api.map("amountMinor", 100, "reason", "goodwill"), key(uuid()))
                        .status())
                .isEqualTo(403);
        assertThat(staff.get("/api/v1/me/wallet").status()).isEqualTo(403);
    }

    @Test
    void adminsAdjustWithAReasonAndNeverBelowZero() {
        topUp(staff, 1_000, null);

        assertThat(admin.post(path("/adjustments"), Api.map("amountMinor", 100), key(uuid()))
                        .fieldErrors())
                .containsExactly("reason");
        assertThat(admin.post(path("/adjustments"), Api.map("amountMinor", 0, "reason", "nothing"), key(uuid()))
                        .fieldErrors())
                .containsExactly("amountMinor");
        Api.Response overdrawn =
                admin.post(path("/adjustments"), Api.map("amountMinor", -1_001, "reason", "typo"), key(uuid()));
        assertThat(overdrawn.status()).isEqualTo(409);
        Api.Response credited =
                admin.post(path("/adjustments"), Api.map("amountMinor", 250, "reason", "Goodwill"), key(uuid()));
        assertThat(credited.status()).isEqualTo(201);
        assertThat(credited.json().get("balanceMinor").asLong()).isEqualTo(1_250);
        Api.Response withdrawn =
                admin.post(path("/withdrawals"), Api.map("amountMinor", 1_250, "reason", "Moving out"), key(uuid()));
        assertThat(withdrawn.json().get("balanceMinor").asLong()).isZero();
    }

    @Test
    void anotherOperatorGetsNotFoundForThisOperatorsMemberWallet() {
        topUp(staff, 1_000, null);
        Api harbor = Api.as(port, "mall-admin");

        assertThat(harbor.get(path("")).status()).isEqualTo(404);
        Api.Response foreignTopUp = topUp(harbor, 1_000, null);
        assertThat(foreignTopUp.status()).isEqualTo(404);
        assertThat(foreignTopUp.contentType()).startsWith("application/problem+json");
        assertThat(harbor.post(path("/adjustments"), Api.map("amountMinor", -1_000, "reason", "steal"), key(uuid()))
                        .status())
                .isEqualTo(404);
        assertThat(staff.get("/api/v1/members/not-an-id/wallet").status()).isEqualTo(404);
        assertThat(member.api()
                        .get("/api/v1/me/wallet")
                        .json()
                        .get("balanceMinor")
                        .asLong())
                .isEqualTo(1_000);
    }

    @Test
    void theReportReconcilesTheLiabilityWithTheSystemAccountsAndCountsTopUpsPerDay() {
        JsonNode before = staff.get("/api/v1/wallet/report").json();
        topUp(staff, 1_234, null);
        JsonNode after = staff.get("/api/v1/wallet/report?days=3").json();

        assertThat(after.get("ok").asBoolean()).isTrue();
        assertThat(after.get("netMinor").asLong()).isZero();
        long liabilityBefore =
                before.get("reconciliation").get("liability").get("amountMinor").asLong();
        long liabilityAfter =
                after.get("reconciliation").get("liability").get("amountMinor").asLong();
        assertThat(liabilityAfter - liabilityBefore).isEqualTo(1_234);
        assertThat(after.get("days")).hasSize(3);
        JsonNode today = after.get("days").get(2);
        long todayBefore =
                before.get("days").get(13).get("toppedUp").get("amountMinor").asLong();
        assertThat(today.get("toppedUp").get("amountMinor").asLong() - todayBefore)
                .isEqualTo(1_234);
        assertThat(member.api().get("/api/v1/wallet/report").status()).isEqualTo(403);
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
