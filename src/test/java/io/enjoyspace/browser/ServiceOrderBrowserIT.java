package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.ProviderSigner;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.providers.ProviderApiKeys;
import io.enjoyspace.providers.Providers;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A member orders the deep office cleaning, pays part of it with points at checkout, and the cleaning company accepts,
 * starts and completes it through its signed API; the member sees it done and rates it. Headless Chromium.
 */
@EnjoySpaceTest
class ServiceOrderBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Providers providers;

    @Autowired
    ProviderApiKeys keys;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aMemberPaysACleaningPartlyWithPointsAndTheProviderCompletesItThroughTheApi() {
        // A new Mofang employee with 5,000 points.
        String mobile =
                "1809" + String.format("%07d", Math.abs(UUID.randomUUID().hashCode()) % 10_000_000);
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode", "MOFANG33",
                                "name", "Cleaning customer",
                                "mobile", mobile,
                                "password", "correct-horse"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        long operatorId = jdbc.sql("select id from operator where code = 'demo'")
                .query(Long.class)
                .single();
        long memberId = jdbc.sql("select id from member where mobile = :mobile")
                .param("mobile", mobile)
                .query(Long.class)
                .single();
        ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(memberId), 5_000, "TEST", "TEST", "1"));
        Api member = Api.as(port, mobile, "correct-horse");
        String cleaning = Journey.offeringId(member, "Deep office cleaning");

        chromium.signIn(mobile, "correct-horse");
        chromium.open("/portal/offerings/" + cleaning);
        chromium.click(By.id("place-order"));
        chromium.visible("checkout-form");
        assertThat(chromium.text("checkout-total")).isEqualTo("¥680.00");
        WebElement points = chromium.browser.findElement(By.id("points-to-use"));
        points.clear();
        points.sendKeys("3000");
        assertThat(chromium.text("to-pay")).isEqualTo("¥650.00");
        assertThat(chromium.browser.findElement(By.id("pay-enterprise")).isSelected())
                .isTrue();
        chromium.screenshot("portal-checkout");
        chromium.click(By.id("place-order"));
        chromium.visible("order-placed");
        String orderId = chromium.text("order-number").replaceAll("\\D", "");
        assertThat(chromium.text("order-status")).isEqualTo("Paid");
        List<String> parts = chromium.browser.findElements(By.cssSelector(".payment-part")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(parts).anyMatch(part -> part.contains("3,000 points") && part.contains("¥30.00"));
        assertThat(parts).anyMatch(part -> part.contains("Enterprise billing") && part.contains("¥650.00"));
        assertThat(Journey.balance(member)).isEqualTo(2_000);

        // The cleaning company works the order through its signed API.
        long providerId = providers.list(operatorId).stream()
                .filter(provider -> provider.name().startsWith("洁净家"))
                .findFirst()
                .orElseThrow()
                .id();
        ProviderApiKeys.IssuedKey key = keys.issue(operatorId, providerId, "browser test");
        ProviderSigner signed = new ProviderSigner(port, key.key().keyId(), key.secret());
        for (String step : List.of("accept", "start", "complete")) {
            Api.Response moved = signed.post("/api/v1/provider/orders/" + orderId + "/" + step, "");
            assertThat(moved.status()).as(step + " " + moved).isEqualTo(200);
        }

        chromium.open("/portal/orders/" + orderId);
        assertThat(chromium.text("order-status")).isEqualTo("Completed");
        assertThat(chromium.text("order-steps")).contains("Accepted", "In service", "Completed");
        chromium.click(By.cssSelector("label[for='star-5']"));
        chromium.click(By.id("submit-rating"));
        chromium.visible("order-notice");
        assertThat(chromium.text("order-status")).isEqualTo("Rated");
        assertThat(chromium.text("order-rating")).startsWith("★★★★★");
        chromium.screenshot("portal-order-rated");
    }

    @Test
    void theFrontDeskOrdersForAWalkInMemberAndTheOrderRecordsItsChannel() {
        String mobile =
                "1809" + String.format("%07d", Math.abs(UUID.randomUUID().hashCode()) % 10_000_000);
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode", "MOFANG33",
                                "name", "Walk-in customer",
                                "mobile", mobile,
                                "password", "correct-horse"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

        chromium.signIn("staff");
        chromium.open("/console/orders");
        chromium.click(By.cssSelector("#front-desk summary"));
        chromium.browser.findElement(By.id("fd-mobile")).sendKeys("19000000000");
        chromium.click(By.id("fd-place"));
        assertThat(chromium.visible("order-error").getText()).contains("mobile number");

        chromium.click(By.cssSelector("#front-desk summary"));
        chromium.browser.findElement(By.id("fd-mobile")).sendKeys(mobile);
        new org.openqa.selenium.support.ui.Select(chromium.browser.findElement(By.id("fd-offering")))
                .selectByVisibleText("Afternoon coffee set · ¥120.00");
        chromium.click(By.id("fd-place"));
        assertThat(chromium.visible("step-done").getText()).isEqualTo("Order placed for the member.");
        assertThat(chromium.text("order-status")).isEqualTo("Paid");
        assertThat(chromium.browser.findElement(By.tagName("main")).getText())
                .contains("Walk-in customer", "Front desk");
        chromium.signOut();
    }
}
