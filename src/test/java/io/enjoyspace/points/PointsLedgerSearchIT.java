package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class PointsLedgerSearchIT {

    private static final AtomicInteger counter = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    PointsReports reports;

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    Api admin;
    Api staff;
    int n;
    String enterpriseId;
    String employeeId;
    String employeeMobile;

    /**
     * A fresh company of the demo operator with its own admin and one employee; the operator funds the pool with 1,000
     * points and the company gives the employee 300 of them.
     */
    @BeforeEach
    void aCompanyThatAllocatedPoints() {
        n = counter.incrementAndGet();
        admin = Api.as(port, "admin");
        staff = Api.as(port, "staff");
        String siteId = admin.get("/api/v1/sites").json().get(0).get("id").asString();
        LocalDate today = LocalDate.now();
        JsonNode company = admin.post(
                        "/api/v1/enterprises",
                        Api.map(
                                "siteId",
                                siteId,
                                "name",
                                "Ledger Co " + n,
                                "industry",
                                "Consulting",
                                "headcount",
                                10,
                                "leaseMonthlyRentMinor",
                                1_000_000,
                                "leaseStartsOn",
                                today.minusYears(1).toString(),
                                "leaseEndsOn",
                                today.plusYears(1).toString()))
                .json();
        enterpriseId = company.get("id").asString();
        admin.post(
                "/api/v1/staff",
                Api.map(
                        "username",
                        "ledger-admin-" + n,
                        "displayName",
                        "Ledger pool admin " + n,
                        "password",
                        "correct-horse",
                        "role",
                        "ENTERPRISE_ADMIN",
                        "enterpriseId",
                        enterpriseId));
        employeeMobile = "1805%07d".formatted(n);
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                company.get("invitationCode").asString(),
                                "name",
                                "Ledger employee " + n,
                                "mobile",
                                employeeMobile,
                                "password",
                                "correct-horse"));
        assertThat(registered.status()).isEqualTo(201);
        employeeId = employee().get("/api/v1/me").json().get("memberId").asString();
        Api.Response funded = admin.post(
                "/api/v1/points/adjustments",
                Api.map("enterpriseId", enterpriseId, "points", 1_000, "reason", "Quarterly tenant benefit"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(funded.json().get("status").asString()).isEqualTo("POSTED");
        Api.Response allocated = Api.as(port, "ledger-admin-" + n, "correct-horse")
                .post(
                        "/api/v1/enterprise/points/allocations",
                        Api.map("grants", List.of(Api.map("memberId", employeeId, "points", 300))),
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(allocated.status()).isEqualTo(201);
    }

    private Api employee() {
        return Api.as(port, employeeMobile, "correct-horse");
    }

    @Test
    void searchingByReferenceFindsAnOrdersAwardOnBothSidesOfTheLedger() {
        Api employee = employee();
        String orderId = Journey.order(employee, Journey.offeringId(employee, "Meeting room, 2 hours"), 1)
                .json()
                .get("id")
                .asString();
        assertThat(staff.post("/api/v1/orders/" + orderId + "/complete", Map.of())
                        .status())
                .isEqualTo(200);

        String byOrder = "/api/v1/points/ledger?referenceType=order&referenceId=" + orderId;
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> staff.get(byOrder).json().get("total").asLong() > 0);
        JsonNode page = staff.get(byOrder).json();

        List<JsonNode> lines = items(page);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.get("referenceType").asString()).isEqualTo("ORDER");
            assertThat(line.get("referenceId").asString()).isEqualTo(orderId);
        });
        assertThat(lines.stream().mapToLong(line -> line.get("points").asLong()).sum())
                .as("a transaction's entries sum to zero")
                .isZero();
        JsonNode award = lines.stream()
                .filter(line -> line.get("points").asLong() > 0)
                .findFirst()
                .orElseThrow();
        assertThat(award.get("accountOwnerId").asString()).isEqualTo(employeeId);
        assertThat(award.get("accountName").asString()).isEqualTo("Ledger employee " + n);
        assertThat(award.get("points").asLong()).isPositive();
        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(line.get("accountType").asString()).isEqualTo("ISSUANCE"));

        JsonNode employeesLedger =
                staff.get("/api/v1/points/ledger?memberId=" + employeeId).json();
        assertThat(transactionIds(employeesLedger))
                .contains(award.get("transactionId").asString());
    }

    @Test
    void searchingByCompanyFindsThePoolsFundingAndAllocationsAndOptionallyItsEmployees() {
        JsonNode pool =
                staff.get("/api/v1/points/ledger?enterpriseId=" + enterpriseId).json();

        assertThat(pool.get("total").asLong()).isEqualTo(2);
        List<JsonNode> lines = items(pool);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.get("accountType").asString()).isEqualTo("ENTERPRISE");
            assertThat(line.get("accountOwnerId").asString()).isEqualTo(enterpriseId);
            assertThat(line.get("accountName").asString()).isEqualTo("Ledger Co " + n);
        });
        JsonNode allocation = lines.get(0);
        assertThat(allocation.get("reasonCode").asString()).isEqualTo("ALLOCATION");
        assertThat(allocation.get("points").asLong()).isEqualTo(-300);
        assertThat(allocation.get("createdBy").asString()).isEqualTo("Ledger pool admin " + n);
        JsonNode funding = lines.get(1);
        assertThat(funding.get("reasonCode").asString()).isEqualTo("ADJUSTMENT");
        assertThat(funding.get("points").asLong()).isEqualTo(1_000);
        assertThat(funding.get("memo").asString()).isEqualTo("Quarterly tenant benefit");
        assertThat(funding.get("createdBy").asString()).isEqualTo("陈经理 Operator admin");

        JsonNode withEmployees = staff.get(
                        "/api/v1/points/ledger?reasonCode=allocation&includeEmployees=true&enterpriseId="
                                + enterpriseId)
                .json();
        assertThat(items(withEmployees))
                .extracting(line -> line.get("accountType").asString() + " "
                        + line.get("points").asLong())
                .containsExactlyInAnyOrder("ENTERPRISE -300", "MEMBER 300");

        LocalDate today = reports.today(testMembers.demoOperatorId());
        assertThat(staff.get("/api/v1/points/ledger?enterpriseId=" + enterpriseId + "&from=" + today + "&to=" + today)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(2);
        assertThat(staff.get("/api/v1/points/ledger?enterpriseId=" + enterpriseId + "&from=" + today.plusDays(1))
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
        JsonNode firstPage = staff.get("/api/v1/points/ledger?size=1&enterpriseId=" + enterpriseId)
                .json();
        JsonNode secondPage = staff.get("/api/v1/points/ledger?size=1&page=1&enterpriseId=" + enterpriseId)
                .json();
        assertThat(firstPage.get("total").asLong()).isEqualTo(2);
        assertThat(transactionIds(firstPage))
                .containsExactly(allocation.get("transactionId").asString());
        assertThat(transactionIds(secondPage))
                .containsExactly(funding.get("transactionId").asString());
    }

    @Test
    void anotherOperatorsMemberOrCompanyIsNotFoundAndNoLineLeaks() {
        Api mallAdmin = Api.as(port, "mall-admin");

        for (String query : List.of(
                "memberId=" + employeeId,
                "enterpriseId=" + enterpriseId,
                "enterpriseId=" + enterpriseId + "&includeEmployees=true",
                "memberId=not-an-id",
                "memberId=99999999999")) {
            Api.Response search = mallAdmin.get("/api/v1/points/ledger?" + query);
            assertThat(search.status()).as(query).isEqualTo(404);
            assertThat(search.contentType()).startsWith("application/problem+json");
            assertThat(search.body()).doesNotContain("Ledger");
            assertThat(mallAdmin.get("/api/v1/points/ledger.csv?" + query).status())
                    .as(query)
                    .isEqualTo(404);
        }
        List<String> ours =
                transactionIds(staff.get("/api/v1/points/ledger?includeEmployees=true&enterpriseId=" + enterpriseId)
                        .json());
        JsonNode byReference = mallAdmin
                .get("/api/v1/points/ledger?referenceType=ENTERPRISE&referenceId=" + enterpriseId)
                .json();
        assertThat(byReference.get("total").asLong()).isZero();
        JsonNode mallLedger = mallAdmin.get("/api/v1/points/ledger?size=200").json();
        assertThat(transactionIds(mallLedger)).doesNotContainAnyElementsOf(ours);
        assertThat(mallAdmin.get("/api/v1/points/ledger.csv").body()).doesNotContain("Ledger Co " + n);
        assertThat(employee().get("/api/v1/points/ledger").status()).isEqualTo(403);
    }

    @Test
    void theCsvHoldsTheSameLinesAsTheSearch() {
        String query = "?includeEmployees=true&enterpriseId=" + enterpriseId;
        JsonNode page = staff.get("/api/v1/points/ledger" + query).json();

        Api.Response csv = staff.get("/api/v1/points/ledger.csv" + query);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.get(0))
                .isEqualTo("\uFEFFtransaction_id,occurred_at,account_type,account_owner_id,account_name,points,"
                        + "reason_code,reference_type,reference_id,memo,created_by_user_id,created_by");
        List<String> fromCsv = rows.subList(1, rows.size()).stream()
                .map(row -> {
                    String[] cells = row.split(",", -1);
                    return cells[0] + " " + cells[2] + " " + cells[3] + " " + cells[4] + " " + cells[5] + " "
                            + cells[6];
                })
                .toList();
        List<String> fromJson = items(page).stream()
                .map(line -> line.get("transactionId").asString() + " "
                        + line.get("accountType").asString() + " "
                        + line.get("accountOwnerId").asString() + " "
                        + line.get("accountName").asString() + " "
                        + line.get("points").asLong() + " "
                        + line.get("reasonCode").asString())
                .toList();
        assertThat(fromCsv).hasSize(3).isEqualTo(fromJson);
    }

    @Test
    void aBadDateOrPageSizeIsABadRequestNamingTheField() {
        assertThat(staff.get("/api/v1/points/ledger?from=2026-02-30").fieldErrors())
                .containsExactly("from");
        assertThat(staff.get("/api/v1/points/ledger?to=yesterday").fieldErrors())
                .containsExactly("to");
        assertThat(staff.get("/api/v1/points/ledger?from=2026-03-02&to=2026-03-01")
                        .fieldErrors())
                .containsExactly("from");
        assertThat(staff.get("/api/v1/points/ledger.csv?from=03/01/2026").fieldErrors())
                .containsExactly("from");
        assertThat(staff.get("/api/v1/points/ledger?size=201").fieldErrors()).containsExactly("size");
        assertThat(staff.get("/api/v1/points/ledger?referenceId=" + "9".repeat(101))
                        .fieldErrors())
                .containsExactly("referenceId");
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    private static List<String> transactionIds(JsonNode page) {
        return items(page).stream()
                .map(line -> line.get("transactionId").asString())
                .toList();
    }
}
