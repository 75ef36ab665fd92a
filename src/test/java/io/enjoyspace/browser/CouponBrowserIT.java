package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Coupons in headless Chromium: the operator creates a template (a missing amount shows beside its field) and grants
 * it to a member by mobile; the member sees it with its code and QR on a phone, claims another in the claim centre,
 * and the wallet reads in Chinese too.
 */
@EnjoySpaceTest
class CouponBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @LocalServerPort
    int port;

    @Test
    void theOperatorGrantsACouponAndTheMemberSeesItAndClaimsAnother() {
        String mobile = "1815" + "9" + "%06d".formatted(ProcessHandle.current().pid() % 1_000_000);
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "LANTING1",
                                "name",
                                "Coupon Browser",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registered.status()).isEqualTo(201);
        String name = "Browser coupon " + UUID.randomUUID().toString().substring(0, 6);

        // 1. The operator creates a template; a missing amount shows beside its field.
        chromium.signIn("admin", "demo");
        chromium.click(By.id("members-menu"));
        chromium.click(By.id("nav-coupons"));
        chromium.browser.findElement(By.id("coupon-name")).sendKeys(name);
        chromium.clickAndLoad(By.id("create-coupon"));
        assertThat(chromium.browser.findElement(By.id("coupon-amount")).getAttribute("class"))
                .contains("is-invalid");
        chromium.browser.findElement(By.id("coupon-amount")).sendKeys("12.50");
        WebElement stock = chromium.browser.findElement(By.id("coupon-stock"));
        stock.clear();
        stock.sendKeys("5");
        chromium.clickAndLoad(By.id("create-coupon"));
        assertThat(chromium.text("template-name")).isEqualTo(name);
        assertThat(chromium.text("template-summary")).contains("¥12.50 off");
        assertThat(chromium.text("template-issued")).isEqualTo("0 of 5");

        // 2. It is granted to the member by mobile number.
        chromium.browser.findElement(By.id("push-mobiles")).sendKeys(mobile);
        chromium.click(By.id("push-coupons"));
        assertThat(chromium.visible("push-result").getText()).startsWith("Coupons issued: 1.");
        assertThat(chromium.text("template-issued")).isEqualTo("1 of 5");
        assertThat(chromium.text("issued-coupons")).contains("Granted by staff");
        chromium.screenshot("console-coupon");
        chromium.signOut();

        // 3. The member sees it with its code and QR on a phone, and claims a demo coupon.
        chromium.resize(390, 844);
        try {
            chromium.signIn(mobile, "correct-horse");
            chromium.clickAndLoad(By.id("coupons-link"));
            List<WebElement> mine = chromium.all(By.cssSelector(".my-coupon"));
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).getText()).contains(name);
            assertThat(mine.get(0).findElement(By.cssSelector(".coupon-code")).getText())
                    .matches("[A-Z0-9]{12}");
            WebElement qr = mine.get(0).findElement(By.cssSelector(".coupon-qr"));
            Object width =
                    ((JavascriptExecutor) chromium.browser).executeScript("return arguments[0].naturalWidth", qr);
            assertThat(((Number) width).intValue()).isGreaterThan(0);

            WebElement offer = chromium.browser.findElements(By.cssSelector(".coupon-offer")).stream()
                    .filter(card -> card.getText().contains("满100减15"))
                    .findFirst()
                    .orElseThrow();
            chromium.click(offer.findElement(By.cssSelector("button.claim")));
            assertThat(chromium.visible("claimed").getText()).contains("满100减15");
            assertThat(chromium.browser.findElements(By.cssSelector(".my-coupon")))
                    .hasSize(2);
            chromium.screenshot("portal-coupons");
            chromium.open("/portal/coupons?lang=zh-CN");
            assertThat(chromium.text("coupons-link")).isEqualTo("优惠券");
            assertThat(chromium.browser
                            .findElement(By.cssSelector(".coupon-status"))
                            .getText())
                    .isEqualTo("可使用");
            chromium.open("/portal/coupons?lang=en");
            chromium.signOut();
        } finally {
            chromium.resize(1366, 1000);
        }
    }
}
