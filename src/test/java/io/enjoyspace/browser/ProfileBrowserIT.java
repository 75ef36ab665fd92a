package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.insights.EnterpriseProfiles;
import io.enjoyspace.insights.HistoryGenerator;
import io.enjoyspace.insights.MemberProfileInsights;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The member 360 and the enterprise profile in headless Chromium: an operator with a generated history opens a company
 * from the tenant list, reads its health score and people, goes on to a member, pages back through the timeline, and
 * reads both pages in Chinese.
 */
@EnjoySpaceTest
class ProfileBrowserIT {

    static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @Autowired
    HistoryGenerator generator;

    @Autowired
    MemberProfileInsights memberProfiles;

    @Autowired
    EnterpriseProfiles enterpriseProfiles;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theOperatorOpensACompanyProfileAndAMemberProfileInEnglishAndChinese() {
        String code = "pb-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HistoryGenerator.Generated generated = generator
                .generate(new HistoryGenerator.Plan(code, 1, 1, 3, 40, 3, 3.0, 13, LAST_DAY, "browser-pw"))
                .get(0);
        long operatorId = generated.operatorId();
        long enterpriseId = jdbc.sql("select min(id) from enterprise where operator_id = ?")
                .param(operatorId)
                .query(Long.class)
                .single();
        long memberId = jdbc.sql("""
                        select member_id from activity_fact where operator_id = ? and member_id is not null
                          and kind not in ('OFFERING_VIEW', 'CATEGORY_VIEW', 'OFFER_OPEN')
                        group by member_id having count(*) > 25 order by member_id limit 1
                        """).param(operatorId).query(Long.class).single();

        chromium.signIn(generated.adminUsername(), "browser-pw");
        chromium.open("/console/tenants");
        List<WebElement> links = chromium.browser.findElements(By.cssSelector(".enterprise-profile-link"));
        assertThat(links).hasSize(3);
        chromium.click(chromium.browser.findElement(
                By.cssSelector(".enterprise-profile-link[href$='/enterprises/" + enterpriseId + "/profile']")));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("health-score")));

        EnterpriseProfiles.Profile company = enterpriseProfiles.profile(operatorId, enterpriseId);
        assertThat(chromium.text("profile-name")).isEqualTo(company.name());
        assertThat(chromium.text("health-score"))
                .isEqualTo(Integer.toString(company.health().score()));
        assertThat(chromium.text("headcount-registered"))
                .isEqualTo(Long.toString(company.headcount().registered()));
        assertThat(chromium.browser.findElements(By.cssSelector("#health-components tbody tr")))
                .hasSize(5);
        assertThat(chromium.text("component-registration")).startsWith("Registration");
        assertThat(chromium.browser.findElements(By.cssSelector("#spend-trend canvas")))
                .isNotEmpty();
        assertThat(chromium.browser.findElements(By.cssSelector("#health-gauge canvas")))
                .isNotEmpty();
        assertThat(chromium.browser.findElements(By.id("renewal-risk")).isEmpty())
                .isEqualTo(!company.health().renewalRisk());
        chromium.screenshot("enterprise-profile");

        chromium.open("/console/members/" + memberId);
        MemberProfileInsights.Profile member = memberProfiles.profile(operatorId, memberId, Locale.ENGLISH);
        assertThat(chromium.text("profile-name")).isEqualTo(member.name());
        assertThat(chromium.browser
                        .findElement(By.cssSelector("#total-orders td:nth-child(3)"))
                        .getText())
                .isEqualTo(Long.toString(member.allTime().orders()));
        List<WebElement> entries = chromium.browser.findElements(By.cssSelector("#timeline-entries .timeline-entry"));
        assertThat(entries).hasSize(member.timeline().entries().size());
        assertThat(entries.get(0).getText())
                .startsWith(member.timeline().entries().get(0).label());
        assertThat(chromium.browser.findElements(By.cssSelector("#profile-interests .interest")))
                .hasSize(member.interests().size());
        // The tags shown are the member's tags (none until the tags job has run for this operator).
        assertThat(chromium.browser.findElements(By.cssSelector("#profile-tags .profile-tag")))
                .hasSize(member.tags().size());
        chromium.screenshot("member-profile");

        chromium.clickAndLoad(By.id("timeline-older"));
        List<WebElement> older = chromium.browser.findElements(By.cssSelector("#timeline-entries .timeline-entry"));
        assertThat(older).isNotEmpty();
        MemberProfileInsights.Timeline second =
                memberProfiles.timeline(operatorId, memberId, member.timeline().nextBefore(), 20, Locale.ENGLISH);
        assertThat(older.get(0).getText()).startsWith(second.entries().get(0).label());
        assertThat(chromium.browser.findElements(By.id("timeline-newest"))).hasSize(1);

        chromium.click(By.id("lang-zh"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("profile-timeline"), "时间线"));
        chromium.open("/console/members/" + memberId);
        assertThat(chromium.browser
                        .findElement(By.cssSelector("#total-orders td:first-child"))
                        .getText())
                .isEqualTo("支付订单");
        chromium.screenshot("member-profile-zh");
        chromium.open("/console/enterprises/" + enterpriseId + "/profile");
        assertThat(chromium.text("component-registration")).startsWith("注册率");
        chromium.screenshot("enterprise-profile-zh");
        chromium.click(By.id("lang-en"));
        chromium.signOut();
    }
}
