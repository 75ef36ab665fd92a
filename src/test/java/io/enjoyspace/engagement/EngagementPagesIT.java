package io.enjoyspace.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.PageSession;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The inbox, notification settings and lifecycle pages render in both languages, and show mistakes by the field. */
@EnjoySpaceTest
class EngagementPagesIT {

    @LocalServerPort
    int port;

    @Test
    void thePagesRenderInBothLanguagesWithEveryMessage() throws Exception {
        Map<String, List<String>> pages = Map.of(
                "member2",
                List.of("/portal/inbox", "/portal/inbox?category=ORDER", "/portal/notification-preferences"),
                "admin",
                List.of("/console/lifecycle"));
        for (var entry : pages.entrySet()) {
            PageSession session = PageSession.signIn(port, entry.getKey(), "demo");
            for (String path : entry.getValue()) {
                for (String language : List.of("en", "zh-CN")) {
                    HttpResponse<String> page = session.get(path, language);
                    assertThat(page.statusCode()).as(path).isEqualTo(200);
                    assertThat(page.body()).as(path + " " + language).doesNotContain("??");
                }
            }
        }
        PageSession admin = PageSession.signIn(port, "admin", "demo");
        assertThat(admin.get("/console/lifecycle", "zh-CN").body()).contains("会员生命周期", "各阶段会员数", "沉睡");
        assertThat(admin.get("/console/lifecycle", "en").body())
                .contains("Members per stage", "Send a message", "Grant points");
        assertThat(PageSession.signIn(port, "member2", "demo")
                        .get("/portal/notification-preferences", "zh-CN")
                        .body())
                .contains("通知设置", "始终开启", "邮件语言");
    }

    @Test
    void badThresholdsAreShownBesideTheirFields() throws Exception {
        PageSession session = PageSession.signIn(port, "admin", "demo");
        HttpResponse<String> refused = session.post(
                "/console/lifecycle",
                "/console/lifecycle/settings",
                Map.of(
                        "silverUsesPerMonth", 5,
                        "goldUsesPerMonth", 4,
                        "dormantAfterDays", 30,
                        "churnAfterDays", 60,
                        "churnDropPercent", 50,
                        "conversionDays", 14));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body())
                .containsPattern("is-invalid\"[^>]*id=\"goldUsesPerMonth\"")
                .contains("Gold needs more uses than silver");
    }
}
