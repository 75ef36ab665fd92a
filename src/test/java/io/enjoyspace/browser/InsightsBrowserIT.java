package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.insights.HistoryGenerator;
import io.enjoyspace.insights.InsightFigures;
import io.enjoyspace.insights.InsightFilter;
import io.enjoyspace.insights.OperationsDashboard;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The operations dashboard in headless Chromium: an operator with a generated history opens it, filters by site, sees
 * the site's figures, drills down from a figure to the rows behind it, and reads it in Chinese; a member opening an
 * offering page leaves a view behind.
 */
@EnjoySpaceTest
class InsightsBrowserIT {

    static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @Autowired
    HistoryGenerator generator;

    @Autowired
    OperationsDashboard dashboard;

    @Autowired
    Sites sites;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theOperatorFiltersBySiteAndDrillsDownToTheOrders() {
        String code = "br-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HistoryGenerator.Generated generated = generator
                .generate(new HistoryGenerator.Plan(code, 1, 2, 6, 80, 3, 3.0, 11, LAST_DAY, "browser-pw"))
                .get(0);
        List<Site> theirSites = sites.list(generated.operatorId());
        Site second = theirSites.get(1);
        LocalDate from = LAST_DAY.minusDays(29);

        chromium.signIn(generated.adminUsername(), "browser-pw");
        chromium.click(By.id("nav-insights"));
        chromium.open("/console/insights?from=" + from + "&to=" + LAST_DAY);
        InsightFigures all = dashboard.figures(generated.operatorId(), new InsightFilter(null, null, from, LAST_DAY));
        assertThat(chromium.text("figure-orders")).isEqualTo(String.format("%,d", all.orders()));

        new Select(chromium.browser.findElement(By.id("filter-site"))).selectByVisibleText(second.name());
        chromium.click(By.id("apply-filter"));
        chromium.wait.until(ExpectedConditions.urlContains("siteId=" + second.id()));
        InsightFigures site =
                dashboard.figures(generated.operatorId(), new InsightFilter(second.id(), null, from, LAST_DAY));
        assertThat(site.orders()).isPositive().isLessThan(all.orders());
        assertThat(chromium.text("figure-orders")).isEqualTo(String.format("%,d", site.orders()));
        assertThat(chromium.browser.findElements(By.cssSelector("#insights-trend canvas")))
                .isNotEmpty();
        chromium.screenshot("insights-dashboard");

        chromium.click(By.id("figure-orders"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("drill-rows")));
        assertThat(chromium.text("drill-title")).isEqualTo("Orders");
        assertThat(chromium.text("drill-total")).startsWith(site.orders() + " rows");
        assertThat(chromium.browser.findElements(By.cssSelector("#drill-rows tbody tr")))
                .hasSize((int) Math.min(50, site.orders()));
        assertThat(chromium.browser.findElements(By.cssSelector("#drill-rows tbody td")).stream()
                        .filter(cell -> cell.getText().equals("ORDER_PAID"))
                        .count())
                .isEqualTo(Math.min(50, site.orders()));
        assertThat(chromium.browser.findElement(By.id("drill-csv")).getAttribute("href"))
                .contains("drill.csv", "siteId=" + second.id());

        chromium.click(By.id("back-to-dashboard"));
        chromium.click(By.id("lang-zh"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "运营看板"));
        // The switch keeps the language for the session, not the page's filter: open the filtered page again.
        chromium.open("/console/insights?siteId=" + second.id() + "&from=" + from + "&to=" + LAST_DAY);
        assertThat(chromium.text("figure-orders-label")).isEqualTo("订单数");
        assertThat(chromium.text("figure-orders")).isEqualTo(String.format("%,d", site.orders()));
        chromium.screenshot("insights-dashboard-zh");
        chromium.click(By.id("lang-en"));
        chromium.signOut();
    }

    @Test
    void aMemberOpeningAnOfferingPageLeavesAView() {
        long offeringId = jdbc.sql("""
                        select o.id from offering o join operator p on p.id = o.operator_id
                        where p.code = 'demo' and o.name = 'Courier pickup'
                        """).query(Long.class).single();
        java.sql.Timestamp since =
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1));

        chromium.signIn("member");
        chromium.open("/portal/offerings/" + offeringId);
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));

        await().atMost(Duration.ofSeconds(20)).until(() -> views(offeringId, since) >= 1);
        chromium.signOut();
    }

    private long views(long offeringId, java.sql.Timestamp since) {
        return jdbc.sql("""
                        select count(*) from activity_fact_current f join app_user u on u.member_id = f.member_id
                        where f.kind = 'OFFERING_VIEW' and f.subject_id = ? and u.username = 'member'
                          and f.occurred_at >= ?
                        """)
                .params(Long.toString(offeringId), since)
                .query(Long.class)
                .single();
    }
}
