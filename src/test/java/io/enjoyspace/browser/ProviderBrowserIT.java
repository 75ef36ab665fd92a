package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.providers.WebhookCourier;
import io.enjoyspace.providers.WebhookReceiver;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The provider journey in headless Chromium: the operator admin onboards a provider, gives it an account, a key and a
 * webhook endpoint and sends a test event; the provider signs in to its portal, sees its standing and the delivery,
 * and redelivers it.
 */
@EnjoySpaceTest
class ProviderBrowserIT {

    static WebDriver browser;
    static WebDriverWait wait;
    static Path screenshots = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    WebhookCourier courier;

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
    void anOperatorOnboardsAProviderWhoseStaffSeeTheirWebhooksInThePortal() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "Bright Windows " + suffix;
        String username = "bright-" + suffix;

        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            // 1. The operator admin onboards the provider; a wrong commission is refused beside the field.
            signIn("admin", "demo");
            open("/console/providers");
            browser.findElement(By.id("provider-name")).sendKeys(name);
            browser.findElement(By.id("provider-legal-name")).sendKeys(name + " Ltd.");
            browser.findElement(By.id("provider-contact-name")).sendKeys("Wu Fang");
            browser.findElement(By.id("provider-contact-phone")).sendKeys("18130000001");
            WebElement commission = browser.findElement(By.id("provider-commission"));
            commission.clear();
            commission.sendKeys("120");
            new Select(browser.findElement(By.id("provider-certification"))).selectByValue("CERTIFIED");
            click(browser.findElement(By.id("create-provider")));
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("#provider-commission.is-invalid"))))
                    .isNotNull();

            commission = browser.findElement(By.id("provider-commission"));
            commission.clear();
            commission.sendKeys("12.5");
            click(browser.findElement(By.id("create-provider")));
            assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("#provider-certified-until.is-invalid"))))
                    .isNotNull();
            setValue(browser.findElement(By.id("provider-certified-until")), "2099-12-31");
            click(browser.findElements(By.cssSelector("input[name=categoryIds]"))
                    .get(0));
            click(browser.findElement(By.id("create-provider")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("saved"), name));
            assertThat(text("provider-name-title")).isEqualTo(name);
            assertThat(text("certification")).isEqualTo("Certified");

            // 2. An account, an API key (its secret shown once) and a webhook endpoint.
            browser.findElement(By.id("user-username")).sendKeys(username);
            browser.findElement(By.id("user-display-name")).sendKeys("Wu Fang");
            browser.findElement(By.id("user-password")).sendKeys("first-password");
            click(browser.findElement(By.id("create-user")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-users"), username));

            browser.findElement(By.id("key-label")).sendKeys("ERP");
            click(browser.findElement(By.id("issue-key")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued-secret")));
            assertThat(text("issued-secret")).startsWith("sk_");

            browser.findElement(By.id("webhook-url-input")).sendKeys(receiver.url());
            click(browser.findElement(By.id("save-webhook")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-secret-value")));
            receiver.useSecret(text("webhook-secret-value"));
            click(browser.findElement(By.id("send-ping")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pinged")));
            courier.deliverDue();
            assertThat(receiver.received()).singleElement().satisfies(received -> {
                assertThat(received.event()).isEqualTo("ping");
                assertThat(received.signatureValid()).isTrue();
            });
            signOut();

            // 3. The provider signs in, lands on its portal and sees the delivered ping.
            signIn(username, "first-password");
            assertThat(browser.getCurrentUrl()).endsWith("/provider");
            assertThat(text("provider-name-title")).isEqualTo(name);
            assertThat(text("commission")).isEqualTo("12.5 %");
            click(browser.findElement(By.id("nav-provider-webhook")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delivery-log")));
            assertThat(browser.findElement(By.cssSelector("#delivery-log .delivery-status"))
                            .getText())
                    .isEqualTo("Delivered");
            click(browser.findElement(By.cssSelector("#delivery-log .redeliver")));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("redelivered")));
            courier.deliverDue();
            assertThat(receiver.received()).hasSize(2);
            screenshot("provider-webhook");

            // 4. The portal belongs to this provider only: the console is closed to it.
            open("/console/providers");
            assertThat(browser.getPageSource()).doesNotContain(name + " Ltd.");
            signOut();
        }
    }

    @Test
    void theDemoProviderSignsInToItsPortal() {
        signIn("provider", "demo");

        assertThat(browser.getCurrentUrl()).endsWith("/provider");
        assertThat(text("provider-name-title")).contains("CleanHome");
        assertThat(text("certification")).isEqualTo("Certified");
        signOut();
    }

    private void signIn(String username, String password) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        click(browser.findElement(By.id("sign-in")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
    }

    private void signOut() {
        open("/provider");
        if (browser.findElements(By.id("logout")).isEmpty()) {
            open("/console");
        }
        click(browser.findElement(By.id("logout")));
        wait.until(ExpectedConditions.urlContains("/login?logout"));
    }

    private static void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    private static void setValue(WebElement input, String value) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].value = arguments[1];", input, value);
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
