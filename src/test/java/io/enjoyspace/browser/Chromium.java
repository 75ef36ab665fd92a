package io.enjoyspace.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A headless Chromium for browser tests, with the few moves every journey makes. Registered on a test class as a static
 * extension, it starts once, before the class's first test, on the port of the application under test, and quits
 * after the last.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {

    private static final Path screenshots = Path.of("target", "screenshots");

    private final Dimension windowSize;
    WebDriver browser;
    WebDriverWait wait;
    private int port;

    /** A window of the launch size, 1366 by 900. */
    Chromium() {
        this(null);
    }

    private Chromium(Dimension windowSize) {
        this.windowSize = windowSize;
    }

    /** A window resized to the given size once launched. */
    static Chromium withWindow(int width, int height) {
        return new Chromium(new Dimension(width, height));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        port = SpringExtension.getApplicationContext(context)
                .getEnvironment()
                .getRequiredProperty("local.server.port", Integer.class);
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
                // Bootstrap scrolls smoothly unless motion is reduced; a click must not land mid-scroll.
                "--force-prefers-reduced-motion",
                "--lang=en-US",
                "--window-size=1366,900",
                "--user-data-dir=" + Files.createTempDirectory("enjoyspace-chromium"));
        Files.createDirectories(screenshots);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .build();
        browser = new ChromeDriver(service, options);
        if (windowSize != null) {
            resize(windowSize.getWidth(), windowSize.getHeight());
        }
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // A page replaced while a wait polls it is polled again: the element is looked up afresh.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.quit();
        }
    }

    void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    /** Signs in with the demo data's password. */
    void signIn(String username) {
        signIn(username, "demo");
    }

    /**
     * Signs in from a fresh session: an earlier test's sign-in must not make the wait below pass on the old page before
     * the new one has loaded.
     */
    void signIn(String username, String password) {
        open("/login");
        browser.manage().deleteAllCookies();
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        click(By.id("sign-in"));
        wait.until(ExpectedConditions.and(
                ExpectedConditions.not(ExpectedConditions.urlContains("/login")),
                ExpectedConditions.presenceOfElementLocated(By.id("logout"))));
    }

    void signOut() {
        click(By.id("logout"));
        wait.until(ExpectedConditions.urlContains("/login?logout"));
    }

    /**
     * Clicks the element once the page shows it (a page still loading is waited for, up to the usual timeout). An
     * element that a page being replaced took away before the click reached it is found again on the new page.
     */
    void click(By locator) {
        wait.until(driver -> {
            WebElement element =
                    ExpectedConditions.elementToBeClickable(locator).apply(driver);
            if (element == null) {
                return null;
            }
            try {
                click(element);
            } catch (StaleElementReferenceException gone) {
                return null;
            } catch (WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return null;
                }
                throw e;
            }
            return Boolean.TRUE;
        });
    }

    /**
     * Clicks a link or submit button and waits until the page it leaves has gone, so what is read next comes from the
     * page it loads.
     */
    void clickAndLoad(By locator) {
        WebElement page = browser.findElement(By.tagName("html"));
        click(locator);
        wait.until(ExpectedConditions.stalenessOf(page));
    }

    /** The elements once at least one is on the page (waited for, up to the usual timeout). */
    List<WebElement> all(By locator) {
        return wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(locator));
    }

    /** Scrolls the element to the middle first; a failed click leaves click-failed.png behind to show why. */
    void click(WebElement element) {
        ((JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        try {
            element.click();
        } catch (RuntimeException e) {
            try {
                screenshot("click-failed");
            } catch (RuntimeException ignored) {
                // The click's failure is the one to report.
            }
            throw e;
        }
    }

    /** Sets an input's value by script, as the forms' date and time inputs need. */
    void setValue(WebElement input, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", input, value);
    }

    void resize(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
    }

    /** The element's text once the page has it, read again if the page was replaced meanwhile. */
    String text(String id) {
        return wait.until(driver -> driver.findElement(By.id(id)).getText());
    }

    WebElement visible(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
