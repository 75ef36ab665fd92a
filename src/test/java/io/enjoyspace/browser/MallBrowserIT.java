package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.tenancy.Operators;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The points mall in headless Chromium on a phone-sized window: a member filters the mall, redeems a gift, sees the
 * points held and the stock go down, and gets a pickup code; the service desk hands the gift over against the code in
 * the fulfilment queue.
 */
@EnjoySpaceTest
class MallBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(414, 900);

    @LocalServerPort
    int port;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Operators operators;

    @Test
    void aMemberRedeemsAGiftAndTheDeskHandsItOver() {
        String mobile = "1816" + "9" + "%06d".formatted(ProcessHandle.current().pid() % 1_000_000);
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "TOWER88",
                                "name",
                                "Mall Browser",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registered.status()).isEqualTo(201);
        long memberId = Api.as(port, mobile, "correct-horse")
                .get("/api/v1/me")
                .json()
                .get("memberId")
                .asLong();
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(memberId), 2_000, null, "TEST", null, null));
        Api admin = Api.as(port, "admin");
        String reward = admin.post(
                        "/api/v1/rewards",
                        Api.map(
                                "name", "Browser umbrella",
                                "category", "Browser gifts",
                                "kind", "GIFT",
                                "delivery", "PICKUP",
                                "pickupLocation", "Service desk",
                                "pointsPrice", 700,
                                "stock", 3))
                .json()
                .get("id")
                .asString();

        // 1. The member filters the mall down to the category and opens the gift.
        chromium.signIn(mobile, "correct-horse");
        chromium.open("/portal/mall");
        assertThat(chromium.text("mall-balance")).isEqualTo("2000");
        chromium.browser
                .findElement(By.cssSelector("#mall-category option[value='Browser gifts']"))
                .click();
        chromium.clickAndLoad(By.id("mall-apply"));
        List<WebElement> shown = chromium.browser.findElements(By.cssSelector("#mall-rewards .mall-reward"));
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).getText()).contains("Browser umbrella").contains("3 left");
        chromium.click(shown.get(0));
        assertThat(chromium.text("reward-stock")).isEqualTo("3 left");

        // 2. Redeeming holds the points and takes one from the stock; the pickup code is shown.
        chromium.click(By.id("redeem-submit"));
        assertThat(chromium.visible("mine-redeemed").getText()).contains("Redeemed");
        assertThat(chromium.text("mine-balance")).contains("1,300");
        WebElement redemption = chromium.browser.findElement(By.cssSelector(".redemption"));
        assertThat(redemption.findElement(By.cssSelector(".redemption-status")).getText())
                .isEqualTo("Reserved");
        String code =
                redemption.findElement(By.cssSelector(".pickup-code-text")).getText();
        assertThat(code).matches("\\d{6}");
        chromium.screenshot("mall-redeemed");
        chromium.open("/portal/mall/rewards/" + reward);
        assertThat(chromium.text("reward-stock")).isEqualTo("2 left");
        assertThat(chromium.text("reward-balance")).contains("1,300");
        chromium.signOut();

        // 3. The service desk hands the gift over against the member's code.
        chromium.resize(1366, 1000);
        chromium.signIn("staff");
        chromium.click(By.id("members-menu"));
        chromium.click(By.id("nav-mall"));
        chromium.clickAndLoad(By.id("mall-fulfilment-link"));
        WebElement row = chromium.all(By.cssSelector("#fulfilment-table .fulfilment-row")).stream()
                .filter(r -> r.getText().contains("Browser umbrella"))
                .findFirst()
                .orElseThrow();
        String id = row.getAttribute("data-redemption-id");
        row.findElement(By.cssSelector(".fulfilment-code")).sendKeys("x" + code);
        chromium.click(row.findElement(By.cssSelector(".fulfilment-pickup")));
        WebElement refused = chromium.browser.findElement(
                By.cssSelector("#fulfilment-table tr[data-redemption-id='" + id + "'] .fulfilment-error"));
        assertThat(refused.getText()).isEqualTo("The pickup code does not match.");
        row = chromium.browser.findElement(By.cssSelector("#fulfilment-table tr[data-redemption-id='" + id + "']"));
        row.findElement(By.cssSelector(".fulfilment-code")).sendKeys(code);
        chromium.click(row.findElement(By.cssSelector(".fulfilment-pickup")));
        assertThat(chromium.visible("fulfilment-done").getText()).isEqualTo("Handed over.");
        assertThat(chromium.browser.findElements(
                        By.cssSelector("#fulfilment-table tr[data-redemption-id='" + id + "']")))
                .isEmpty();
        chromium.signOut();

        // 4. The member sees the gift fulfilled, in Chinese too.
        chromium.resize(414, 900);
        chromium.signIn(mobile, "correct-horse");
        chromium.open("/portal/mall/redemptions?lang=zh-CN");
        assertThat(chromium.browser
                        .findElement(By.cssSelector(".redemption .redemption-status"))
                        .getText())
                .isEqualTo("已完成");
        assertThat(chromium.text("mine-balance")).contains("1,300");
    }
}
