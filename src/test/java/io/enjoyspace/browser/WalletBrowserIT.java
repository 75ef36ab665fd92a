package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The wallet in headless Chromium: the front desk finds a member by mobile number, a mistyped amount shows beside its
 * field, a top-up shows in the balance and the history, and the member sees it on a phone-sized portal page, in
 * Chinese too.
 */
@EnjoySpaceTest
class WalletBrowserIT {

    static WebDriver browser;
    static WebDriverWait wait;
    static Path screenshots = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--force-prefers-reduced-motion",
                "--lang=en-US",
                "--window-size=1366,900",
                "--user-data-dir=" + Files.createTempDirectory("enjoyspace-chromium"));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1000));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(screenshots);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theFrontDeskTopsUpAWalletAndTheMemberSeesIt() throws IOException {
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
        signIn("staff", "demo");
        click(browser.findElement(By.id("nav-wallets")));
        browser.findElement(By.id("wallet-q")).sendKeys(mobile);
        click(browser.findElement(By.id("wallet-search-go")));
        List<WebElement> rows = browser.findElements(By.cssSelector("#wallet-results .wallet-open"));
        assertThat(rows).hasSize(1);
        click(rows.get(0));
        assertThat(text("wallet-member-balance")).isEqualTo("¥0.00");
        browser.findElement(By.id("top-up-amount")).sendKeys("12.345");
        click(browser.findElement(By.id("top-up-submit")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("top-up-amount-error")))
                        .getText())
                .isEqualTo("Enter an amount in yuan, with at most two decimals.");
        WebElement amount = browser.findElement(By.id("top-up-amount"));
        amount.clear();
        amount.sendKeys("88.50");
        browser.findElement(By.id("top-up-note")).sendKeys("Cash");
        click(browser.findElement(By.id("top-up-submit")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wallet-topped-up")))
                        .getText())
                .isEqualTo("Topped up ¥88.50.");
        assertThat(text("wallet-member-balance")).isEqualTo("¥88.50");
        List<WebElement> history = browser.findElements(By.cssSelector("#wallet-history tr td"));
        assertThat(history.get(1).getText()).isEqualTo("Top-up");
        assertThat(history.get(2).getText()).isEqualTo("Cash");
        assertThat(text("wallet-reconciliation")).isEqualTo("Balanced");
        // The page was reloaded after the post: sending the form again would be a new top-up with a new key, so the
        // balance only moves when someone submits again.
        screenshot("console-wallets");
        signOut();

        // 2. The member sees the balance and the line on a phone.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            signIn(mobile, "correct-horse");
            click(browser.findElement(By.id("wallet-link")));
            assertThat(text("wallet-balance")).isEqualTo("¥88.50");
            WebElement line =
                    browser.findElements(By.cssSelector("#wallet-history li")).get(0);
            assertThat(line.findElement(By.cssSelector(".wallet-kind")).getText())
                    .isEqualTo("Top-up");
            assertThat(line.findElement(By.cssSelector(".wallet-amount")).getText())
                    .isEqualTo("+¥88.50");
            new Select(browser.findElement(By.id("wallet-kind"))).selectByValue("PAYMENT");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wallet-empty")));
            assertThat(text("wallet-empty")).isEqualTo("Nothing here for this filter.");
            screenshot("portal-wallet");
            open("/portal/wallet?lang=zh-CN");
            assertThat(text("wallet-history")).contains("充值");
            open("/portal/wallet?lang=en");
            signOut();
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1000));
        }
    }

    private void signIn(String username, String password) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        click(browser.findElement(By.id("sign-in")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
    }

    private void signOut() {
        click(browser.findElement(By.id("logout")));
        wait.until(ExpectedConditions.urlContains("/login?logout"));
    }

    private static void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
