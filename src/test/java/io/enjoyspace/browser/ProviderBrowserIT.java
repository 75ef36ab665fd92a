package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.providers.WebhookCourier;
import io.enjoyspace.providers.WebhookReceiver;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The provider journey in headless Chromium: the operator admin onboards a provider, gives it an account, a key and a
 * webhook endpoint and sends a test event; the provider signs in to its portal, sees its standing and the delivery,
 * and redelivers it.
 */
@EnjoySpaceTest
class ProviderBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @Autowired
    WebhookCourier courier;

    @Test
    void anOperatorOnboardsAProviderWhoseStaffSeeTheirWebhooksInThePortal() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "Bright Windows " + suffix;
        String username = "bright-" + suffix;

        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            // 1. The operator admin onboards the provider; a wrong commission is refused beside the field.
            chromium.signIn("admin", "demo");
            chromium.open("/console/providers");
            chromium.browser.findElement(By.id("provider-name")).sendKeys(name);
            chromium.browser.findElement(By.id("provider-legal-name")).sendKeys(name + " Ltd.");
            chromium.browser.findElement(By.id("provider-contact-name")).sendKeys("Wu Fang");
            chromium.browser.findElement(By.id("provider-contact-phone")).sendKeys("18130000001");
            WebElement commission = chromium.browser.findElement(By.id("provider-commission"));
            commission.clear();
            commission.sendKeys("120");
            new Select(chromium.browser.findElement(By.id("provider-certification"))).selectByValue("CERTIFIED");
            chromium.click(By.id("create-provider"));
            assertThat(chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("#provider-commission.is-invalid"))))
                    .isNotNull();

            commission = chromium.browser.findElement(By.id("provider-commission"));
            commission.clear();
            commission.sendKeys("12.5");
            chromium.click(By.id("create-provider"));
            assertThat(chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("#provider-certified-until.is-invalid"))))
                    .isNotNull();
            chromium.setValue(chromium.browser.findElement(By.id("provider-certified-until")), "2099-12-31");
            chromium.click(chromium.browser
                    .findElements(By.cssSelector("input[name=categoryIds]"))
                    .get(0));
            chromium.click(By.id("create-provider"));
            chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("saved"), name));
            assertThat(chromium.text("provider-name-title")).isEqualTo(name);
            assertThat(chromium.text("certification")).isEqualTo("Certified");

            // 2. An account, an API key (its secret shown once) and a webhook endpoint.
            chromium.browser.findElement(By.id("user-username")).sendKeys(username);
            chromium.browser.findElement(By.id("user-display-name")).sendKeys("Wu Fang");
            chromium.browser.findElement(By.id("user-password")).sendKeys("first-password");
            chromium.click(By.id("create-user"));
            chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-users"), username));

            chromium.browser.findElement(By.id("key-label")).sendKeys("ERP");
            chromium.click(By.id("issue-key"));
            chromium.visible("issued-secret");
            assertThat(chromium.text("issued-secret")).startsWith("sk_");

            chromium.browser.findElement(By.id("webhook-url-input")).sendKeys(receiver.url());
            chromium.click(By.id("save-webhook"));
            chromium.visible("webhook-secret-value");
            receiver.useSecret(chromium.text("webhook-secret-value"));
            chromium.click(By.id("send-ping"));
            chromium.visible("pinged");
            courier.deliverDue();
            assertThat(receiver.received()).singleElement().satisfies(received -> {
                assertThat(received.event()).isEqualTo("ping");
                assertThat(received.signatureValid()).isTrue();
            });
            signOut();

            // 3. The provider signs in, lands on its portal and sees the delivered ping.
            chromium.signIn(username, "first-password");
            assertThat(chromium.browser.getCurrentUrl()).endsWith("/provider");
            assertThat(chromium.text("provider-name-title")).isEqualTo(name);
            assertThat(chromium.text("commission")).isEqualTo("12.5 %");
            chromium.click(By.id("nav-provider-webhook"));
            chromium.visible("delivery-log");
            assertThat(chromium.browser
                            .findElement(By.cssSelector("#delivery-log .delivery-status"))
                            .getText())
                    .isEqualTo("Delivered");
            chromium.click(By.cssSelector("#delivery-log .redeliver"));
            chromium.visible("redelivered");
            courier.deliverDue();
            assertThat(receiver.received()).hasSize(2);
            chromium.screenshot("provider-webhook");

            // 4. The portal belongs to this provider only: the console is closed to it.
            chromium.open("/console/providers");
            assertThat(chromium.browser.getPageSource()).doesNotContain(name + " Ltd.");
            signOut();
        }
    }

    @Test
    void theDemoProviderSignsInToItsPortal() {
        chromium.signIn("provider", "demo");

        assertThat(chromium.browser.getCurrentUrl()).endsWith("/provider");
        assertThat(chromium.text("provider-name-title")).contains("CleanHome");
        assertThat(chromium.text("certification")).isEqualTo("Certified");
        signOut();
    }

    /** Signs out from a page that has the sign-out button: the provider portal, or the console for an admin. */
    private void signOut() {
        chromium.open("/provider");
        if (chromium.browser.findElements(By.id("logout")).isEmpty()) {
            chromium.open("/console");
        }
        chromium.signOut();
    }
}
