package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The catalog in headless Chromium: an admin gives an offering tiered prices and a company price and previews them;
 * a member of that company finds it by search and sees their price, step by step.
 */
@EnjoySpaceTest
class CatalogBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @LocalServerPort
    int port;

    @Test
    void anAdminPricesAnOfferingInTiersAndAMemberSeesTheirCompanysPrice() {
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
        chromium.signIn("admin");
        chromium.open("/console/catalog");
        chromium.click(By.linkText(tag + " printing"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("offering-title"), tag));
        assertThat(chromium.browser.findElement(By.id("brackets")).isDisplayed())
                .isFalse();
        new Select(chromium.browser.findElement(By.id("edit-strategy"))).selectByValue("TIERED");
        assertThat(chromium.browser.findElement(By.id("brackets")).isDisplayed())
                .isTrue();
        assertThat(chromium.browser.findElement(By.id("edit-price")).isDisplayed())
                .isFalse();
        chromium.browser.findElement(By.id("bracket-from-0")).sendKeys("1");
        chromium.browser.findElement(By.id("bracket-price-0")).sendKeys("10.00");
        chromium.browser.findElement(By.id("bracket-from-1")).sendKeys("1");
        chromium.browser.findElement(By.id("bracket-price-1")).sendKeys("8.00");
        chromium.click(By.id("save-offering"));
        chromium.visible("offering-errors");
        assertThat(chromium.browser.findElement(By.id("offering-errors")).getText())
                .contains("pricing.brackets[1].fromQuantity");

        WebElement from = chromium.browser.findElement(By.id("bracket-from-1"));
        from.clear();
        from.sendKeys("10");
        chromium.click(By.id("save-offering"));
        chromium.visible("saved");

        // 2. A negotiated price for the member's company, then the htmx preview shows it.
        new Select(chromium.browser.findElement(By.id("enterprise-price-company")))
                .selectByVisibleText("Lanting Technology");
        chromium.browser.findElement(By.id("enterprise-price-percent")).sendKeys("10");
        chromium.click(By.id("enterprise-price-save"));
        chromium.wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("enterprise-prices"), "Lanting Technology"));

        WebElement quantity = chromium.browser.findElement(By.id("preview-quantity"));
        quantity.clear();
        quantity.sendKeys("12");
        new Select(chromium.browser.findElement(By.id("preview-enterprise"))).selectByVisibleText("Lanting Technology");
        chromium.click(By.id("preview-submit"));
        // 9 × 10.00 + 3 × 8.00 = 114.00, 10 % off = 102.60
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("quote-total"), "¥102.60"));
        chromium.screenshot("console-offering-pricing");
        chromium.signOut();

        // 3. The member searches, opens it and sees their price with its steps.
        chromium.signIn("member");
        chromium.browser.findElement(By.id("search-q")).sendKeys(tag);
        chromium.click(By.id("search-submit"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-count"), "1"));
        chromium.click(By.partialLinkText(tag + " printing"));
        WebElement portalQuantity = chromium.visible("quote-quantity");
        portalQuantity.clear();
        portalQuantity.sendKeys("12");
        chromium.click(By.id("quote-submit"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("quote-total"), "¥102.60"));
        assertThat(chromium.browser.findElement(By.id("quote-breakdown")).getText())
                .contains("9 × ¥10.00", "3 × ¥8.00", "Your company's price: 10% off");
        assertThat(chromium.browser.findElement(By.id("offering-price")).getText())
                .isEqualTo("¥10.00");
        chromium.screenshot("portal-offering-price");
        chromium.signOut();
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

        chromium.signIn("admin");
        chromium.open("/console/catalog/categories/" + root);
        new Select(chromium.browser.findElement(By.id("edit-parent"))).selectByVisibleText("— " + tag + " leaf");
        chromium.click(By.id("save-category"));
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#edit-parent.is-invalid")));
        assertThat(chromium.browser.getPageSource()).contains("cannot move below itself");
        chromium.signOut();
    }
}
