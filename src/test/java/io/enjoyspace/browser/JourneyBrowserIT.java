package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.insights.Dashboard;
import io.enjoyspace.shared.Formats;
import io.enjoyspace.tenancy.Operators;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
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
 * The first journey through the pages a person uses, in headless Chromium: the admin sets up a service, a member orders
 * it billed to the company, the front desk completes it, the member sees the points, the console counts it all.
 */
@EnjoySpaceTest
class JourneyBrowserIT {

    static WebDriver browser;
    static WebDriverWait wait;
    static Path screenshots = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    Dashboard dashboard;

    @Autowired
    Operators operators;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    Formats formats;

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
                // Bootstrap scrolls smoothly unless motion is reduced; a click must not land mid-scroll.
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
    void fromAServiceOrderToPointsToTheDashboard() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String categoryName = "Wellness " + suffix;
        String offeringName = "Desk massage " + suffix;

        // 1. The operator admin creates a category and an offering with a fixed price.
        signIn("admin");
        open("/console/catalog");
        browser.findElement(By.id("category-name")).sendKeys(categoryName);
        new Select(browser.findElement(By.id("category-kind"))).selectByValue("LIFESTYLE");
        click(browser.findElement(By.id("create-category")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("created"), categoryName));

        browser.findElement(By.id("offering-price")).sendKeys("-5");
        click(browser.findElement(By.id("create-offering")));
        assertThat(wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#offering-name.is-invalid"))))
                .isNotNull();
        assertThat(browser.findElement(By.cssSelector("#offering-price.is-invalid")))
                .isNotNull();

        new Select(browser.findElement(By.id("offering-category"))).selectByVisibleText(categoryName);
        browser.findElement(By.id("offering-name")).sendKeys(offeringName);
        browser.findElement(By.id("offering-description")).sendKeys("Twenty minutes at your desk");
        WebElement price = browser.findElement(By.id("offering-price"));
        price.clear();
        price.sendKeys("200.00");
        click(browser.findElement(By.id("create-offering")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("offerings"), offeringName));
        signOut();

        // 2. A member browses the catalog and orders it, billed to their company.
        signIn("member");
        assertThat(browser.getCurrentUrl()).endsWith("/portal");
        click(browser.findElement(By.linkText(categoryName)));
        click(browser.findElement(By.partialLinkText(offeringName)));
        assertThat(browser.findElement(By.id("offering-price")).getText()).isEqualTo("¥200.00");
        click(browser.findElement(By.id("place-order")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checkout-form")));
        assertThat(browser.findElement(By.id("checkout-total")).getText()).isEqualTo("¥200.00");
        assertThat(browser.findElement(By.id("pay-enterprise")).isSelected()).isTrue();
        click(browser.findElement(By.id("place-order")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("order-placed")));
        String orderNumber = browser.findElement(By.id("order-number")).getText();
        String orderId = orderNumber.replaceAll("\\D", "");
        assertThat(browser.findElement(By.id("order-status")).getText()).isEqualTo("Paid");
        assertThat(browser.findElement(By.id("order-total")).getText()).isEqualTo("¥200.00");
        open("/portal/points");
        long balanceBefore =
                Long.parseLong(browser.findElement(By.id("points-balance")).getText());
        signOut();

        // 3. The front desk marks the order completed, in place, without reloading the page.
        signIn("staff");
        open("/console/orders");
        By row = By.id("order-" + orderId);
        click(browser.findElement(row).findElement(By.cssSelector(".complete-order")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#order-" + orderId + " .order-status"), "Completed"));
        signOut();

        // 4. The member sees the points and the history line for the order.
        signIn("member");
        open("/portal/points");
        waitForText(By.id("points-balance"), Long.toString(balanceBefore + 200), "/portal/points");
        WebElement latest =
                browser.findElements(By.cssSelector("#points-history li")).get(0);
        assertThat(latest.findElement(By.cssSelector(".history-reason")).getText())
                .isEqualTo("Order #" + orderId);
        assertThat(latest.findElement(By.cssSelector(".history-points")).getText())
                .isEqualTo("+200");
        screenshot("portal-points");

        // … and gives ten of them to a colleague, found by mobile number.
        click(browser.findElement(By.cssSelector("#transfer summary")));
        browser.findElement(By.id("transfer-mobile")).sendKeys("13800000002");
        browser.findElement(By.id("transfer-points")).sendKeys("10");
        click(browser.findElement(By.id("send-points")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("transfer-done")));
        assertThat(text("points-balance")).isEqualTo(Long.toString(balanceBefore + 190));
        click(browser.findElement(By.cssSelector("#transfer summary")));
        browser.findElement(By.id("transfer-mobile")).sendKeys("10000000000");
        browser.findElement(By.id("transfer-points")).sendKeys("10");
        click(browser.findElement(By.id("send-points")));
        assertThat(wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#transfer-mobile.is-invalid"))))
                .isNotNull();
        click(browser.findElement(By.id("inbox-link")));
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notices"))))
                .isNotNull();
        assertThat(browser.findElements(By.id("inbox-unread"))).isEmpty();
        open("/portal/points");
        click(browser.findElement(By.id("checkin-link")));
        click(browser.findElement(By.id("check-in")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checkin-earned")))
                        .getText())
                .isEqualTo("Checked in: +5 points.");
        assertThat(text("streak")).isEqualTo("1");
        assertThat(browser.findElements(By.id("check-in"))).isEmpty();
        open("/portal/referral");
        assertThat(text("referral-code")).matches("[A-Z2-9]{8}");
        Object qrWidth = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.getElementById('referral-qr').naturalWidth;");
        assertThat(((Number) qrWidth).intValue()).isPositive();
        signOut();

        // 5. The console's home shows today's figures, as the database has them.
        signIn("admin");
        assertThat(browser.getCurrentUrl()).endsWith("/console");
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        Dashboard.DayFigures today = dashboard.today(operatorId);
        assertThat(today.orders()).isPositive();
        assertThat(today.pointsIssued()).isGreaterThanOrEqualTo(200);
        Journey.awaitEventsDelivered(jdbc);
        browser.navigate().refresh();
        assertThat(Long.parseLong(text("figure-orders")))
                .isEqualTo(dashboard.today(operatorId).orders());
        assertThat(Long.parseLong(text("figure-points")))
                .isEqualTo(dashboard.today(operatorId).pointsIssued());
        assertThat(Long.parseLong(text("figure-active")))
                .isEqualTo(dashboard.today(operatorId).activeMembers());
        assertThat(text("figure-gmv"))
                .isEqualTo(formats.money(dashboard.today(operatorId).gmv()));
        screenshot("console-dashboard");

        // The ledger page: balanced books, and one member's lines found by mobile number.
        open("/console/points");
        assertThat(text("reconciliation")).isEqualTo("Balanced");
        browser.findElement(By.id("search-mobile")).sendKeys("13800000001");
        click(browser.findElement(By.id("search")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("member-history"), "ORDER " + orderId));

        // The same console in Chinese, by the switch on the page.
        open("/console");
        click(browser.findElement(By.id("lang-zh")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav"), "数据看板"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("今日");
        screenshot("console-dashboard-zh");
        click(browser.findElement(By.id("lang-en")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav"), "Dashboard"));
        signOut();
    }

    @Test
    void anAdminAddsATenantWhoseEmployeeRegistersAndWhoseAdminSeesTheBill() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String company = "Xingchen Media " + suffix;
        String companyAdmin = "xc-admin-" + suffix;
        String mobile = "13512" + (100000 + Math.abs(suffix.hashCode() % 900000));

        // The operator admin adds the company with its lease; the form names each missing field.
        signIn("admin");
        open("/console/tenants");
        click(browser.findElement(By.id("create-enterprise")));
        assertThat(wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#enterprise-name.is-invalid"))))
                .isNotNull();
        assertThat(browser.findElements(By.cssSelector("#enterprise-form .is-invalid")))
                .hasSizeGreaterThanOrEqualTo(6);
        new Select(browser.findElement(By.id("enterprise-site"))).selectByIndex(1);
        browser.findElement(By.id("enterprise-name")).sendKeys(company);
        browser.findElement(By.id("enterprise-industry")).sendKeys("Media");
        browser.findElement(By.id("enterprise-headcount")).sendKeys("30");
        browser.findElement(By.id("enterprise-monthlyRent")).sendKeys("18000.00");
        setValue(browser.findElement(By.id("enterprise-leaseStartsOn")), "2026-01-01");
        setValue(browser.findElement(By.id("enterprise-leaseEndsOn")), "2028-12-31");
        click(browser.findElement(By.id("create-enterprise")));
        String created = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("created")))
                .getText();
        assertThat(created).startsWith(company);
        String code = created.replaceAll(".*invitation code ([A-Z0-9]+).*", "$1");
        assertThat(code).hasSize(8);

        // … and the company's admin account.
        open("/console/staff");
        browser.findElement(By.id("username")).sendKeys(companyAdmin);
        browser.findElement(By.id("displayName")).sendKeys("Xingchen HR");
        browser.findElement(By.id("staff-password")).sendKeys("correct-horse");
        new Select(browser.findElement(By.id("staff-role"))).selectByValue("ENTERPRISE_ADMIN");
        new Select(browser.findElement(By.id("staff-enterprise"))).selectByVisibleText(company);
        click(browser.findElement(By.id("create-staff")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("created"), companyAdmin));
        signOut();

        // An employee registers with the company's code and orders a courier pickup.
        open("/register?code=" + code);
        browser.findElement(By.id("name")).sendKeys("赵晨 Zhao Chen");
        browser.findElement(By.id("mobile")).sendKeys(mobile);
        browser.findElement(By.id("password")).sendKeys("correct-horse");
        click(browser.findElement(By.id("register")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("registered")));
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo(mobile);
        browser.findElement(By.id("password")).sendKeys("correct-horse");
        click(browser.findElement(By.id("sign-in")));
        wait.until(ExpectedConditions.urlContains("/portal"));
        click(browser.findElement(By.partialLinkText("Courier pickup")));
        click(browser.findElement(By.id("place-order")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("checkout-form")));
        click(browser.findElement(By.id("place-order")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("order-placed")));
        signOut();

        // The company's admin sees the employee, the order and this month's bill.
        signIn(companyAdmin, "correct-horse");
        assertThat(browser.getCurrentUrl()).endsWith("/enterprise");
        assertThat(text("enterprise-name")).isEqualTo(company);
        assertThat(text("employees")).contains("赵晨 Zhao Chen");
        assertThat(text("orders")).contains("¥15.00");
        assertThat(text("month-charges")).isEqualTo("¥15.00");

        // The operator funds the company's pool; its admin gives points out, one by one and from a CSV file.
        Api operatorAdmin = Api.as(port, "admin");
        String enterpriseId = operatorAdmin.get("/api/v1/enterprises").json().findParents("name").stream()
                .filter(node -> node.get("name").asString().equals(company))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        operatorAdmin.post(
                "/api/v1/points/adjustments",
                io.enjoyspace.Api.map("enterpriseId", enterpriseId, "points", 500, "reason", "Welcome pool"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        click(browser.findElement(By.id("pool-link")));
        assertThat(text("pool-balance")).isEqualTo("500");
        browser.findElement(By.id("allocate-mobile")).sendKeys(mobile);
        browser.findElement(By.id("allocate-points")).sendKeys("50");
        click(browser.findElement(By.id("allocate")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("allocated")));
        assertThat(text("pool-balance")).isEqualTo("450");
        assertThat(text("usage")).contains("赵晨 Zhao Chen");
        Path csv = Files.createTempFile("allocation", ".csv");
        Files.writeString(csv, "mobile,points\n" + mobile + ",25\n");
        browser.findElement(By.id("allocate-file"))
                .sendKeys(csv.toAbsolutePath().toString());
        click(browser.findElement(By.id("allocate-upload")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("allocated")));
        assertThat(text("pool-balance")).isEqualTo("425");
        browser.findElement(By.id("plan-mobile")).sendKeys(mobile);
        browser.findElement(By.id("plan-points")).sendKeys("100");
        click(browser.findElement(By.id("save-plan")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-saved")));
        assertThat(text("plans")).contains("赵晨 Zhao Chen", "100 a month");
        signOut();
    }

    @Test
    void theFrontDeskAdjustsPointsAboveItsLimitAndAnAdminApproves() {
        signIn("staff");
        open("/console/points?mobile=13800000003");
        long before = Long.parseLong(text("member-balance"));
        browser.findElement(By.id("adjust-points")).sendKeys("800");
        browser.findElement(By.id("adjust-reason")).sendKeys("Winner of the lobby quiz");
        click(browser.findElement(By.id("adjust")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("adjusted")))
                        .getText())
                .contains("waits for an admin");
        assertThat(browser.findElements(By.cssSelector("#pending-adjustments .approve")))
                .isEmpty();
        signOut();

        signIn("admin");
        open("/console/points?mobile=13800000003");
        List<WebElement> rows = browser.findElements(By.cssSelector("#pending-adjustments tr"));
        WebElement quiz = rows.stream()
                .filter(row -> row.getText().contains("Winner of the lobby quiz"))
                .findFirst()
                .orElseThrow();
        click(quiz.findElement(By.cssSelector(".approve")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("member-search")));
        open("/console/points?mobile=13800000003");
        assertThat(Long.parseLong(text("member-balance"))).isEqualTo(before + 800);
        signOut();
    }

    @Test
    void aMemberCannotOpenTheConsoleOrAnotherOperatorsOrder() {
        signIn("mall-member");
        open("/console");
        assertThat(browser.getPageSource()).doesNotContain("figure-orders");
        open("/portal/orders/1");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        open("/portal/offerings/1");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        signOut();
        signIn("mall-admin");
        open("/console/rules/1");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        signOut();
    }

    @Test
    void anAdminChecksARulesConditionAndSimulatesItBeforeSaving() throws IOException {
        String name = "Good review " + UUID.randomUUID().toString().substring(0, 8);
        signIn("admin");
        open("/console/rules");
        click(browser.findElement(By.id("new-rule")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rule-form")));
        browser.findElement(By.id("rule-name")).sendKeys(name);
        new Select(browser.findElement(By.id("rule-event-type"))).selectByValue("review.submitted");
        new Select(browser.findElement(By.id("rule-action"))).selectByValue("FIXED");
        browser.findElement(By.id("rule-points")).sendKeys("25");

        // The condition is checked as it is typed, with the position of the mistake.
        WebElement condition = browser.findElement(By.id("rule-condition"));
        condition.sendKeys("attributes.rating >");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("condition-problems")))
                        .getText())
                .contains("Line 1, column 20");
        condition.sendKeys("= 4");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("condition-ok")))
                        .getText())
                .isEqualTo("The condition is valid.");

        // The draft is simulated for a member and an event before anything is saved.
        browser.findElement(By.id("sim-mobile")).sendKeys("13800000001");
        browser.findElement(By.id("sim-attributes")).sendKeys("{\"rating\": 5}");
        click(browser.findElement(By.id("run-simulation")));
        WebElement verdicts = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("simulation-verdicts")));
        WebElement draftRow = verdicts.findElements(By.cssSelector("tbody tr")).stream()
                .filter(row -> row.getText().contains(name))
                .findFirst()
                .orElseThrow();
        assertThat(draftRow.getAttribute("data-outcome")).isEqualTo("AWARDED");
        assertThat(draftRow.getText()).contains("25");
        assertThat(jdbc.sql("select count(*) from rule where name = :name")
                        .param("name", name)
                        .query(Long.class)
                        .single())
                .isZero();

        // Saved paused, so that no other test's reviews earn under it.
        new Select(browser.findElement(By.id("rule-status"))).selectByValue("PAUSED");
        click(browser.findElement(By.id("save-rule")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rule-saved")));
        assertThat(text("versions")).contains("v1", "attributes.rating >= 4");
        screenshot("rule-editor");

        open("/console/campaigns");
        assertThat(browser.findElements(By.cssSelector("#calendar .calendar-campaign")).stream()
                        .map(WebElement::getText)
                        .toList())
                .contains("Community month");
        WebElement community = browser.findElements(By.cssSelector(".campaign-meter")).stream()
                .filter(meter -> meter.getText().contains("Community month"))
                .findFirst()
                .orElseThrow();
        assertThat(community.findElement(By.cssSelector(".meter-text")).getText())
                .contains("of 50,000 points awarded");
        signOut();
    }

    @Test
    void theFrontDeskRefundsPartOfACompletedOrder() {
        Api member = Api.as(port, "member");
        String orderId = Journey.order(member, Journey.offeringId(member, "Bottled water delivery"), 2)
                .json()
                .get("id")
                .asString();
        Api.as(port, "staff").post("/api/v1/orders/" + orderId + "/complete", Map.of());

        signIn("staff");
        open("/console/orders?status=COMPLETED");
        WebElement row = browser.findElement(By.id("order-" + orderId));
        click(row.findElement(By.cssSelector(".refund-order summary")));
        row.findElement(By.cssSelector(".refund-amount")).sendKeys("10.50");
        row.findElement(By.cssSelector(".refund-reason")).sendKeys("One bottle arrived damaged");
        click(row.findElement(By.cssSelector(".submit-refund")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("order-refunded")))
                        .getText())
                .contains("10.50", "#" + orderId);

        row = browser.findElement(By.id("order-" + orderId));
        click(row.findElement(By.cssSelector(".refund-order summary")));
        row.findElement(By.cssSelector(".refund-amount")).sendKeys("1000");
        row.findElement(By.cssSelector(".refund-reason")).sendKeys("Too much");
        click(row.findElement(By.cssSelector(".submit-refund")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("order-error")))
                        .getText())
                .isEqualTo("A refund is more than nothing and at most what is left to refund.");
        assertThat(jdbc.sql("select refunded_minor from service_order where id = :id")
                        .param("id", Long.parseLong(orderId))
                        .query(Long.class)
                        .single())
                .isEqualTo(1_050L);
        signOut();
    }

    @Test
    void aWrongPasswordIsShownOnTheSignInPage() {
        open("/login");
        browser.findElement(By.id("username")).sendKeys("staff");
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        click(browser.findElement(By.id("sign-in")));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")))
                        .getText())
                .isEqualTo("Wrong username or password.");
    }

    private void signIn(String username) {
        signIn(username, "demo");
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
        try {
            element.click();
        } catch (RuntimeException e) {
            try {
                File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
                Files.copy(shot.toPath(), screenshots.resolve("click-failed.png"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
            }
            throw e;
        }
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

    /** Points arrive a moment after completion; reload until they do, as a person would. */
    private void waitForText(By locator, String expected, String path) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .pollingEvery(Duration.ofMillis(500))
                .until(driver -> {
                    List<WebElement> found = driver.findElements(locator);
                    if (!found.isEmpty() && found.get(0).getText().equals(expected)) {
                        return true;
                    }
                    open(path);
                    return false;
                });
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
