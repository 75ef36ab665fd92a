package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class PointsReportsIT {

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    @LocalServerPort
    int port;

    @Autowired
    PointsReports reports;

    @Autowired
    PointsLedger ledger;

    @Autowired
    PointsReversals reversals;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    long operatorId;
    long memberId;

    @BeforeEach
    void freshMember() {
        operatorId = testMembers.demoOperatorId();
        memberId = testMembers.newMember("Report test");
    }

    @Test
    void theLiabilityIsTheSumOfPositiveBalancesHoweverItIsCut() {
        ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(memberId), 321, null, "TEST", null, null));

        PointsReports.Liability liability = reports.liability(operatorId);

        long positive = jdbc.sql("""
                        select coalesce(sum(balance), 0) from points_account
                        where operator_id = :o and owner_type in ('MEMBER', 'ENTERPRISE') and balance > 0
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(liability.outstandingPoints()).isEqualTo(positive).isGreaterThanOrEqualTo(321);
        assertThat(liability.byExpiryMonth().stream()
                        .mapToLong(PointsReports.ExpiryMonth::points)
                        .sum())
                .isEqualTo(positive);
        assertThat(liability.byAge().stream()
                        .mapToLong(PointsReports.AgeBand::points)
                        .sum())
                .isEqualTo(positive);
        assertThat(liability.byExpiryMonth()).anyMatch(month -> month.month() == null);
    }

    @Test
    void todaysFlowsCountIssuedRedeemedAndReversedPoints() {
        LocalDate today = reports.today(operatorId);
        PointsReports.DayFlow before = reports.flows(operatorId, today, today).get(0);
        PointsTransaction earned = ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(memberId), 100, null, "TEST", null, null));
        ledger.post(new PostTransaction(
                operatorId,
                UUID.randomUUID().toString(),
                "REDEEMED",
                null,
                null,
                null,
                null,
                List.of(
                        new Posting(Account.member(memberId), -30),
                        new Posting(Account.system(AccountType.REDEEMED), 30))));
        reversals.reverse(
                new PointsReversals.ReverseEarning(operatorId, UUID.randomUUID().toString(), earned.id(), 50, 100));

        PointsReports.DayFlow after = reports.flows(operatorId, today, today).get(0);

        assertThat(after.issued() - before.issued()).isEqualTo(100);
        assertThat(after.redeemed() - before.redeemed()).isEqualTo(30);
        assertThat(after.reversed() - before.reversed()).isEqualTo(50);
    }

    @Test
    void reconciliationFindsAnAccountWhoseLotsWereTamperedWith() {
        ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(memberId), 40, null, "TEST", null, null));
        assertThat(reports.reconcile(operatorId).ok()).isTrue();

        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                            update points_lot set remaining = remaining - 1
                            where account_id = (select id from points_account where owner_type = 'MEMBER' and owner_id = :m)
                            """).param("m", memberId).update();
            PointsReports.Reconciliation broken = reports.reconcile(operatorId);
            assertThat(broken.ok()).isFalse();
            assertThat(broken.mismatches()).singleElement().satisfies(mismatch -> {
                assertThat(mismatch.ownerId()).isEqualTo(memberId);
                assertThat(mismatch.balance()).isEqualTo(40);
                assertThat(mismatch.lots()).isEqualTo(39);
            });
            status.setRollbackOnly();
        });
        assertThat(reports.reconcile(operatorId).ok()).isTrue();
    }

    @Test
    void staffReadReportsAndAnyMembersPointsOfTheirOperatorOnly() {
        Api staff = Api.as(port, "staff");
        ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(memberId), 12, null, "TEST", null, null));

        assertThat(staff.get("/api/v1/points/reports/liability")
                        .json()
                        .get("outstandingPoints")
                        .asLong())
                .isPositive();
        assertThat(staff.get("/api/v1/points/reports/reconciliation")
                        .json()
                        .get("ok")
                        .asBoolean())
                .isTrue();
        assertThat(staff.get("/api/v1/points/reports/flows").json().size()).isEqualTo(30);
        assertThat(staff.get("/api/v1/points/reports/flows?from=2026-02-01&to=2026-01-01")
                        .fieldErrors())
                .containsExactly("from");
        JsonNode points = staff.get("/api/v1/members/" + memberId + "/points").json();
        assertThat(points.get("balance").asLong()).isEqualTo(12);
        assertThat(points.get("history").get(0).get("points").asLong()).isEqualTo(12);

        Api.Response csv = staff.get("/api/v1/members/" + memberId + "/points/transactions.csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines().toList())
                .hasSize(2)
                .first()
                .asString()
                .endsWith("transaction_id,occurred_at,points,reason_code,reference_type,reference_id,memo");

        Api mallAdmin = Api.as(port, "mall-admin");
        assertThat(mallAdmin.get("/api/v1/members/" + memberId + "/points").status())
                .isEqualTo(404);
        assertThat(mallAdmin
                        .get("/api/v1/members/" + memberId + "/points/transactions.csv")
                        .status())
                .isEqualTo(404);
        assertThat(Api.as(port, "member")
                        .get("/api/v1/points/reports/liability")
                        .status())
                .isEqualTo(403);
    }
}
