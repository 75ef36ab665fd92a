package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.identity.OperatorOnboarding;
import io.enjoyspace.insights.Recommendations;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Recommendations in the pages people use: a member who ordered lunch sees it picked for them on the portal home with
 * the reason, in English and in Chinese, and opens the offering from there; staff send a targeted message run.
 */
@EnjoySpaceTest
class RecommendationBrowserIT {

    private static final AtomicInteger mobiles = new AtomicInteger();

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @LocalServerPort
    int port;

    @Autowired
    Recommendations recommendations;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Autowired
    Members members;

    @Autowired
    OperatorOnboarding onboarding;

    @Autowired
    JdbcClient jdbc;

    @Test
    void thePortalHomeShowsTheMembersRecommendationsWithTheirReasons() {
        String mobile = "1825%07d".formatted(9_000_000 + mobiles.incrementAndGet() + (System.nanoTime() % 90_000) * 10);
        Api.Response registration = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "LANTING1",
                                "name",
                                "Recommend browser",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registration.status()).as(registration.toString()).isEqualTo(201);
        Api member = Api.as(port, mobile, "correct-horse");
        String lunch = Journey.offeringId(member, "Healthy lunch box");
        assertThat(Journey.order(member, lunch, 1).status()).isEqualTo(201);
        Journey.awaitEventsDelivered(jdbc);
        long operatorId = operators.findByCode("demo").orElseThrow().id();
        long memberId = jdbc.sql("select id from member where operator_id = :operatorId and mobile = :mobile")
                .param("operatorId", operatorId)
                .param("mobile", mobile)
                .query(Long.class)
                .single();
        // The order reaches the member's interests once the rollup has taken it (every second).
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> recommendations.forMember(operatorId, memberId, 4).stream()
                        .anyMatch(ranked -> ranked.reason().args().contains("Food & drink")));

        chromium.signIn(mobile, "correct-horse");
        chromium.open("/portal?lang=en");
        List<WebElement> cards = chromium.all(By.cssSelector("#recommendations .recommendation-card"));
        assertThat(cards).isNotEmpty().hasSizeLessThanOrEqualTo(4);
        assertThat(chromium.browser.findElements(By.cssSelector("#recommendations .recommendation-reason")))
                .extracting(WebElement::getText)
                .contains("Because you often use Food & drink");

        chromium.open("/portal?lang=zh-CN");
        chromium.wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("recommendations"), "因为你经常使用Food & drink"));

        WebElement first = chromium.all(By.cssSelector("#recommendations .recommendation-card"))
                .get(0);
        String offeringId = first.getAttribute("data-offering-id");
        chromium.clickAndLoad(By.cssSelector("#recommendations .recommendation-card"));
        assertThat(chromium.browser.getCurrentUrl()).contains("/portal/offerings/" + offeringId);
        chromium.open("/portal?lang=en");
    }

    @Test
    void staffSendTheMembersOfASiteTheirTopRecommendation() {
        // An operator of its own, so that the demo operator's sites and members stay as other tests expect them.
        String code = "rec-browser-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        long operatorId = onboarding
                .onboard(new OperatorOnboarding.Onboard(
                        code,
                        "Recommend browser",
                        ZoneId.of("Asia/Shanghai"),
                        "Rec browser tower",
                        SiteKind.OFFICE_TOWER,
                        code + "-admin",
                        "correct-horse"))
                .id();
        Site site = sites.list(operatorId).get(0);
        for (int i = 0; i < 2; i++) {
            members.register(
                    operatorId,
                    new Members.NewMember(
                            site.id(),
                            null,
                            "Rec browser " + i,
                            "1825%07d"
                                    .formatted(
                                            8_000_000 + mobiles.incrementAndGet() + (System.nanoTime() % 90_000) * 10),
                            null));
        }

        chromium.signIn(code + "-admin", "correct-horse");
        chromium.open("/console/insights/recommendations?lang=en");
        new Select(chromium.browser.findElement(By.id("recommend-site"))).selectByVisibleText(site.name());
        chromium.clickAndLoad(By.id("recommend-send"));
        assertThat(chromium.wait
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("recommend-sent")))
                        .getText())
                .isEqualTo("Sent to 0 of 2 members; 2 had nothing to recommend yet.");
        assertThat(chromium.browser.findElement(By.id("recommend-runs")).getText())
                .contains(site.name());
    }
}
