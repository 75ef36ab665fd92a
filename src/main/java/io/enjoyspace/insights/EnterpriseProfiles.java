package io.enjoyspace.insights;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A tenant company's profile: who it is, how many of its people use the platform, what they spend and earn, its lease,
 * how satisfied its people are, and its health score with the renewal-risk flag (see {@link EnterpriseProfileHealth}
 * for the formula). Everything comes from the enterprise rollups, the member-days and the lease book; twelve months
 * are the current calendar month and the eleven before it in the operator's time zone. The renewal-risk window and
 * score are settings: {@code enjoyspace.insights.renewal-risk.window-days} (default 180) and {@code
 * enjoyspace.insights.renewal-risk.score-below} (default 60).
 */
@Service
public class EnterpriseProfiles {

    /** Days an employee must have been active within to count as active. */
    static final int ACTIVE_DAYS = 30;

    /** The two periods whose use the usage trend compares. */
    static final int TREND_DAYS = 90;

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Enterprises enterprises;
    private final Sites sites;
    private final PointsLedger ledger;
    private final Clock clock;
    private final int riskWindowDays;
    private final int riskScoreBelow;

    EnterpriseProfiles(
            JdbcClient jdbc,
            Operators operators,
            Enterprises enterprises,
            Sites sites,
            PointsLedger ledger,
            Clock clock,
            @Value("${enjoyspace.insights.renewal-risk.window-days:180}") int riskWindowDays,
            @Value("${enjoyspace.insights.renewal-risk.score-below:60}") int riskScoreBelow) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.enterprises = enterprises;
        this.sites = sites;
        this.ledger = ledger;
        this.clock = clock;
        this.riskWindowDays = riskWindowDays;
        this.riskScoreBelow = riskScoreBelow;
    }

    /** The company's profile as of {@code asOf}. */
    public record Profile(
            String enterpriseId,
            String name,
            String industry,
            String sizeBand,
            String siteId,
            String siteName,
            String currency,
            LocalDate asOf,
            Headcount headcount,
            long spend12MonthsMinor,
            long orders12Months,
            List<MonthSpend> spendTrend,
            long pointsEarned12Months,
            long pointsRedeemed12Months,
            long poolBalance,
            LeaseTerm lease,
            long ratings12Months,
            Double satisfaction,
            long activeDaysRecent,
            long activeDaysPrevious,
            EnterpriseProfileHealth.Health health) {}

    /** People on the lease, registered as members, and active in the last 30 days. */
    public record Headcount(long onLease, long registered, long active30Days) {}

    /** One month of the employees' paid orders. */
    public record MonthSpend(String month, long orders, long amountMinor) {}

    /**
     * The current lease (or, without one, the latest), the days until it ends (negative: ended), and how often the
     * company renewed.
     */
    public record LeaseTerm(
            LocalDate startsOn, LocalDate endsOn, long monthlyRentMinor, long areaSqm, long daysToEnd, long renewals) {}

    /** The company's profile as of today; a company of another operator is not found. */
    public Profile profile(long operatorId, long enterpriseId) {
        Operator operator = operators.get(operatorId);
        return profile(operatorId, enterpriseId, LocalDate.now(clock.withZone(operator.timeZone())));
    }

    Profile profile(long operatorId, long enterpriseId, LocalDate today) {
        Operator operator = operators.get(operatorId);
        Enterprise enterprise = enterprises.find(operatorId, enterpriseId).orElseThrow(NotFoundException::new);
        LocalDate firstMonth = today.withDayOfMonth(1).minusMonths(MemberInterests.MONTHS - 1L);
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("enterpriseId", enterpriseId);
        params.put("today", today);
        params.put("first", firstMonth);
        params.put("activeFrom", today.minusDays(ACTIVE_DAYS - 1L));
        params.put("recentFrom", today.minusDays(TREND_DAYS - 1L));
        params.put("previousFrom", today.minusDays(2L * TREND_DAYS - 1));

        Map<String, long[]> months = new HashMap<>();
        long[] window = new long[6]; // orders, spend, earned, redeemed, ratings, stars
        jdbc.sql("""
                        select cast(date_trunc('month', day) as date) as month, kind, sum(facts) as facts,
                               sum(amount_minor) as amount_minor, sum(points) as points, sum(stars) as stars
                        from insight_enterprise_daily
                        where operator_id = :operatorId and enterprise_id = :enterpriseId
                          and day between :first and :today
                          and kind in ('ORDER_PAID', 'ORDER_RATED', 'POINTS_ISSUED', 'POINTS_REDEEMED')
                        group by 1, 2
                        """).params(params).query(rs -> {
            String kind = rs.getString("kind");
            switch (kind) {
                case "ORDER_PAID" -> {
                    months.put(
                            YearMonth.from(rs.getDate("month").toLocalDate()).toString(),
                            new long[] {rs.getLong("facts"), rs.getLong("amount_minor")});
                    window[0] += rs.getLong("facts");
                    window[1] += rs.getLong("amount_minor");
                }
                case "POINTS_ISSUED" -> window[2] += rs.getLong("points");
                case "POINTS_REDEEMED" -> window[3] += rs.getLong("points");
                default -> {
                    window[4] += rs.getLong("facts");
                    window[5] += rs.getLong("stars");
                }
            }
        });
        List<MonthSpend> trend = new ArrayList<>();
        for (YearMonth month = YearMonth.from(firstMonth);
                !month.isAfter(YearMonth.from(today));
                month = month.plusMonths(1)) {
            long[] spent = months.getOrDefault(month.toString(), new long[2]);
            trend.add(new MonthSpend(month.toString(), spent[0], spent[1]));
        }

        long[] people = jdbc.sql("""
                        select (select count(*) from member
                                where operator_id = :operatorId and enterprise_id = :enterpriseId) as registered,
                               (select count(distinct member_id) from insight_member_day
                                where operator_id = :operatorId and enterprise_id = :enterpriseId
                                  and day between :activeFrom and :today) as active,
                               (select count(*) from insight_member_day
                                where operator_id = :operatorId and enterprise_id = :enterpriseId
                                  and day between :recentFrom and :today) as recent,
                               (select count(*) from insight_member_day
                                where operator_id = :operatorId and enterprise_id = :enterpriseId
                                  and day >= :previousFrom and day < :recentFrom) as previous
                        """)
                .params(params)
                .query((rs, row) -> new long[] {
                    rs.getLong("registered"), rs.getLong("active"), rs.getLong("recent"), rs.getLong("previous")
                })
                .single();

        LeaseTerm lease = jdbc.sql("""
                        select l.starts_on, l.ends_on, l.monthly_rent_minor, l.area_sqm,
                               (select count(*) from lease r
                                where r.operator_id = :operatorId and r.enterprise_id = :enterpriseId
                                  and r.renewed_from is not null) as renewals
                        from lease_book l
                        where l.operator_id = :operatorId and l.enterprise_id = :enterpriseId and l.starts_on <= :today
                        order by (l.ends_on >= :today) desc, l.ends_on desc
                        limit 1
                        """)
                .params(params)
                .query((rs, row) -> {
                    LocalDate endsOn = rs.getDate("ends_on").toLocalDate();
                    return new LeaseTerm(
                            rs.getDate("starts_on").toLocalDate(),
                            endsOn,
                            rs.getLong("monthly_rent_minor"),
                            rs.getLong("area_sqm"),
                            ChronoUnit.DAYS.between(today, endsOn),
                            rs.getLong("renewals"));
                })
                .optional()
                .orElse(null);

        EnterpriseProfileHealth.Health health = EnterpriseProfileHealth.of(
                new EnterpriseProfileHealth.Inputs(
                        enterprise.headcount(),
                        people[0],
                        people[1],
                        people[2],
                        people[3],
                        window[4],
                        window[5],
                        lease == null ? null : lease.daysToEnd()),
                riskWindowDays,
                riskScoreBelow);
        return new Profile(
                Long.toString(enterprise.id()),
                enterprise.name(),
                enterprise.industry(),
                enterprise.sizeBand().name(),
                Long.toString(enterprise.siteId()),
                sites.get(operatorId, enterprise.siteId()).name(),
                operator.currency(),
                today,
                new Headcount(enterprise.headcount(), people[0], people[1]),
                window[1],
                window[0],
                trend,
                window[2],
                window[3],
                ledger.balance(operatorId, Account.enterprise(enterpriseId)),
                lease,
                window[4],
                window[4] == 0 ? null : Math.round(window[5] * 100.0 / window[4]) / 100.0,
                people[2],
                people[3],
                health);
    }
}
