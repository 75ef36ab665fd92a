package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class ReferralIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private String nextMobile() {
        return "1230000%04d".formatted(mobiles.incrementAndGet());
    }

    private Api.Response register(String mobile, String invitationCode, String referralCode) {
        return Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode", invitationCode,
                                "name", "Referral test",
                                "mobile", mobile,
                                "password", "correct-horse",
                                "referralCode", referralCode));
    }

    private Api member(String invitationCode, String referralCode) {
        String mobile = nextMobile();
        Api.Response registered = register(mobile, invitationCode, referralCode);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return Api.as(port, mobile, "correct-horse");
    }

    private long balance(Api member) {
        return member.get("/api/v1/me/points").json().get("balance").asLong();
    }

    private void firstOrderCompleted(Api member) {
        String orderId = Journey.order(member, Journey.offeringId(member, "Courier pickup"), 1)
                .json()
                .get("id")
                .asString();
        Api.as(port, "staff").post("/api/v1/orders/" + orderId + "/complete", Map.of());
        Journey.awaitEventsDelivered(jdbc);
    }

    @Test
    void bothAreRewardedWhenTheRefereesFirstOrderIsCompletedAndOnlyThen() {
        Api referrer = member("TOWER88", null);
        JsonNode mine = referrer.get("/api/v1/me/referral").json();
        String code = mine.get("code").asString();
        assertThat(mine.get("link").asString()).endsWith("/register?ref=" + code);

        Api referee = member("HUAXIA22", code.toLowerCase());
        assertThat(referrer.get("/api/v1/me/referral").json().get("referred").findValuesAsString("status"))
                .containsExactly("PENDING");

        firstOrderCompleted(referee);
        assertThat(balance(referrer)).isEqualTo(100);
        assertThat(balance(referee)).isEqualTo(50 + 15);
        assertThat(referrer.get("/api/v1/me/referral").json().get("referred").findValuesAsString("status"))
                .containsExactly("QUALIFIED");

        firstOrderCompleted(referee);
        assertThat(balance(referrer)).isEqualTo(100);
    }

    @Test
    void colleaguesOfOneCompanyAreNotRewardedForReferringEachOther() {
        Api referrer = member("LANTING1", null);
        String code = referrer.get("/api/v1/me/referral").json().get("code").asString();
        Api colleague = member("LANTING1", code);

        firstOrderCompleted(colleague);

        assertThat(balance(referrer)).isZero();
        assertThat(referrer.get("/api/v1/me/referral").json().get("referred").findValuesAsString("status"))
                .containsExactly("BLOCKED");
    }

    @Test
    void anUnknownCodeIsAnErrorOnItsFieldAndRegistersNobody() {
        String mobile = nextMobile();

        assertThat(register(mobile, "TOWER88", "ZZZZZZZZ").fieldErrors()).containsExactly("referralCode");
        assertThat(register(mobile, "TOWER88", null).status()).isEqualTo(201);
    }

    @Test
    void theReferralLinkComesAsAQrCode() {
        Api.Response qr = member("TOWER88", null).get("/api/v1/me/referral/qr.svg");

        assertThat(qr.status()).isEqualTo(200);
        assertThat(qr.contentType()).startsWith("image/svg+xml");
        assertThat(qr.body()).startsWith("<svg").contains("<path d=\"M");
    }
}
