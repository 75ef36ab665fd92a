package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.tenancy.Sites;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard's per-day tenancy rows give the same figures as counting the leases, enterprises and members live, are
 * not used for a day a change has not been folded into yet, and hold each operator's data only.
 */
@EnjoySpaceTest
class InsightTenancyIT {

    static final LocalDate LAST_DAY = InsightsIT.LAST_DAY;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HistoryGenerator generator;

    @Autowired
    OperationsDashboard dashboard;

    @Autowired
    InsightTenancy tenancy;

    @Autowired
    Sites sites;

    @Test
    void theRowsGiveTheFiguresOfLiveCountingForEveryPeriodAndSite() {
        long operatorId = GeneratedHistory.generate(generator, LAST_DAY).operatorId();
        tenancy.refresh(operatorId);
        List<InsightFilter> filters = filters(operatorId);
        IndependentFigures independent = new IndependentFigures(jdbc, operatorId);
        for (InsightFilter filter : filters) {
            assertThat(tenancy.period(operatorId, filter.siteId(), filter.from(), filter.to()))
                    .as(filter.toString())
                    .isPresent()
                    .contains(dashboard.counted(operatorId, filter));
            InsightFigures expected = independent.figures(filter);
            InsightFigures figures = dashboard.figures(operatorId, filter);
            assertThat(figures.rentMinor()).as(filter.toString()).isEqualTo(expected.rentMinor());
            assertThat(figures.registrationRate()).as(filter.toString()).isEqualTo(expected.registrationRate());
            assertThat(figures.vacancyRate()).as(filter.toString()).isEqualTo(expected.vacancyRate());
            assertThat(figures.renewalRate()).as(filter.toString()).isEqualTo(expected.renewalRate());
        }
        InsightFigures year =
                dashboard.figures(operatorId, new InsightFilter(null, null, LAST_DAY.minusDays(364), LAST_DAY));
        assertThat(year.leasesEnded()).isPositive();
        assertThat(year.rentMinor()).isPositive();
        assertThat(year.registeredMembers()).isPositive();
    }

    @Test
    void aChangeIsCountedLiveUntilFoldedInAndTheRowsAgreeAfterwards() {
        long operatorId = GeneratedHistory.generate(generator, LAST_DAY).operatorId();
        tenancy.refresh(operatorId);
        List<Long> siteIds =
                sites.list(operatorId).stream().map(site -> site.id()).toList();
        long enterpriseId = jdbc.sql("select min(id) from enterprise where operator_id = ?")
                .param(operatorId)
                .query(Long.class)
                .single();
        InsightFilter early = new InsightFilter(null, null, LAST_DAY.minusDays(400), LAST_DAY.minusDays(200));
        InsightFilter recent = new InsightFilter(null, null, LAST_DAY.minusDays(59), LAST_DAY);
        InsightFigures before = dashboard.figures(operatorId, recent);

        // A renewal running from 100 days before the last day, a new employee, and a larger headcount.
        long renewed = jdbc.sql("""
                        select id from lease where operator_id = ? and enterprise_id = ? order by ends_on desc limit 1
                        """)
                .params(operatorId, enterpriseId)
                .query(Long.class)
                .optional()
                .orElseThrow();
        jdbc.sql("""
                        insert into lease (operator_id, enterprise_id, site_id, starts_on, ends_on, monthly_rent_minor,
                                           area_sqm, renewed_from)
                        values (?, ?, ?, ?, ?, 3650000, 120, ?)
                        """)
                .params(
                        operatorId,
                        enterpriseId,
                        siteIds.get(0),
                        Date.valueOf(LAST_DAY.minusDays(100)),
                        Date.valueOf(LAST_DAY.plusYears(2)),
                        renewed)
                .update();
        jdbc.sql("""
                        insert into member (operator_id, site_id, enterprise_id, name, mobile, registered_on)
                        values (?, ?, ?, 'Tenancy', ?, ?)
                        """)
                .params(
                        operatorId,
                        siteIds.get(0),
                        enterpriseId,
                        "1826" + System.nanoTime() % 10_000_000L,
                        Date.valueOf(LAST_DAY.minusDays(10)))
                .update();
        jdbc.sql("update enterprise set headcount = headcount + 40 where id = ?")
                .param(enterpriseId)
                .update();

        assertThat(tenancy.period(operatorId, null, recent.from(), recent.to())).isEmpty();
        assertThat(tenancy.period(operatorId, null, early.from(), early.to()))
                .as("a headcount change alters every day")
                .isEmpty();
        IndependentFigures independent = new IndependentFigures(jdbc, operatorId);
        InsightFigures live = dashboard.figures(operatorId, recent);
        assertThat(live.rentMinor()).isGreaterThan(before.rentMinor());
        assertThat(live.rentMinor()).isEqualTo(independent.figures(recent).rentMinor());
        assertThat(live.registrationRate())
                .isEqualTo(independent.figures(recent).registrationRate());

        tenancy.refresh(operatorId);
        for (InsightFilter filter : filters(operatorId)) {
            assertThat(tenancy.period(operatorId, filter.siteId(), filter.from(), filter.to()))
                    .as(filter.toString())
                    .contains(dashboard.counted(operatorId, filter));
            assertThat(dashboard.figures(operatorId, filter).registrationRate())
                    .as(filter.toString())
                    .isEqualTo(independent.figures(filter).registrationRate());
        }
        assertThat(dashboard.figures(operatorId, recent)).isEqualTo(live);
    }

    @Test
    void eachOperatorsRowsHoldItsOwnSitesOnly() {
        long first = GeneratedHistory.generate(generator, LAST_DAY).operatorId();
        long second = GeneratedHistory.generate(generator, LAST_DAY).operatorId();
        tenancy.refresh(first);
        tenancy.refresh(second);
        for (long operatorId : List.of(first, second)) {
            assertThat(jdbc.sql("""
                            select count(*) from insight_tenancy_daily t
                            where t.operator_id = ?
                              and not exists (select 1 from site s where s.operator_id = t.operator_id and s.id = t.site_id)
                            """).param(operatorId).query(Long.class).single())
                    .isZero();
        }
        long foreignSite = sites.list(second).get(0).id();
        assertThat(tenancy.period(first, foreignSite, LAST_DAY.minusDays(29), LAST_DAY))
                .hasValue(new InsightTenancy.Figures(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(tenancy.period(second, foreignSite, LAST_DAY.minusDays(29), LAST_DAY))
                .hasValueSatisfying(figures -> assertThat(figures.headcount()).isPositive());
    }

    private List<InsightFilter> filters(long operatorId) {
        List<Long> siteIds =
                sites.list(operatorId).stream().map(site -> site.id()).toList();
        List<InsightFilter> filters = new ArrayList<>();
        for (LocalDate[] period : new LocalDate[][] {
            {LAST_DAY.minusDays(29), LAST_DAY},
            {LAST_DAY.minusDays(6), LAST_DAY.minusDays(6)},
            {LAST_DAY.minusDays(364), LAST_DAY},
            {LAST_DAY.minusDays(500), LAST_DAY.minusDays(410)},
            {LAST_DAY.minusMonths(1).withDayOfMonth(1), LAST_DAY.minusMonths(1).withDayOfMonth(15)}
        }) {
            filters.add(new InsightFilter(null, null, period[0], period[1]));
            for (long siteId : siteIds) {
                filters.add(new InsightFilter(siteId, null, period[0], period[1]));
            }
        }
        return filters;
    }
}
