package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.insights.Dashboard;
import io.enjoyspace.shared.Formats;
import io.enjoyspace.tenancy.Operators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
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

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

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

    @Test
    void fromAServiceOrderToPointsToTheDashboard() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String categoryName = "Wellness " + suffix;
        String offeringName = "Desk massage " + suffix;

        // 1. The operator admin creates a category and an offering with a fixed price.
        chromium.signIn("admin");
        chromium.open("/console/catalog");
        chromium.browser.findElement(By.id("category-name")).sendKeys(categoryName);
        new Select(chromium.browser.findElement(By.id("category-kind"))).selectByValue("LIFESTYLE");
        chromium.click(By.id("create-category"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("created"), categoryName));

        chromium.browser.findElement(By.id("offering-price")).sendKeys("-5");
        chromium.click(By.id("create-offering"));
        assertThat(chromium.wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#offering-name.is-invalid"))))
                .isNotNull();
        assertThat(chromium.browser.findElement(By.cssSelector("#offering-price.is-invalid")))
                .isNotNull();

        new Select(chromium.browser.findElement(By.id("offering-category"))).selectByVisibleText(categoryName);
        chromium.browser.findElement(By.id("offering-name")).sendKeys(offeringName);
        chromium.browser.findElement(By.id("offering-description")).sendKeys("Twenty minutes at your desk");
        WebElement price = chromium.browser.findElement(By.id("offering-price"));
        price.clear();
        price.sendKeys("200.00");
        chromium.click(By.id("create-offering"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("offerings"), offeringName));
        chromium.signOut();

        // 2. A member browses the catalog and orders it, billed to their company.
        chromium.signIn("member");
        assertThat(chromium.browser.getCurrentUrl()).endsWith("/portal");
        chromium.click(By.linkText(categoryName));
        chromium.click(By.partialLinkText(offeringName));
        assertThat(chromium.browser.findElement(By.id("offering-price")).getText())
                .isEqualTo("¥200.00");
        chromium.click(By.id("place-order"));
        chromium.visible("checkout-form");
        assertThat(chromium.browser.findElement(By.id("checkout-total")).getText())
                .isEqualTo("¥200.00");
        assertThat(chromium.browser.findElement(By.id("pay-enterprise")).isSelected())
                .isTrue();
        chromium.click(By.id("place-order"));
        chromium.visible("order-placed");
        String orderNumber = chromium.browser.findElement(By.id("order-number")).getText();
        String orderId = orderNumber.replaceAll("\\D", "");
        assertThat(chromium.browser.findElement(By.id("order-status")).getText())
                .isEqualTo("Paid");
        assertThat(chromium.browser.findElement(By.id("order-total")).getText()).isEqualTo("¥200.00");
        chromium.open("/portal/points");
        long balanceBefore = Long.parseLong(
                chromium.browser.findElement(By.id("points-balance")).getText());
        chromium.signOut();

        // 3. The front desk marks the order completed, in place, without reloading the page.
        chromium.signIn("staff");
        chromium.open("/console/orders");
        By row = By.id("order-" + orderId);
        chromium.click(chromium.browser.findElement(row).findElement(By.cssSelector(".complete-order")));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#order-" + orderId + " .order-status"), "Completed"));
        chromium.signOut();

        // 4. The member sees the points and the history line for the order.
        chromium.signIn("member");
        chromium.open("/portal/points");
        waitForText(By.id("points-balance"), Long.toString(balanceBefore + 200), "/portal/points");
        WebElement latest = chromium.browser
                .findElements(By.cssSelector("#points-history li"))
                .get(0);
        assertThat(latest.findElement(By.cssSelector(".history-reason")).getText())
                .isEqualTo("Order #" + orderId);
        assertThat(latest.findElement(By.cssSelector(".history-points")).getText())
                .isEqualTo("+200");
        chromium.screenshot("portal-points");

        // … and gives ten of them to a colleague, found by mobile number.
        chromium.click(By.cssSelector("#transfer summary"));
        chromium.browser.findElement(By.id("transfer-mobile")).sendKeys("13800000002");
        chromium.browser.findElement(By.id("transfer-points")).sendKeys("10");
        chromium.click(By.id("send-points"));
        chromium.visible("transfer-done");
        assertThat(chromium.text("points-balance")).isEqualTo(Long.toString(balanceBefore + 190));
        chromium.click(By.cssSelector("#transfer summary"));
        chromium.browser.findElement(By.id("transfer-mobile")).sendKeys("10000000000");
        chromium.browser.findElement(By.id("transfer-points")).sendKeys("10");
        chromium.click(By.id("send-points"));
        assertThat(chromium.wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#transfer-mobile.is-invalid"))))
                .isNotNull();
        chromium.click(By.id("inbox-link"));
        assertThat(chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notices"))))
                .isNotNull();
        assertThat(chromium.browser.findElements(By.id("inbox-unread"))).isEmpty();
        chromium.open("/portal/points");
        chromium.click(By.id("checkin-link"));
        chromium.click(By.id("check-in"));
        assertThat(chromium.visible("checkin-earned").getText()).isEqualTo("Checked in: +5 points.");
        assertThat(chromium.text("streak")).isEqualTo("1");
        assertThat(chromium.browser.findElements(By.id("check-in"))).isEmpty();
        chromium.open("/portal/referral");
        assertThat(chromium.text("referral-code")).matches("[A-Z2-9]{8}");
        Object qrWidth = ((org.openqa.selenium.JavascriptExecutor) chromium.browser)
                .executeScript("return document.getElementById('referral-qr').naturalWidth;");
        assertThat(((Number) qrWidth).intValue()).isPositive();
        chromium.signOut();

        // 5. The console's home shows today's figures, as the database has them.
        chromium.signIn("admin");
        assertThat(chromium.browser.getCurrentUrl()).endsWith("/console");
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        Dashboard.DayFigures today = dashboard.today(operatorId);
        assertThat(today.orders()).isPositive();
        assertThat(today.pointsIssued()).isGreaterThanOrEqualTo(200);
        Journey.awaitEventsDelivered(jdbc);
        chromium.browser.navigate().refresh();
        assertThat(Long.parseLong(chromium.text("figure-orders")))
                .isEqualTo(dashboard.today(operatorId).orders());
        assertThat(Long.parseLong(chromium.text("figure-points")))
                .isEqualTo(dashboard.today(operatorId).pointsIssued());
        assertThat(Long.parseLong(chromium.text("figure-active")))
                .isEqualTo(dashboard.today(operatorId).activeMembers());
        assertThat(chromium.text("figure-gmv"))
                .isEqualTo(formats.money(dashboard.today(operatorId).gmv()));
        chromium.screenshot("console-dashboard");

        // The ledger page: balanced books, and one member's lines found by mobile number.
        chromium.open("/console/points");
        assertThat(chromium.text("reconciliation")).isEqualTo("Balanced");
        chromium.browser.findElement(By.id("search-mobile")).sendKeys("13800000001");
        chromium.click(By.id("search"));
        chromium.wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("member-history"), "ORDER " + orderId));

        // The same console in Chinese, by the switch on the page.
        chromium.open("/console");
        chromium.click(By.id("lang-zh"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav"), "数据看板"));
        assertThat(chromium.browser.findElement(By.tagName("h1")).getText()).isEqualTo("今日");
        chromium.screenshot("console-dashboard-zh");
        chromium.click(By.id("lang-en"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav"), "Dashboard"));
        chromium.signOut();
    }

    @Test
    void anAdminAddsATenantWhoseEmployeeRegistersAndWhoseAdminSeesTheBill() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String company = "Xingchen Media " + suffix;
        String companyAdmin = "xc-admin-" + suffix;
        String mobile = "13512" + (100000 + Math.abs(suffix.hashCode() % 900000));

        // The operator admin adds the company with its lease; the form names each missing field.
        chromium.signIn("admin");
        chromium.open("/console/tenants");
        chromium.click(By.id("create-enterprise"));
        assertThat(chromium.wait.until(
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#enterprise-name.is-invalid"))))
                .isNotNull();
        assertThat(chromium.browser.findElements(By.cssSelector("#enterprise-form .is-invalid")))
                .hasSizeGreaterThanOrEqualTo(6);
        new Select(chromium.browser.findElement(By.id("enterprise-site"))).selectByIndex(1);
        chromium.browser.findElement(By.id("enterprise-name")).sendKeys(company);
        chromium.browser.findElement(By.id("enterprise-industry")).sendKeys("Media");
        chromium.browser.findElement(By.id("enterprise-headcount")).sendKeys("30");
        chromium.browser.findElement(By.id("enterprise-monthlyRent")).sendKeys("18000.00");
        chromium.setValue(chromium.browser.findElement(By.id("enterprise-leaseStartsOn")), "2026-01-01");
        chromium.setValue(chromium.browser.findElement(By.id("enterprise-leaseEndsOn")), "2028-12-31");
        chromium.click(By.id("create-enterprise"));
        String created = chromium.visible("created").getText();
        assertThat(created).startsWith(company);
        String code = created.replaceAll(".*invitation code ([A-Z0-9]+).*", "$1");
        assertThat(code).hasSize(8);

        // … and the company's admin account.
        chromium.open("/console/staff");
        chromium.browser.findElement(By.id("username")).sendKeys(companyAdmin);
        chromium.browser.findElement(By.id("displayName")).sendKeys("Xingchen HR");
        chromium.browser.findElement(By.id("staff-password")).sendKeys("correct-horse");
        new Select(chromium.browser.findElement(By.id("staff-role"))).selectByValue("ENTERPRISE_ADMIN");
        new Select(chromium.browser.findElement(By.id("staff-enterprise"))).selectByVisibleText(company);
        chromium.click(By.id("create-staff"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("created"), companyAdmin));
        chromium.signOut();

        // An employee registers with the company's code and orders a courier pickup.
        chromium.open("/register?code=" + code);
        chromium.browser.findElement(By.id("name")).sendKeys("赵晨 Zhao Chen");
        chromium.browser.findElement(By.id("mobile")).sendKeys(mobile);
        chromium.browser.findElement(By.id("password")).sendKeys("correct-horse");
        chromium.click(By.id("register"));
        chromium.visible("registered");
        assertThat(chromium.browser.findElement(By.id("username")).getAttribute("value"))
                .isEqualTo(mobile);
        chromium.browser.findElement(By.id("password")).sendKeys("correct-horse");
        chromium.click(By.id("sign-in"));
        chromium.wait.until(ExpectedConditions.urlContains("/portal"));
        chromium.click(By.partialLinkText("Courier pickup"));
        chromium.click(By.id("place-order"));
        chromium.visible("checkout-form");
        chromium.click(By.id("place-order"));
        chromium.visible("order-placed");
        chromium.signOut();

        // The company's admin sees the employee, the order and this month's bill.
        chromium.signIn(companyAdmin, "correct-horse");
        assertThat(chromium.browser.getCurrentUrl()).endsWith("/enterprise");
        assertThat(chromium.text("enterprise-name")).isEqualTo(company);
        assertThat(chromium.text("employees")).contains("赵晨 Zhao Chen");
        assertThat(chromium.text("orders")).contains("¥15.00");
        assertThat(chromium.text("month-charges")).isEqualTo("¥15.00");

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
        chromium.click(By.id("pool-link"));
        assertThat(chromium.text("pool-balance")).isEqualTo("500");
        chromium.browser.findElement(By.id("allocate-mobile")).sendKeys(mobile);
        chromium.browser.findElement(By.id("allocate-points")).sendKeys("50");
        chromium.click(By.id("allocate"));
        chromium.visible("allocated");
        assertThat(chromium.text("pool-balance")).isEqualTo("450");
        assertThat(chromium.text("usage")).contains("赵晨 Zhao Chen");
        Path csv = Files.createTempFile("allocation", ".csv");
        Files.writeString(csv, "mobile,points\n" + mobile + ",25\n");
        chromium.browser
                .findElement(By.id("allocate-file"))
                .sendKeys(csv.toAbsolutePath().toString());
        chromium.click(By.id("allocate-upload"));
        chromium.visible("allocated");
        assertThat(chromium.text("pool-balance")).isEqualTo("425");
        chromium.browser.findElement(By.id("plan-mobile")).sendKeys(mobile);
        chromium.browser.findElement(By.id("plan-points")).sendKeys("100");
        chromium.click(By.id("save-plan"));
        chromium.visible("plan-saved");
        assertThat(chromium.text("plans")).contains("赵晨 Zhao Chen", "100 a month");
        chromium.signOut();
    }

    @Test
    void theFrontDeskAdjustsPointsAboveItsLimitAndAnAdminApproves() {
        chromium.signIn("staff");
        chromium.open("/console/points?mobile=13800000003");
        long before = Long.parseLong(chromium.text("member-balance"));
        chromium.browser.findElement(By.id("adjust-points")).sendKeys("800");
        chromium.browser.findElement(By.id("adjust-reason")).sendKeys("Winner of the lobby quiz");
        chromium.click(By.id("adjust"));
        assertThat(chromium.visible("adjusted").getText()).contains("waits for an admin");
        assertThat(chromium.browser.findElements(By.cssSelector("#pending-adjustments .approve")))
                .isEmpty();
        chromium.signOut();

        chromium.signIn("admin");
        chromium.open("/console/points?mobile=13800000003");
        List<WebElement> rows = chromium.browser.findElements(By.cssSelector("#pending-adjustments tr"));
        WebElement quiz = rows.stream()
                .filter(row -> row.getText().contains("Winner of the lobby quiz"))
                .findFirst()
                .orElseThrow();
        chromium.click(quiz.findElement(By.cssSelector(".approve")));
        chromium.visible("member-search");
        chromium.open("/console/points?mobile=13800000003");
        assertThat(Long.parseLong(chromium.text("member-balance"))).isEqualTo(before + 800);
        chromium.signOut();
    }

    @Test
    void aMemberCannotOpenTheConsoleOrAnotherOperatorsOrder() {
        chromium.signIn("mall-member");
        chromium.open("/console");
        assertThat(chromium.browser.getPageSource()).doesNotContain("figure-orders");
        chromium.open("/portal/orders/1");
        assertThat(chromium.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        chromium.open("/portal/offerings/1");
        assertThat(chromium.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        chromium.signOut();
        chromium.signIn("mall-admin");
        chromium.open("/console/rules/1");
        assertThat(chromium.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        chromium.signOut();
    }

    @Test
    void anAdminChecksARulesConditionAndSimulatesItBeforeSaving() {
        String name = "Good review " + UUID.randomUUID().toString().substring(0, 8);
        chromium.signIn("admin");
        chromium.open("/console/rules");
        chromium.click(By.id("new-rule"));
        chromium.visible("rule-form");
        chromium.browser.findElement(By.id("rule-name")).sendKeys(name);
        new Select(chromium.browser.findElement(By.id("rule-event-type"))).selectByValue("review.submitted");
        new Select(chromium.browser.findElement(By.id("rule-action"))).selectByValue("FIXED");
        chromium.browser.findElement(By.id("rule-points")).sendKeys("25");

        // The condition is checked as it is typed, with the position of the mistake.
        WebElement condition = chromium.browser.findElement(By.id("rule-condition"));
        condition.sendKeys("attributes.rating >");
        assertThat(chromium.visible("condition-problems").getText()).contains("Line 1, column 20");
        condition.sendKeys("= 4");
        assertThat(chromium.visible("condition-ok").getText()).isEqualTo("The condition is valid.");

        // The draft is simulated for a member and an event before anything is saved.
        chromium.browser.findElement(By.id("sim-mobile")).sendKeys("13800000001");
        chromium.browser.findElement(By.id("sim-attributes")).sendKeys("{\"rating\": 5}");
        chromium.click(By.id("run-simulation"));
        WebElement verdicts = chromium.visible("simulation-verdicts");
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
        new Select(chromium.browser.findElement(By.id("rule-status"))).selectByValue("PAUSED");
        chromium.click(By.id("save-rule"));
        chromium.visible("rule-saved");
        assertThat(chromium.text("versions")).contains("v1", "attributes.rating >= 4");
        chromium.screenshot("rule-editor");

        chromium.open("/console/campaigns");
        assertThat(chromium.browser.findElements(By.cssSelector("#calendar .calendar-campaign")).stream()
                        .map(WebElement::getText)
                        .toList())
                .contains("Community month");
        WebElement community = chromium.browser.findElements(By.cssSelector(".campaign-meter")).stream()
                .filter(meter -> meter.getText().contains("Community month"))
                .findFirst()
                .orElseThrow();
        assertThat(community.findElement(By.cssSelector(".meter-text")).getText())
                .contains("of 50,000 points awarded");
        chromium.signOut();
    }

    @Test
    void theFrontDeskRefundsPartOfACompletedOrder() {
        Api member = Api.as(port, "member");
        String orderId = Journey.order(member, Journey.offeringId(member, "Bottled water delivery"), 2)
                .json()
                .get("id")
                .asString();
        Api.as(port, "staff").post("/api/v1/orders/" + orderId + "/complete", Map.of());

        chromium.signIn("staff");
        chromium.open("/console/orders?status=COMPLETED");
        WebElement row = chromium.browser.findElement(By.id("order-" + orderId));
        chromium.click(row.findElement(By.cssSelector(".refund-order summary")));
        row.findElement(By.cssSelector(".refund-amount")).sendKeys("10.50");
        row.findElement(By.cssSelector(".refund-reason")).sendKeys("One bottle arrived damaged");
        chromium.click(row.findElement(By.cssSelector(".submit-refund")));
        assertThat(chromium.visible("order-refunded").getText()).contains("10.50", "#" + orderId);

        row = chromium.browser.findElement(By.id("order-" + orderId));
        chromium.click(row.findElement(By.cssSelector(".refund-order summary")));
        row.findElement(By.cssSelector(".refund-amount")).sendKeys("1000");
        row.findElement(By.cssSelector(".refund-reason")).sendKeys("Too much");
        chromium.click(row.findElement(By.cssSelector(".submit-refund")));
        assertThat(chromium.visible("order-error").getText())
                .isEqualTo("A refund is more than nothing and at most what is left to refund.");
        assertThat(jdbc.sql("select refunded_minor from service_order where id = :id")
                        .param("id", Long.parseLong(orderId))
                        .query(Long.class)
                        .single())
                .isEqualTo(1_050L);
        chromium.signOut();
    }

    @Test
    void aWrongPasswordIsShownOnTheSignInPage() {
        chromium.open("/login");
        chromium.browser.findElement(By.id("username")).sendKeys("staff");
        chromium.browser.findElement(By.id("password")).sendKeys("not-the-password");
        chromium.click(By.id("sign-in"));
        assertThat(chromium.visible("login-error").getText()).isEqualTo("Wrong username or password.");
    }

    /** Points arrive a moment after completion; reload until they do, as a person would. */
    private void waitForText(By locator, String expected, String path) {
        new WebDriverWait(chromium.browser, Duration.ofSeconds(20))
                .pollingEvery(Duration.ofMillis(500))
                .until(driver -> {
                    List<WebElement> found = driver.findElements(locator);
                    if (!found.isEmpty() && found.get(0).getText().equals(expected)) {
                        return true;
                    }
                    chromium.open(path);
                    return false;
                });
    }
}
