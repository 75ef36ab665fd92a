package io.enjoyspace.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The pages' front door over plain HTTP: sign-in is required, forms need their CSRF token, both languages answer. */
@EnjoySpaceTest
class PagesIT {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void pagesSendAnonymousVisitorsToSignIn() throws Exception {
        HttpResponse<String> response = get("/console", "en");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsRefused() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=demo"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void theSignInPageSpeaksTheBrowsersLanguage() throws Exception {
        assertThat(get("/login", "zh-CN,zh;q=0.9").body()).contains("登录", "使用邀请码注册");
        assertThat(get("/login", "en-US,en;q=0.9").body()).contains("Sign in", "Register with an invitation code");
    }

    @Test
    void theLanguageSwitchOverridesTheBrowser() throws Exception {
        HttpResponse<String> switched = get("/login?lang=en", "zh-CN");

        assertThat(switched.body()).contains("Sign in");
        assertThat(switched.headers().allValues("Set-Cookie"))
                .anyMatch(cookie -> cookie.startsWith("enjoyspace-lang=en"));
    }

    @Test
    void theRegistrationPageShowsErrorsBesideTheFields() throws Exception {
        HttpResponse<String> page = get("/register", "en");
        String csrf = page.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String session = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/register"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept-Language", "en")
                        .header("Cookie", session)
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf
                                + "&invitationCode=WRONG999&name=Ann&mobile=12&email=&password=longenough"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("is-invalid", "Must be a mobile number of 6 to 20 digits.");
    }

    @Test
    void theApiIsDescribedByOpenApiWithSwaggerUi() throws Exception {
        HttpResponse<String> document = get("/v3/api-docs", "en");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body())
                .contains(
                        "\"openapi\"",
                        "/api/v1/orders",
                        "/api/v1/auth/token",
                        "/api/v1/me/points",
                        "/api/v1/catalog/offerings");

        HttpResponse<String> ui = get("/swagger-ui.html", "en");
        assertThat(ui.statusCode()).isEqualTo(302);
        HttpResponse<String> index = get(
                URI.create(ui.headers().firstValue("Location").orElseThrow()).getPath(), "en");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("swagger-ui");
    }

    @Test
    void repeatedWrongPasswordsLockTheSignInPageToo() throws Exception {
        String username = "desk-throttle";
        Api.as(port, "admin")
                .post(
                        "/api/v1/staff",
                        Api.map(
                                "username", username,
                                "displayName", "Throttle test",
                                "password", "correct-horse",
                                "role", "OPERATOR_STAFF"));
        for (int i = 0; i < 5; i++) {
            assertThat(formSignIn(username, "wrong-" + i)).endsWith("/login?error");
        }

        assertThat(formSignIn(username, "correct-horse")).endsWith("/login?locked");
    }

    @Test
    void theConsoleDownloadsLedgerCsvInItsOwnSession() throws Exception {
        String session = sessionOf("admin", "demo");

        HttpResponse<String> csv = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/points/flows.csv"))
                        .header("Cookie", session)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().count()).isEqualTo(31);
        assertThat(csv.body()).contains("day,issued,redeemed,expired,reversed");
    }

    @Test
    void theProfilePageShowsProgressInBothLanguagesAndErrorsBesideTheFields() throws Exception {
        String session = sessionOf("member", "demo");

        HttpResponse<String> chinese = get("/portal/profile", "zh-CN,zh;q=0.9", session);
        HttpResponse<String> english = get("/portal/profile", "en-US,en;q=0.9", session);

        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("个人资料", "已完成", "还需填写", "职位", "健身", "id=\"profile-link\"");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("My profile", "of 5 done", "Still needed:", "Job title", "Fitness");

        String csrf = english.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> refused = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/portal/profile"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept-Language", "en")
                        .header("Cookie", session)
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf
                                + "&name=Wang&email=not-an-email&jobTitle=&birthday=1850-01-01&gender="
                                + "&interests=FITNESS&interests=KARAOKE"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body())
                .contains(
                        "is-invalid",
                        "Must be an email address.",
                        "Must be between 1 January 1900 and today.",
                        "Choose interests from the list.");
    }

    @Test
    void savingACompleteProfileOnThePageShowsItDone() throws Exception {
        // 18069xxxxxx: the profile tests' range (1806), kept apart from MemberProfileIT's counter.
        String mobile = "18069000001";
        Api.Response registration = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode", "TOWER88",
                                "name", "Page Profile",
                                "mobile", mobile,
                                "password", "correct-horse"));
        assertThat(registration.status()).isEqualTo(201);
        String session = sessionOf(mobile, "correct-horse");
        HttpResponse<String> page = get("/portal/profile", "en", session);
        assertThat(page.body()).contains("1 of 5 done");
        String csrf = page.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");

        HttpResponse<String> saved = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/portal/profile"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", session)
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf
                                + "&name=Page+Profile&email=page%40example.com&jobTitle=Designer&birthday=1992-02-29"
                                + "&gender=MALE&interests=ARTS&interests=TRAVEL"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("/portal/profile");

        String after = get("/portal/profile", "en", session).body();
        assertThat(after)
                .contains(
                        "5 of 5 done",
                        "Your profile is complete.",
                        "Complete since",
                        "value=\"Designer\"",
                        "value=\"1992-02-29\"")
                .containsPattern("id=\"interest-ARTS\"[^>]*checked")
                .containsPattern("id=\"interest-TRAVEL\"[^>]*checked")
                .doesNotContainPattern("id=\"interest-TECH\"[^>]*checked");
    }

    @Test
    void theConsoleSearchesTheLedgerAndShowsMistakesBesideTheFields() throws Exception {
        Api admin = Api.as(port, "admin");
        String enterpriseId =
                admin.get("/api/v1/enterprises").json().get(0).get("id").asString();
        admin.post(
                "/api/v1/points/adjustments",
                Api.map("enterpriseId", enterpriseId, "points", 5, "reason", "Console ledger search"),
                java.util.Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()));
        String session = sessionOf("admin", "demo");

        HttpResponse<String> found =
                getIn(session, "/console/points?ledger=1&reasonCode=adjustment&enterpriseId=" + enterpriseId, "zh-CN");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body())
                .contains(
                        "流水查询",
                        "id=\"ledger-results\"",
                        "Console ledger search",
                        "企业积分池",
                        "陈经理 Operator admin",
                        "/console/points/ledger.csv?ledger=1&amp;enterpriseId=" + enterpriseId
                                + "&amp;reasonCode=adjustment");

        HttpResponse<String> mistaken =
                getIn(session, "/console/points?ledger=1&memberMobile=19999999999&from=2026-02-30", "en");
        assertThat(mistaken.statusCode()).isEqualTo(200);
        assertThat(mistaken.body())
                .contains("There is no such member here.", "Enter a date like 2026-03-31.")
                .doesNotContain("id=\"ledger-total\"");

        HttpResponse<String> csv =
                getIn(session, "/console/points/ledger.csv?ledger=1&reasonCode=NO_SUCH_REASON", "en");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().toList())
                .singleElement()
                .asString()
                .contains("transaction_id,occurred_at,account_type");
    }

    @Test
    void theRulePagesAndCampaignCalendarSpeakBothLanguages() throws Exception {
        String session = sessionOf("admin", "demo");

        HttpResponse<String> chinese = getIn(session, "/console/rules", "zh-CN");
        assertThat(chinese.statusCode()).isEqualTo(200);
        assertThat(chinese.body()).contains("模拟事件", "1 point per yuan paid", "order.completed", "每人累计 50");
        HttpResponse<String> english = getIn(session, "/console/rules", "en");
        assertThat(english.body()).contains("Simulate an event", "50 per member ever");

        HttpResponse<String> editor = getIn(session, "/console/rules/new", "zh-CN");
        assertThat(editor.statusCode()).isEqualTo(200);
        assertThat(editor.body()).contains("试算当前草稿", "到此为止", "每人每天");

        HttpResponse<String> calendar = getIn(session, "/console/campaigns?month=not-a-month", "zh-CN");
        assertThat(calendar.statusCode()).isEqualTo(200);
        assertThat(calendar.body()).contains("营销活动", "周一", "Community month", "已发放");
        assertThat(getIn(session, "/console/campaigns", "en").body()).contains("Mon", "of 50,000 points awarded");
        assertThat(getIn(session, "/console/rules/999999999", "en").statusCode())
                .isEqualTo(404);
        assertThat(getIn(sessionOf("mall-admin", "demo"), "/console/campaigns/1", "en")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theMembersStatementFiltersInBothLanguages() throws Exception {
        String session = sessionOf("member", "demo");

        HttpResponse<String> spent = getIn(session, "/portal/points?direction=SPENT&days=30", "zh-CN");
        assertThat(spent.statusCode()).isEqualTo(200);
        assertThat(spent.body())
                .containsPattern("<option value=\"SPENT\" selected=\"selected\">使用</option>")
                .containsPattern("<option value=\"30\" selected=\"selected\">最近 30 天</option>");
        HttpResponse<String> odd = getIn(session, "/portal/points?direction=SIDEWAYS&days=7", "en");
        assertThat(odd.statusCode()).isEqualTo(200);
        assertThat(odd.body())
                .containsPattern("<option value=\"ALL\" selected=\"selected\">Everything</option>")
                .containsPattern("<option value=\"0\" selected=\"selected\">All time</option>");
    }

    @org.junit.jupiter.api.Test
    void theServiceSupermarketPagesRenderInBothLanguagesWithEveryMessage() throws Exception {
        String offering = jdbc.sql("select id from offering where name = 'Afternoon coffee set'")
                .query(Long.class)
                .single()
                .toString();
        String enterprise = jdbc.sql("select enterprise_id from app_user where username = 'ent-admin'")
                .query(Long.class)
                .single()
                .toString();
        String provider = jdbc.sql("select provider_id from provider_user u join app_user a on a.id = u.user_id"
                        + " where a.username = 'provider'")
                .query(Long.class)
                .single()
                .toString();
        java.util.Map<String, java.util.List<String>> pages = java.util.Map.of(
                "member",
                java.util.List.of(
                        "/portal/checkout?offeringId=" + offering + "&quantity=2",
                        "/portal/service-requests/new",
                        "/portal/orders"),
                "admin",
                java.util.List.of(
                        "/console/orders",
                        "/console/orders?late=true",
                        "/console/order-cases",
                        "/console/enterprises/" + enterprise + "/billing",
                        "/console/providers/" + provider + "/settlement"),
                "provider",
                java.util.List.of("/provider", "/provider/orders", "/provider/orders?view=done", "/provider/earnings"),
                "ent-admin",
                java.util.List.of("/enterprise/billing"));
        for (var entry : pages.entrySet()) {
            String session = sessionOf(entry.getKey(), "demo");
            for (String path : entry.getValue()) {
                for (String language : java.util.List.of("en", "zh-CN")) {
                    HttpResponse<String> page = getIn(session, path, language);
                    assertThat(page.statusCode())
                            .as(entry.getKey() + " " + path)
                            .isEqualTo(200);
                    assertThat(page.body()).as(path + " " + language).doesNotContain("??");
                }
            }
        }
    }

    private HttpResponse<String> getIn(String session, String path, String language) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Cookie", session)
                        .header("Accept-Language", language)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in through the sign-in page and returns the session cookie of the signed-in session. */
    private String sessionOf(String username, String password) throws Exception {
        HttpResponse<String> response = postSignIn(username, password);
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    /** Signs in through the page as a browser does (session cookie, CSRF token) and returns where it redirects. */
    private String formSignIn(String username, String password) throws Exception {
        HttpResponse<String> response = postSignIn(username, password);
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> postSignIn(String username, String password) throws Exception {
        HttpResponse<String> page = get("/login", "en");
        String csrf = page.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String session = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", session)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "_csrf=" + csrf + "&username=" + username + "&password=" + password))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String language) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Accept-Language", language)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String language, String session)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Accept-Language", language)
                        .header("Cookie", session)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
