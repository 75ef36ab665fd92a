package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.insights.HistoryGenerator;
import io.enjoyspace.insights.InsightFigures;
import io.enjoyspace.insights.InsightFilter;
import io.enjoyspace.insights.OperationsDashboard;
import io.enjoyspace.insights.ReportQuarter;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.Sites;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The quarterly report in headless Chromium: an operator with a generated history opens it from the dashboard, sees
 * the KPI table with the dashboard's numbers and a recommendation, switches to a site, and reads it in Chinese.
 */
@EnjoySpaceTest
class ReportBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @Autowired
    HistoryGenerator generator;

    @Autowired
    OperationsDashboard dashboard;

    @Autowired
    Sites sites;

    @Test
    void theOperatorOpensTheReportSwitchesSiteAndReadsItInChinese() {
        ReportQuarter quarter =
                ReportQuarter.of(LocalDate.now(ZoneId.of("Asia/Shanghai"))).previous();
        String code = "rp-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HistoryGenerator.Generated generated = generator
                .generate(new HistoryGenerator.Plan(code, 1, 2, 6, 80, 3, 3.0, 13, quarter.lastDay(), "browser-pw"))
                .get(0);
        List<Site> theirSites = sites.list(generated.operatorId());
        Site second = theirSites.get(1);

        chromium.signIn(generated.adminUsername(), "browser-pw");
        chromium.click(By.id("nav-insights"));
        chromium.clickAndLoad(By.id("insights-report"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report-kpis")));
        assertThat(chromium.text("report-title")).contains(quarter.toString());
        InsightFigures all = dashboard.figures(
                generated.operatorId(), new InsightFilter(null, null, quarter.firstDay(), quarter.lastDay()));
        assertThat(kpi("orders")).isEqualTo(String.format("%,d", all.orders()));

        new Select(chromium.browser.findElement(By.id("report-site"))).selectByVisibleText(second.name());
        chromium.wait.until(ExpectedConditions.urlContains("siteId=" + second.id()));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report-kpis")));
        InsightFigures site = dashboard.figures(
                generated.operatorId(), new InsightFilter(second.id(), null, quarter.firstDay(), quarter.lastDay()));
        assertThat(site.orders()).isPositive().isLessThan(all.orders());
        assertThat(kpi("orders")).isEqualTo(String.format("%,d", site.orders()));
        assertThat(chromium.browser.findElements(By.cssSelector("#report-recommendations li[data-kind]")))
                .isNotEmpty();
        assertThat(chromium.browser.findElements(By.cssSelector("#chart-orders canvas")))
                .isNotEmpty();
        assertThat(chromium.browser.findElement(By.id("report-pdf")).getAttribute("href"))
                .contains("report.pdf", "siteId=" + second.id(), "quarter=" + quarter);
        chromium.screenshot("quarterly-report");

        chromium.click(By.id("lang-zh"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-title"), "季度运营报告"));
        chromium.open("/console/insights/report?siteId=" + second.id() + "&quarter=" + quarter);
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report-kpis")));
        assertThat(chromium.text("report-title")).isEqualTo("季度运营报告 " + quarter);
        assertThat(chromium.browser
                        .findElement(By.cssSelector("#kpi-orders td"))
                        .getText())
                .isEqualTo("订单数");
        assertThat(kpi("orders")).isEqualTo(String.format("%,d", site.orders()));
        assertThat(chromium.browser.findElements(By.cssSelector("#report-recommendations li[data-kind]")))
                .isNotEmpty();
        chromium.screenshot("quarterly-report-zh");
        chromium.click(By.id("lang-en"));
        chromium.signOut();
    }

    private static String kpi(String name) {
        return chromium.browser
                .findElement(By.cssSelector("#kpi-" + name + " .kpi-current"))
                .getText();
    }
}
