package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class EnterprisePointsIT {

    private static final AtomicInteger counter = new AtomicInteger();

    @LocalServerPort
    int port;

    Api admin;
    Api companyAdmin;
    String enterpriseId;
    List<String> mobiles = new ArrayList<>();
    List<String> employeeIds = new ArrayList<>();

    /** A fresh company with its own admin, two employees and a pool of 1,000 points funded by the operator. */
    @BeforeEach
    void aFundedCompany() {
        int n = counter.incrementAndGet();
        admin = Api.as(port, "admin");
        String siteId = admin.get("/api/v1/sites").json().get(0).get("id").asString();
        JsonNode company = admin.post(
                        "/api/v1/enterprises",
                        Api.map(
                                "siteId",
                                siteId,
                                "name",
                                "Pool Co " + n,
                                "industry",
                                "Consulting",
                                "headcount",
                                20,
                                "leaseMonthlyRentMinor",
                                1_000_000,
                                "leaseStartsOn",
                                "2026-01-01",
                                "leaseEndsOn",
                                "2027-12-31"))
                .json();
        enterpriseId = company.get("id").asString();
        admin.post(
                "/api/v1/staff",
                Api.map(
                        "username", "pool-admin-" + n,
                        "displayName", "Pool admin",
                        "password", "correct-horse",
                        "role", "ENTERPRISE_ADMIN",
                        "enterpriseId", enterpriseId));
        companyAdmin = Api.as(port, "pool-admin-" + n, "correct-horse");
        for (int i = 0; i < 2; i++) {
            String mobile = "128%04d%04d".formatted(n, i);
            Api.anonymous(port)
                    .post(
                            "/api/v1/registrations",
                            Api.map(
                                    "invitationCode",
                                    company.get("invitationCode").asString(),
                                    "name",
                                    "Employee " + i,
                                    "mobile",
                                    mobile,
                                    "password",
                                    "correct-horse"));
            mobiles.add(mobile);
            employeeIds.add(Api.as(port, mobile, "correct-horse")
                    .get("/api/v1/me")
                    .json()
                    .get("memberId")
                    .asString());
        }
        Api.Response funded = admin.post(
                "/api/v1/points/adjustments",
                Api.map("enterpriseId", enterpriseId, "points", 1_000, "reason", "Quarterly tenant benefit"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(funded.json().get("status").asString()).isEqualTo("POSTED");
    }

    private Api.Response allocate(Object... memberIdsAndPoints) {
        List<Map<String, Object>> grants = new ArrayList<>();
        for (int i = 0; i < memberIdsAndPoints.length; i += 2) {
            grants.add(Api.map("memberId", memberIdsAndPoints[i], "points", memberIdsAndPoints[i + 1]));
        }
        return companyAdmin.post(
                "/api/v1/enterprise/points/allocations",
                Api.map("grants", grants),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private long balanceOf(String mobile) {
        return Api.as(port, mobile, "correct-horse")
                .get("/api/v1/me/points")
                .json()
                .get("balance")
                .asLong();
    }

    @Test
    void theCompanyAdminHandsPoolPointsToEmployees() {
        Api.Response response = allocate(employeeIds.get(0), 300, employeeIds.get(1), 200);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("poolBalance").asLong()).isEqualTo(500);
        assertThat(balanceOf(mobiles.get(0))).isEqualTo(300);
        assertThat(balanceOf(mobiles.get(1))).isEqualTo(200);
        JsonNode pool = companyAdmin.get("/api/v1/enterprise/points").json();
        assertThat(pool.get("balance").asLong()).isEqualTo(500);
        assertThat(pool.get("employees").findValuesAsString("memberId"))
                .containsExactlyInAnyOrderElementsOf(employeeIds);
    }

    @Test
    void aCsvOfMobileAndPointsAllocatesAllOrNothing() throws Exception {
        HttpResponse<String> bad = postCsv("mobile,points\n" + mobiles.get(0) + ",10\n" + "13999999999,5\nnonsense\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("line 3", "line 4");
        assertThat(balanceOf(mobiles.get(0))).isZero();

        HttpResponse<String> good =
                postCsv("mobile,points\r\n" + mobiles.get(0) + ",10\r\n" + mobiles.get(1) + "\t20\r\n");
        assertThat(good.statusCode()).isEqualTo(201);
        assertThat(balanceOf(mobiles.get(0))).isEqualTo(10);
        assertThat(balanceOf(mobiles.get(1))).isEqualTo(20);
    }

    @Test
    void onlyTheCompanysOwnEmployeesOnceEachAndWithinThePool() {
        String outsider =
                Api.as(port, "member2").get("/api/v1/me").json().get("memberId").asString();

        assertThat(allocate(outsider, 10).fieldErrors()).containsExactly("grants[0].memberId");
        assertThat(allocate(employeeIds.get(0), 10, employeeIds.get(0), 10).fieldErrors())
                .containsExactly("grants[1].memberId");
        assertThat(allocate(employeeIds.get(0), 0).fieldErrors()).containsExactly("grants[0].points");
        assertThat(allocate(employeeIds.get(0), 1_001).status()).isEqualTo(409);
        assertThat(companyAdmin
                        .get("/api/v1/enterprise/points")
                        .json()
                        .get("balance")
                        .asLong())
                .isEqualTo(1_000);
    }

    @org.springframework.beans.factory.annotation.Autowired
    PointsAllocationPlans plans;

    @org.springframework.beans.factory.annotation.Autowired
    io.enjoyspace.MutableClock clock;

    @Test
    void aMonthlyAllowanceIsGivenOncePerMonthWhileThePoolLasts() {
        try {
            JsonNode plan = companyAdmin
                    .put(
                            "/api/v1/enterprise/points/plans",
                            Api.map("memberId", employeeIds.get(0), "pointsPerMonth", 400, "active", true))
                    .json();
            assertThat(plan.get("pointsPerMonth").asLong()).isEqualTo(400);
            // Tokens issued before the clock moves would look expired to it: sign in again while it is pinned.
            clock.pin(java.time.Instant.parse("2033-03-10T04:00:00Z"));

            plans.allocateDue();
            plans.allocateDue();
            assertThat(balanceOf(mobiles.get(0))).isEqualTo(400);

            clock.pin(java.time.Instant.parse("2033-04-01T00:00:00Z"));
            plans.allocateDue();
            assertThat(balanceOf(mobiles.get(0))).isEqualTo(800);

            clock.pin(java.time.Instant.parse("2033-05-02T00:00:00Z"));
            plans.allocateDue();
            assertThat(balanceOf(mobiles.get(0))).isEqualTo(800);
            JsonNode skipped = Api.as(port, "pool-admin-" + counter.get(), "correct-horse")
                    .get("/api/v1/enterprise/points/plans")
                    .json()
                    .get(0);
            assertThat(skipped.get("lastMonth").asString()).isEqualTo("2033-04");
            assertThat(skipped.get("lastError").asString()).isEqualTo("points.insufficient");
        } finally {
            clock.release();
            companyAdmin.put(
                    "/api/v1/enterprise/points/plans",
                    Api.map("memberId", employeeIds.get(0), "pointsPerMonth", 400, "active", false));
        }
    }

    @Test
    void aPlanIsForTheCompanysOwnEmployeesOnly() {
        String outsider =
                Api.as(port, "member2").get("/api/v1/me").json().get("memberId").asString();

        assertThat(companyAdmin
                        .put(
                                "/api/v1/enterprise/points/plans",
                                Api.map("memberId", outsider, "pointsPerMonth", 10, "active", true))
                        .fieldErrors())
                .containsExactly("memberId");
    }

    @Test
    void onlyEnterpriseAdminsUseThePool() {
        assertThat(Api.as(port, "member").get("/api/v1/enterprise/points").status())
                .isEqualTo(403);
        assertThat(Api.as(port, "staff").get("/api/v1/enterprise/points").status())
                .isEqualTo(403);
    }

    @Test
    void racingAllocationsFromOnePoolNeverOverdrawIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String employee = employeeIds.get(i % 2);
            attempts.add(() -> allocate(employee, 50).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(20);
        assertThat(companyAdmin
                        .get("/api/v1/enterprise/points")
                        .json()
                        .get("balance")
                        .asLong())
                .isZero();
        assertThat(balanceOf(mobiles.get(0)) + balanceOf(mobiles.get(1))).isEqualTo(1_000);
    }

    @Test
    void theSameAllocationSentConcurrentlyPostsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Api.map("grants", List.of(Api.map("memberId", employeeIds.get(0), "points", 70)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Api.Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(() ->
                    companyAdmin.post("/api/v1/enterprise/points/allocations", body, Map.of("Idempotency-Key", key)));
        }
        List<String> transactions = new ArrayList<>();
        try {
            for (Future<Api.Response> answer : pool.invokeAll(attempts)) {
                assertThat(answer.get().status()).isEqualTo(201);
                transactions.add(answer.get().json().get("transactionId").asString());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(transactions).containsOnly(transactions.get(0));
        assertThat(companyAdmin
                        .get("/api/v1/enterprise/points")
                        .json()
                        .get("balance")
                        .asLong())
                .isEqualTo(930);
        assertThat(balanceOf(mobiles.get(0))).isEqualTo(70);
    }

    private HttpResponse<String> postCsv(String csv) throws Exception {
        String token = companyAdminToken();
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + "/api/v1/enterprise/points/allocations.csv"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "text/csv")
                                .header("Accept-Language", "en")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(csv))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String companyAdminToken() {
        String username = "pool-admin-" + counter.get();
        return Api.anonymous(port)
                .post("/api/v1/auth/token", Map.of("username", username, "password", "correct-horse"))
                .json()
                .get("accessToken")
                .asString();
    }
}
