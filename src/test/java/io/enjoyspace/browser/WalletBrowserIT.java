package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The wallet in headless Chromium: the front desk finds a member by mobile number, a mistyped amount shows beside its
 * field, a top-up shows in the balance and the history, and the member sees it on a phone-sized portal page, in
 * Chinese too.
 */
@EnjoySpaceTest
class WalletBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @LocalServerPort
    int port;

    @Test
    void theFrontDeskTopsUpAWalletAndTheMemberSeesIt() {
        String mobile = "1812" + "9" + "%06d".formatted(ProcessHandle.current().pid() % 1_000_000);
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "LANTING1",
                                "name",
                                "Wallet Browser",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registered.status()).isEqualTo(201);

        // 1. The front desk finds the member by mobile number and tops up.
        chromium.signIn("staff", "demo");
        chromium.click(By.id("members-menu"));
        chromium.click(By.id("nav-wallets"));
        chromium.browser.findElement(By.id("wallet-q")).sendKeys(mobile);
        chromium.clickAndLoad(By.id("wallet-search-go"));
        List<WebElement> rows = chromium.all(By.cssSelector("#wallet-results .wallet-open"));
        assertThat(rows).hasSize(1);
        chromium.click(rows.get(0));
        chromium.visible("wallet-member");
        assertThat(chromium.text("wallet-member-balance")).isEqualTo("¥0.00");
        chromium.browser.findElement(By.id("top-up-amount")).sendKeys("12.345");
        chromium.click(By.id("top-up-submit"));
        assertThat(chromium.visible("top-up-amount-error").getText())
                .isEqualTo("Enter an amount in yuan, with at most two decimals.");
        WebElement amount = chromium.browser.findElement(By.id("top-up-amount"));
        amount.clear();
        amount.sendKeys("88.50");
        chromium.browser.findElement(By.id("top-up-note")).sendKeys("Cash");
        chromium.click(By.id("top-up-submit"));
        assertThat(chromium.visible("wallet-topped-up").getText()).isEqualTo("Topped up ¥88.50.");
        assertThat(chromium.text("wallet-member-balance")).isEqualTo("¥88.50");
        List<WebElement> history = chromium.browser.findElements(By.cssSelector("#wallet-history tr td"));
        assertThat(history.get(1).getText()).isEqualTo("Top-up");
        assertThat(history.get(2).getText()).isEqualTo("Cash");
        assertThat(chromium.text("wallet-reconciliation")).isEqualTo("Balanced");
        // The page was reloaded after the post: sending the form again would be a new top-up with a new key, so the
        // balance only moves when someone submits again.
        chromium.screenshot("console-wallets");
        chromium.signOut();

        // 2. The member sees the balance and the line on a phone.
        chromium.resize(390, 844);
        try {
            chromium.signIn(mobile, "correct-horse");
            chromium.click(By.id("wallet-link"));
            assertThat(chromium.text("wallet-balance")).isEqualTo("¥88.50");
            WebElement line = chromium.browser
                    .findElements(By.cssSelector("#wallet-history li"))
                    .get(0);
            assertThat(line.findElement(By.cssSelector(".wallet-kind")).getText())
                    .isEqualTo("Top-up");
            assertThat(line.findElement(By.cssSelector(".wallet-amount")).getText())
                    .isEqualTo("+¥88.50");
            new Select(chromium.browser.findElement(By.id("wallet-kind"))).selectByValue("PAYMENT");
            chromium.visible("wallet-empty");
            assertThat(chromium.text("wallet-empty")).isEqualTo("Nothing here for this filter.");
            chromium.screenshot("portal-wallet");
            chromium.open("/portal/wallet?lang=zh-CN");
            assertThat(chromium.text("wallet-history")).contains("充值");
            chromium.open("/portal/wallet?lang=en");
            chromium.signOut();
        } finally {
            chromium.resize(1366, 1000);
        }
    }
}
