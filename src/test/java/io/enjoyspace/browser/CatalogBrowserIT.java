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
import java.util.Map;
import java.util.UUID;
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
 * The catalog in headless Chromium: an admin gives an offering tiered prices and a company price and previews them;
 * a member of that company finds it by search and sees their price, step by step.
 */
@EnjoySpaceTest
class CatalogBrowserIT {

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
    void anAdminPricesAnOfferingInTiersAndAMemberSeesTheirCompanysPrice() throws IOException {
        String tag = "Brochures " + UUID.randomUUID().toString().substring(0, 8);
        Api admin = Api.as(port, "admin");
        String category = admin.post("/api/v1/catalog/categories", Map.of("name", tag, "kind", "OFFICE"))
                .json()
                .get("id")
                .asString();
        String offering = admin.post(
                        "/api/v1/catalog/offerings",
                        Map.of("categoryId", category, "name", tag + " printing", "priceMinor", 1_000))
                .json()
                .get("id")
                .asString();

        // 1. The admin switches the offering to tiered prices: the bracket fields appear, the list price goes.
        signIn("admin");
        open("/console/catalog");
        click(browser.findElement(By.linkText(tag + " printing")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("offering-title"), tag));
        assertThat(browser.findElement(By.id("brackets")).isDisplayed()).isFalse();
        new Select(browser.findElement(By.id("edit-strategy"))).selectByValue("TIERED");
        assertThat(browser.findElement(By.id("brackets")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("edit-price")).isDisplayed()).isFalse();
        browser.findElement(By.id("bracket-from-0")).sendKeys("1");
        browser.findElement(By.id("bracket-price-0")).sendKeys("10.00");
        browser.findElement(By.id("bracket-from-1")).sendKeys("1");
        browser.findElement(By.id("bracket-price-1")).sendKeys("8.00");
        click(browser.findElement(By.id("save-offering")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("offering-errors")));
        assertThat(browser.findElement(By.id("offering-errors")).getText())
                .contains("pricing.brackets[1].fromQuantity");

        WebElement from = browser.findElement(By.id("bracket-from-1"));
        from.clear();
        from.sendKeys("10");
        click(browser.findElement(By.id("save-offering")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("saved")));

        // 2. A negotiated price for the member's company, then the htmx preview shows it.
        new Select(browser.findElement(By.id("enterprise-price-company"))).selectByVisibleText("Lanting Technology");
        browser.findElement(By.id("enterprise-price-percent")).sendKeys("10");
        click(browser.findElement(By.id("enterprise-price-save")));
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("enterprise-prices"), "Lanting Technology"));

        WebElement quantity = browser.findElement(By.id("preview-quantity"));
        quantity.clear();
        quantity.sendKeys("12");
        new Select(browser.findElement(By.id("preview-enterprise"))).selectByVisibleText("Lanting Technology");
        click(browser.findElement(By.id("preview-submit")));
        // 9 × 10.00 + 3 × 8.00 = 114.00, 10 % off = 102.60
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("quote-total"), "¥102.60"));
        screenshot("console-offering-pricing");
        signOut();

        // 3. The member searches, opens it and sees their price with its steps.
        signIn("member");
        browser.findElement(By.id("search-q")).sendKeys(tag);
        click(browser.findElement(By.id("search-submit")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-count"), "1"));
        click(browser.findElement(By.partialLinkText(tag + " printing")));
        WebElement portalQuantity = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("quote-quantity")));
        portalQuantity.clear();
        portalQuantity.sendKeys("12");
        click(browser.findElement(By.id("quote-submit")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("quote-total"), "¥102.60"));
        assertThat(browser.findElement(By.id("quote-breakdown")).getText())
                .contains("9 × ¥10.00", "3 × ¥8.00", "Your company's price: 10% off");
        assertThat(browser.findElement(By.id("offering-price")).getText()).isEqualTo("¥10.00");
        screenshot("portal-offering-price");
        signOut();
        assertThat(offering).isNotBlank();
    }

    @Test
    void anAdminMovesACategoryButNeverBelowItself() {
        String tag = "Tree " + UUID.randomUUID().toString().substring(0, 8);
        Api admin = Api.as(port, "admin");
        String root = admin.post("/api/v1/catalog/categories", Map.of("name", tag + " root", "kind", "OFFICE"))
                .json()
                .get("id")
                .asString();
        admin.post("/api/v1/catalog/categories", Map.of("name", tag + " leaf", "parentId", root));

        signIn("admin");
        open("/console/catalog/categories/" + root);
        new Select(browser.findElement(By.id("edit-parent"))).selectByVisibleText("— " + tag + " leaf");
        click(browser.findElement(By.id("save-category")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#edit-parent.is-invalid")));
        assertThat(browser.getPageSource()).contains("cannot move below itself");
        signOut();
    }

    private void signIn(String username) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys("demo");
        click(browser.findElement(By.id("sign-in")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
    }

    private void signOut() {
        click(browser.findElement(By.id("logout")));
        wait.until(ExpectedConditions.urlContains("/login?logout"));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private static void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
