package io.enjoyspace.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void thePagesRenderInBothLanguagesWithEveryMessage() throws Exception {
        Map<String, List<String>> pages = Map.of(
                "member2",
                List.of("/portal/inbox", "/portal/inbox?category=ORDER", "/portal/notification-preferences"),
                "admin",
                List.of("/console/lifecycle"));
        for (var entry : pages.entrySet()) {
            String session = sessionOf(entry.getKey());
            for (String path : entry.getValue()) {
                for (String language : List.of("en", "zh-CN")) {
                    HttpResponse<String> page = get(session, path, language);
                    assertThat(page.statusCode()).as(path).isEqualTo(200);
                    assertThat(page.body()).as(path + " " + language).doesNotContain("??");
                }
            }
        }
        String admin = sessionOf("admin");
        assertThat(get(admin, "/console/lifecycle", "zh-CN").body()).contains("会员生命周期", "各阶段会员数", "沉睡");
        assertThat(get(admin, "/console/lifecycle", "en").body())
                .contains("Members per stage", "Send a message", "Grant points");
        assertThat(get(sessionOf("member2"), "/portal/notification-preferences", "zh-CN")
                        .body())
                .contains("通知设置", "始终开启", "邮件语言");
    }

    @Test
    void badThresholdsAreShownBesideTheirFields() throws Exception {
        String session = sessionOf("admin");
        HttpResponse<String> page = get(session, "/console/lifecycle", "en");
        String csrf = page.body().replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
        HttpResponse<String> refused = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/lifecycle/settings"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", session)
                        .header("Accept-Language", "en")
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf
                                + "&silverUsesPerMonth=5&goldUsesPerMonth=4&dormantAfterDays=30"
                                + "&churnAfterDays=60&churnDropPercent=50&conversionDays=14"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body())
                .containsPattern("is-invalid\"[^>]*id=\"goldUsesPerMonth\"")
                .contains("Gold needs more uses than silver");
    }

    private HttpResponse<String> get(String session, String path, String language) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Cookie", session)
                        .header("Accept-Language", language)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String sessionOf(String username) throws Exception {
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String csrf = login.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "_csrf=" + csrf + "&username=" + username + "&password=demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }
}
