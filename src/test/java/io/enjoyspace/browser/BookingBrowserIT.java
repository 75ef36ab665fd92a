package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.booking.BookingFixtures;
import io.enjoyspace.booking.Resource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A member books a meeting room on the availability grid and cancels it, in headless Chromium. */
@EnjoySpaceTest
class BookingBrowserIT {

    static WebDriver browser;
    static WebDriverWait wait;
    static Path screenshots = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    BookingFixtures fixtures;

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
    void aMemberBooksAMeetingRoomOnTheGridAndCancelsIt() throws IOException {
        Resource room = fixtures.room("demo", "Browser room", 12_000);
        BookingFixtures.Person person = fixtures.person("demo", "Grid booker");
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3);

        signIn(person.username(), BookingFixtures.PASSWORD);
        click(browser.findElement(By.id("booking-link")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("grid-date")));
        open("/portal/booking?date=" + day);
        WebElement row =
                browser.findElement(By.cssSelector("#availability-grid tr[data-resource-id='" + room.id() + "']"));
        List<WebElement> free = row.findElements(By.cssSelector("td.slot-free a"));
        assertThat(free).isNotEmpty();
        // The ten o'clock slot (02:00 UTC).
        WebElement ten = free.stream()
                .filter(cell -> cell.getAttribute("data-starts-at").endsWith("T02:00:00Z"))
                .findFirst()
                .orElseThrow();
        screenshot("portal-booking-grid");
        click(ten);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("book-form")));
        assertThat(text("book-resource")).isEqualTo("Browser room");
        assertThat(text("book-start")).isEqualTo(day + " 10:00");
        new Select(browser.findElement(By.id("length"))).selectByValue("90");
        click(browser.findElement(By.id("book")));

        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("booked")))
                        .getText())
                .startsWith("Booked: reservation #");
        String id = text("booked").replaceAll("\\D", "");
        WebElement reservation = browser.findElement(By.id("reservation-" + id));
        assertThat(reservation
                        .findElement(By.cssSelector(".reservation-resource"))
                        .getText())
                .isEqualTo("Browser room");
        assertThat(reservation.findElement(By.cssSelector(".reservation-time")).getText())
                .isEqualTo(day + " 10:00–11:30");
        assertThat(reservation.findElement(By.cssSelector(".reservation-price")).getText())
                .isEqualTo("¥180.00");
        assertThat(reservation
                        .findElement(By.cssSelector(".reservation-status"))
                        .getText())
                .isEqualTo("Confirmed");

        // The grid now shows the time as taken.
        open("/portal/booking?date=" + day);
        WebElement after =
                browser.findElement(By.cssSelector("#availability-grid tr[data-resource-id='" + room.id() + "']"));
        assertThat(after.findElements(By.cssSelector("td.slot-free a")).stream()
                        .map(cell -> cell.getAttribute("data-starts-at"))
                        .filter(at -> at.endsWith("T02:00:00Z") || at.endsWith("T03:00:00Z")))
                .isEmpty();
        assertThat(after.findElements(By.cssSelector("td.slot-busy"))).isNotEmpty();

        open("/portal/reservations");
        WebElement cancel =
                browser.findElement(By.id("reservation-" + id)).findElement(By.cssSelector(".cancel-reservation"));
        assertThat(cancel.getText()).isEqualTo("Cancel (refund ¥180.00)");
        click(cancel);
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cancelled")))
                        .getText())
                .isEqualTo("Cancelled. Refund: ¥180.00 (100%).");
        assertThat(browser.findElement(By.id("reservation-" + id))
                        .findElement(By.cssSelector(".reservation-status"))
                        .getText())
                .isEqualTo("Cancelled");
        screenshot("portal-reservations");
    }

    @Test
    void theConsoleListsTheDaysReservationsWithTheOverrideReason() {
        Resource room = fixtures.room("demo", "Console room", 5_000);
        BookingFixtures.Person person = fixtures.person("demo", "Front desk guest");
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2);

        signIn("staff", "demo");
        open("/console/reservations?date=" + day);
        browser.findElement(By.id("behalf-mobile")).sendKeys(person.username());
        new Select(browser.findElement(By.id("behalf-resource"))).selectByVisibleText("Console room");
        setValue(browser.findElement(By.id("behalf-date")), day.toString());
        setValue(browser.findElement(By.id("behalf-time")), "09:00");
        WebElement minutes = browser.findElement(By.id("behalf-minutes"));
        minutes.clear();
        minutes.sendKeys("300");
        click(browser.findElement(By.id("book-on-behalf")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("errors")))
                        .getText())
                .contains("at most 240 minutes");

        open("/console/reservations?date=" + day);
        browser.findElement(By.id("behalf-mobile")).sendKeys(person.username());
        new Select(browser.findElement(By.id("behalf-resource"))).selectByVisibleText("Console room");
        setValue(browser.findElement(By.id("behalf-date")), day.toString());
        setValue(browser.findElement(By.id("behalf-time")), "09:00");
        WebElement again = browser.findElement(By.id("behalf-minutes"));
        again.clear();
        again.sendKeys("300");
        browser.findElement(By.id("behalf-override")).sendKeys("All-day workshop agreed by the manager");
        click(browser.findElement(By.id("book-on-behalf")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("booked")));
        assertThat(text("day-reservations"))
                .contains("Console room", "Front desk guest", "All-day workshop agreed by the manager");
        assertThat(room.id()).isPositive();
    }

    private void setValue(WebElement input, String value) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("arguments[0].value = arguments[1];", input, value);
    }

    private void signIn(String username, String password) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        click(browser.findElement(By.id("sign-in")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
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
