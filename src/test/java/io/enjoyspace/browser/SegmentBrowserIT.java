package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.insights.HistoryGenerator;
import io.enjoyspace.insights.SegmentCondition;
import io.enjoyspace.insights.SegmentDefinition;
import io.enjoyspace.insights.Segments;
import io.enjoyspace.insights.TagComputation;
import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Segments in headless Chromium: staff build a segment from conditions, watch the live size preview, save it and open
 * its member list, then a member's tags; the same conditions saved as a tag rule tag their members, and deleting the
 * rule takes the tags away.
 */
@EnjoySpaceTest
class SegmentBrowserIT {

    @RegisterExtension
    static final Chromium chromium = Chromium.withWindow(1366, 1000);

    @Autowired
    HistoryGenerator generator;

    @Autowired
    TagComputation computation;

    @Autowired
    Segments segments;

    @Autowired
    Clock clock;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void staffBuildASegmentSeeThePreviewAndOpenTheList() {
        HistoryGenerator.Generated generated = signedInToTheBuilder("sg-");
        long expected = repeatBuyers(generated.operatorId());
        buildRepeatBuyers("Repeat buyers");
        chromium.wait.until(ExpectedConditions.textToBe(By.id("preview-size"), Long.toString(expected)));
        chromium.screenshot("segment-builder");

        chromium.clickAndLoad(By.id("save-segment"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("segment-members")));
        assertThat(chromium.text("segment-title")).isEqualTo("Repeat buyers");
        assertThat(chromium.text("segment-size")).endsWith(Long.toString(expected));
        assertThat(chromium.browser.findElements(By.cssSelector("#segment-members tbody tr a")))
                .hasSize((int) Math.min(expected, 50));
        chromium.screenshot("segment-members");

        chromium.clickAndLoad(By.cssSelector("#segment-members tbody tr a"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("member-tags")));
        assertThat(chromium.browser.findElements(By.cssSelector("#member-tags .badge")))
                .isNotEmpty();
        assertThat(chromium.text("member-scores")).contains("R / F / M");
    }

    @Test
    void staffSaveConditionsAsATagRuleAndDeleteIt() {
        long operatorId = signedInToTheBuilder("tr-").operatorId();
        long expected = repeatBuyers(operatorId);
        buildRepeatBuyers("Frequent buyers");
        chromium.browser.findElement(By.id("tag-code")).sendKeys("Not A Code");
        chromium.clickAndLoad(By.id("save-tag-rule"));
        assertThat(chromium.browser.findElement(By.id("tag-code")).getAttribute("class"))
                .contains("is-invalid");
        assertThat(chromium.browser.findElement(By.id("segment-name")).getAttribute("value"))
                .as("the form keeps what was typed")
                .isEqualTo("Frequent buyers");
        assertThat(taggedWith(operatorId, "rule:frequent")).isZero();

        chromium.browser.findElement(By.id("tag-code")).clear();
        chromium.browser.findElement(By.id("tag-code")).sendKeys("frequent");
        chromium.clickAndLoad(By.id("save-tag-rule"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tag-rule-saved")));
        assertThat(chromium.text("tag-rule-saved")).contains("rule:frequent");
        assertThat(chromium.text("tag-rules")).contains("rule:frequent").contains("Frequent buyers");
        assertThat(taggedWith(operatorId, "rule:frequent")).isEqualTo(expected);
        chromium.screenshot("segment-tag-rule");

        chromium.clickAndLoad(By.cssSelector("#tag-rules .delete-tag-rule[data-tag='rule:frequent']"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tag-rule-deleted")));
        assertThat(chromium.browser.findElements(
                        By.cssSelector("#tag-rules .delete-tag-rule[data-tag='rule:frequent']")))
                .isEmpty();
        assertThat(taggedWith(operatorId, "rule:frequent")).isZero();
    }

    /** A generated operator with tags computed, its admin signed in on the segment builder. */
    private HistoryGenerator.Generated signedInToTheBuilder(String prefix) {
        String code = prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        HistoryGenerator.Generated generated = generator
                .generate(new HistoryGenerator.Plan(code, 1, 1, 4, 60, 3, 3.0, 7, LocalDate.now(clock), "segment-pw"))
                .get(0);
        computation.recomputeAll(generated.operatorId());
        chromium.signIn(generated.adminUsername(), "segment-pw");
        chromium.open("/console/segments");
        return generated;
    }

    /** How many members of the operator have at least two paid orders in twelve months (some, or the test is void). */
    private long repeatBuyers(long operatorId) {
        long count = segments.preview(operatorId, SegmentDefinition.all(SegmentCondition.of("orders12m", "gte", "2")))
                .size();
        assertThat(count).isPositive();
        return count;
    }

    /** Names the segment and sets its one condition, orders in twelve months at least two, in the builder. */
    private void buildRepeatBuyers(String name) {
        chromium.browser.findElement(By.id("segment-name")).sendKeys(name);
        WebElement row = chromium.browser.findElement(By.cssSelector("#condition-rows .condition-row"));
        new Select(row.findElement(By.cssSelector(".condition-field"))).selectByValue("orders12m");
        new Select(row.findElement(By.cssSelector(".condition-operator"))).selectByValue("gte");
        row.findElement(By.cssSelector(".condition-value")).sendKeys("2");
    }

    private long taggedWith(long operatorId, String tag) {
        return jdbc.sql("select count(*) from member_tag where operator_id = ? and tag = ?")
                .params(operatorId, tag)
                .query(Long.class)
                .single();
    }
}
