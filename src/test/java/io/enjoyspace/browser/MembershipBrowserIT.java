package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.membership.MembershipWorlds;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Membership in headless Chromium: the operator builds a tier ladder (a threshold out of order shows beside its field),
 * adds a plan of meeting-room time and grants a member promotional minutes; the member sees the tier card, the way to
 * the next tier and the allowance meters on a phone, in Chinese too.
 */
@EnjoySpaceTest
class MembershipBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @LocalServerPort
    int port;

    @Autowired
    MembershipWorlds worlds;

    /** Submits a form and waits until the next page has replaced this one, so nothing is read from the old page. */
    private static void submit(String buttonId) {
        chromium.clickAndLoad(By.id(buttonId));
    }

    private void addTier(String rank, String code, String name, String threshold) {
        chromium.setValue(chromium.browser.findElement(By.id("tier-rank")), rank);
        chromium.setValue(chromium.browser.findElement(By.id("tier-code")), code);
        chromium.setValue(chromium.browser.findElement(By.id("tier-name")), name);
        chromium.setValue(chromium.browser.findElement(By.id("tier-threshold")), threshold);
        submit("tier-add");
    }

    @Test
    void theOperatorBuildsTiersAndAllowancesAndTheMemberSeesThem() {
        MembershipWorlds.World world = worlds.create();
        long member = worlds.member(world, world.enterpriseId());
        String memberUser = worlds.memberUser(world, member, world.enterpriseId());

        // 1. Tiers: a ladder, with a mistake shown beside its field.
        chromium.signIn(world.admin(), "demo");
        chromium.open("/console/tiers");
        assertThat(chromium.text("no-tiers")).contains("No tiers yet");
        addTier("0", "STANDARD", "Standard", "0");
        addTier("1", "SILVER", "Silver", "3");
        addTier("2", "GOLD", "Gold", "2");
        assertThat(chromium.visible("threshold-error").getText())
                .isEqualTo("A higher level needs a higher threshold than every lower one.");
        addTier("2", "GOLD", "Gold", "8");
        assertThat(chromium.visible("saved").getText()).isEqualTo("Saved.");
        assertThat(chromium.browser.findElements(By.cssSelector("#tiers tbody tr")))
                .extracting(row -> row.getAttribute("id"))
                .containsExactly("tier-STANDARD", "tier-SILVER", "tier-GOLD");
        chromium.screenshot("console-tiers");

        // 2. A plan of meeting-room time for Silver, and promotional minutes for the member.
        chromium.open("/console/allowances");
        chromium.setValue(chromium.browser.findElement(By.id("plan-name")), "Meeting-room time");
        new Select(chromium.browser.findElement(By.id("plan-unit"))).selectByValue("MINUTES");
        chromium.setValue(chromium.browser.findElement(By.id("plan-quantity")), "300");
        new Select(chromium.browser.findElement(By.id("plan-types"))).selectByValue("MEETING_ROOM");
        new Select(chromium.browser.findElement(By.id("plan-tier"))).selectByVisibleText("Silver (Member tiers)");
        submit("plan-add");
        assertThat(chromium.text("plans")).contains("Meeting-room time", "300 minutes", "Meeting room", "Silver");

        String mobile = members.find(world.operatorId(), member).orElseThrow().mobile();
        chromium.setValue(chromium.browser.findElement(By.id("grant-mobile")), mobile);
        new Select(chromium.browser.findElement(By.id("grant-source"))).selectByValue("PROMOTION");
        new Select(chromium.browser.findElement(By.id("grant-unit"))).selectByValue("MINUTES");
        chromium.setValue(chromium.browser.findElement(By.id("grant-quantity")), "90");
        new Select(chromium.browser.findElement(By.id("grant-types"))).selectByValue("MEETING_ROOM");
        chromium.setValue(chromium.browser.findElement(By.id("grant-label")), "Welcome minutes");
        submit("grant-submit");
        assertThat(chromium.visible("errors").getText()).contains("The end must be in the future");
        chromium.setValue(chromium.browser.findElement(By.id("grant-mobile")), mobile);
        new Select(chromium.browser.findElement(By.id("grant-source"))).selectByValue("PROMOTION");
        new Select(chromium.browser.findElement(By.id("grant-unit"))).selectByValue("MINUTES");
        chromium.setValue(chromium.browser.findElement(By.id("grant-quantity")), "90");
        new Select(chromium.browser.findElement(By.id("grant-types"))).selectByValue("MEETING_ROOM");
        chromium.setValue(chromium.browser.findElement(By.id("grant-label")), "Welcome minutes");
        chromium.setValue(
                chromium.browser.findElement(By.id("grant-until")),
                LocalDate.now().plusDays(20).toString());
        submit("grant-submit");
        assertThat(chromium.visible("granted").getText()).isEqualTo("Units granted.");
        chromium.screenshot("console-allowances");
        chromium.signOut();

        Api.as(port, world.admin())
                .post(
                        "/api/v1/members/" + member + "/tier",
                        Api.map("tierId", tierId(world, "SILVER"), "note", "browser test"));

        // 3. The member's tier card and meters, on a phone.
        chromium.resize(390, 844);
        try {
            chromium.signIn(memberUser, "demo");
            submit("membership-link");
            assertThat(chromium.text("tier-name")).isEqualTo("Silver");
            assertThat(chromium.text("tier-next")).endsWith("more to reach Gold");
            List<WebElement> meters = chromium.browser.findElements(By.cssSelector("#meters .meter-left"));
            assertThat(meters)
                    .extracting(WebElement::getText)
                    .containsExactlyInAnyOrder("5 h of 5 h left", "1 h 30 min of 1 h 30 min left");
            chromium.screenshot("portal-membership");
            chromium.open("/portal/membership?lang=zh-CN");
            assertThat(chromium.text("meters")).contains("剩余 5 小时，共 5 小时");
            assertThat(chromium.text("tier-next")).contains("即可升至 Gold");
            chromium.open("/portal/membership?lang=en");
            chromium.signOut();
        } finally {
            chromium.resize(1366, 1000);
        }
    }

    @Autowired
    io.enjoyspace.tenancy.Members members;

    @Autowired
    io.enjoyspace.membership.Tiers tiers;

    private String tierId(MembershipWorlds.World world, String code) {
        return Long.toString(tiers.findByCode(world.operatorId(), io.enjoyspace.membership.Audience.MEMBER, code)
                .orElseThrow()
                .id());
    }
}
