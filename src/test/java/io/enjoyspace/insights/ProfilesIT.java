package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Member and enterprise profiles against an independent computation over the raw facts of a generated history; the
 * timeline paged to its end; the health score and renewal risk of a company; and who may read which profile.
 */
@EnjoySpaceTest
class ProfilesIT {

    static final LocalDate LAST_DAY = InsightsIT.LAST_DAY;
    static final String ZONE = "Asia/Shanghai";
    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HistoryGenerator generator;

    @Autowired
    MemberProfileInsights memberProfiles;

    @Autowired
    EnterpriseProfiles enterpriseProfiles;

    @Autowired
    Operators operators;

    @Autowired
    Enterprises enterprises;

    @Autowired
    Members members;

    @Autowired
    Sites sites;

    /** The generated member with the most facts. */
    long busiestMember(long operatorId) {
        return jdbc.sql("""
                        select member_id from activity_fact where operator_id = ? and member_id is not null
                        group by member_id order by count(*) desc, member_id limit 1
                        """).param(operatorId).query(Long.class).single();
    }

    /** Totals straight from the facts, by month in the operator's time zone. */
    MemberProfileInsights.Totals independentTotals(long operatorId, long memberId, LocalDate first, LocalDate last) {
        Map<String, long[]> byKind = new HashMap<>();
        jdbc.sql("""
                        select kind, count(*) as facts, sum(amount_minor) as amount, sum(points) as points,
                               coalesce(sum(stars), 0) as stars
                        from activity_fact
                        where operator_id = :operatorId and member_id = :memberId
                          and cast(date_trunc('month', occurred_at at time zone :zone) as date) between :first and :last
                        group by kind
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("zone", ZONE)
                .param("first", first)
                .param("last", last)
                .query(rs -> {
                    byKind.put(rs.getString("kind"), new long[] {
                        rs.getLong("facts"), rs.getLong("amount"), rs.getLong("points"), rs.getLong("stars")
                    });
                });
        long[] none = new long[4];
        long[] rated = byKind.getOrDefault("ORDER_RATED", none);
        return new MemberProfileInsights.Totals(
                byKind.getOrDefault("ORDER_PAID", none)[0],
                byKind.getOrDefault("ORDER_PAID", none)[1],
                byKind.getOrDefault("ORDER_REFUNDED", none)[1],
                byKind.getOrDefault("RESERVATION_BOOKED", none)[0],
                byKind.getOrDefault("RESERVATION_CHECKED_IN", none)[0],
                byKind.getOrDefault("DAILY_CHECK_IN", none)[0],
                rated[0],
                rated[0] == 0 ? null : Math.round(rated[3] * 100.0 / rated[0]) / 100.0,
                byKind.getOrDefault("COUPON_USED", none)[0],
                byKind.getOrDefault("REWARD_REDEEMED", none)[0],
                byKind.getOrDefault("POINTS_ISSUED", none)[2],
                byKind.getOrDefault("POINTS_REDEEMED", none)[2]);
    }

    @Test
    void aMembersFiguresEqualTheirFactsOverTwelveMonthsAndEver() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        long memberId = busiestMember(operatorId);
        // Ten months after the history: the twelve months start in May, so April's facts count only in all time.
        LocalDate asOf = LAST_DAY.plusMonths(10);
        LocalDate firstMonth = asOf.withDayOfMonth(1).minusMonths(11);
        assertThat(firstMonth).isEqualTo(LocalDate.of(2026, 5, 1));

        MemberProfileInsights.Profile profile = memberProfiles.profile(operatorId, memberId, asOf, Locale.ENGLISH);

        MemberProfileInsights.Totals window =
                independentTotals(operatorId, memberId, firstMonth, asOf.withDayOfMonth(1));
        MemberProfileInsights.Totals ever =
                independentTotals(operatorId, memberId, LocalDate.of(2000, 1, 1), asOf.withDayOfMonth(1));
        assertThat(profile.last12Months()).isEqualTo(window);
        assertThat(profile.allTime()).isEqualTo(ever);
        assertThat(window.orders()).isPositive().isLessThan(ever.orders());
        assertThat(ever.dailyCheckIns()).isPositive();

        LocalDate lastActive = jdbc.sql("""
                        select max(cast(occurred_at at time zone :zone as date)) from activity_fact
                        where operator_id = :operatorId and member_id = :memberId
                          and kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED', 'POINTS_EXPIRED')
                        """)
                .param("zone", ZONE)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query(LocalDate.class)
                .single();
        assertThat(profile.lastActiveDay()).isEqualTo(lastActive);
        assertThat(profile.name()).startsWith("Member ");
        assertThat(profile.interests()).isNotEmpty().hasSizeLessThanOrEqualTo(MemberProfileInsights.INTERESTS);
        assertThat(profile.tags()).isEmpty();
        assertThat(profile.rfm()).isNull();

        // The favourite category the generator planted is the strongest interest over the member's orders.
        String favourite = jdbc.sql("""
                        select c.name from activity_fact f join service_category c on c.id = f.category_id
                        where f.operator_id = ? and f.member_id = ? and f.kind = 'ORDER_PAID'
                        group by c.name order by count(*) desc limit 1
                        """)
                .param(operatorId)
                .param(memberId)
                .query(String.class)
                .single();
        assertThat(profile.interests())
                .extracting(MemberInterests.Interest::categoryName)
                .contains(favourite);
    }

    @Autowired
    TagComputation tagComputation;

    @Autowired
    Tags tags;

    @Autowired
    RfmScores rfmScores;

    @Test
    void theProfileShowsTheMembersTagsAndRfmScoresOnceComputed() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        long memberId = busiestMember(operatorId);
        tagComputation.recomputeAll(operatorId);

        MemberProfileInsights.Profile profile = memberProfiles.profile(operatorId, memberId, Locale.ENGLISH);

        assertThat(profile.tags()).isNotEmpty().isEqualTo(tags.of(operatorId, memberId));
        assertThat(profile.tags()).extracting(MemberTag::group).contains("activity", "industry");
        assertThat(profile.rfm()).isEqualTo(rfmScores.of(operatorId, memberId).orElseThrow());
    }

    @Test
    void theTimelinePagesThroughEveryFactButViewsNewestFirstWithoutGapsOrRepeats() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        long memberId = busiestMember(operatorId);
        List<String> expected = jdbc.sql("""
                        select id from activity_fact
                        where operator_id = ? and member_id = ?
                          and kind not in ('OFFERING_VIEW', 'CATEGORY_VIEW', 'OFFER_OPEN')
                        order by occurred_at desc, id desc
                        """).param(operatorId).param(memberId).query(Long.class).list().stream()
                .map(String::valueOf)
                .toList();
        assertThat(expected).hasSizeGreaterThan(20);

        List<String> seen = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            MemberProfileInsights.Timeline page =
                    memberProfiles.timeline(operatorId, memberId, before, 7, Locale.ENGLISH);
            page.entries().forEach(entry -> seen.add(entry.id()));
            before = page.nextBefore();
            pages++;
        } while (before != null && pages < 1000);

        assertThat(seen).containsExactlyElementsOf(expected);
        MemberProfileInsights.TimelineEntry paid =
                memberProfiles.timeline(operatorId, memberId, null, 100, Locale.ENGLISH).entries().stream()
                        .filter(entry -> entry.kind().equals("ORDER_PAID"))
                        .findFirst()
                        .orElseThrow();
        assertThat(paid.label()).startsWith("Paid ¥").endsWith(" for " + paid.offeringName());
        MemberProfileInsights.TimelineEntry paidZh =
                memberProfiles.timeline(operatorId, memberId, null, 100, Locale.SIMPLIFIED_CHINESE).entries().stream()
                        .filter(entry -> entry.id().equals(paid.id()))
                        .findFirst()
                        .orElseThrow();
        assertThat(paidZh.label()).startsWith("支付 ¥");
    }

    @Test
    void anEnterprisesFiguresEqualItsFactsAndItsHealthFollowsTheFormula() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        long enterpriseId = jdbc.sql("""
                        select m.enterprise_id from member m
                        where m.operator_id = ? and m.enterprise_id is not null
                          and exists (select 1 from lease l where l.enterprise_id = m.enterprise_id
                                        and l.starts_on <= ? and l.ends_on >= ?)
                        group by m.enterprise_id order by count(*) desc limit 1
                        """)
                .param(operatorId)
                .param(LAST_DAY)
                .param(LAST_DAY)
                .query(Long.class)
                .single();
        Enterprise enterprise = enterprises.get(operatorId, enterpriseId);

        EnterpriseProfiles.Profile profile = enterpriseProfiles.profile(operatorId, enterpriseId, LAST_DAY);

        LocalDate firstMonth = LAST_DAY.withDayOfMonth(1).minusMonths(11);
        Map<String, Object> params = Map.of(
                "operatorId",
                operatorId,
                "enterpriseId",
                enterpriseId,
                "zone",
                ZONE,
                "first",
                firstMonth,
                "last",
                LAST_DAY);
        Map<String, long[]> byKind = new HashMap<>();
        jdbc.sql("""
                        select kind, count(*) as facts, sum(amount_minor) as amount, sum(points) as points,
                               coalesce(sum(stars), 0) as stars
                        from activity_fact
                        where operator_id = :operatorId and enterprise_id = :enterpriseId
                          and cast(occurred_at at time zone :zone as date) between :first and :last
                        group by kind
                        """).params(params).query(rs -> {
            byKind.put(
                    rs.getString("kind"),
                    new long[] {rs.getLong("facts"), rs.getLong("amount"), rs.getLong("points"), rs.getLong("stars")});
        });
        long[] none = new long[4];
        assertThat(profile.orders12Months()).isPositive().isEqualTo(byKind.get("ORDER_PAID")[0]);
        assertThat(profile.spend12MonthsMinor()).isEqualTo(byKind.get("ORDER_PAID")[1]);
        assertThat(profile.pointsEarned12Months()).isEqualTo(byKind.getOrDefault("POINTS_ISSUED", none)[2]);
        assertThat(profile.pointsRedeemed12Months()).isEqualTo(byKind.getOrDefault("POINTS_REDEEMED", none)[2]);
        long[] rated = byKind.getOrDefault("ORDER_RATED", none);
        assertThat(profile.ratings12Months()).isEqualTo(rated[0]);
        assertThat(profile.satisfaction()).isEqualTo(Math.round(rated[3] * 100.0 / rated[0]) / 100.0);

        Map<String, Long> monthly = new HashMap<>();
        jdbc.sql("""
                        select to_char(occurred_at at time zone :zone, 'YYYY-MM') as month, sum(amount_minor) as amount
                        from activity_fact
                        where operator_id = :operatorId and enterprise_id = :enterpriseId and kind = 'ORDER_PAID'
                          and cast(occurred_at at time zone :zone as date) between :first and :last
                        group by 1
                        """).params(params).query(rs -> {
            monthly.put(rs.getString("month"), rs.getLong("amount"));
        });
        assertThat(profile.spendTrend()).hasSize(12);
        assertThat(profile.spendTrend().get(11).month()).isEqualTo("2026-06");
        for (EnterpriseProfiles.MonthSpend month : profile.spendTrend()) {
            assertThat(month.amountMinor()).as(month.month()).isEqualTo(monthly.getOrDefault(month.month(), 0L));
        }

        long registered = jdbc.sql("select count(*) from member where operator_id = ? and enterprise_id = ?")
                .param(operatorId)
                .param(enterpriseId)
                .query(Long.class)
                .single();
        String activeDays = """
                select count(distinct (member_id, cast(occurred_at at time zone :zone as date))) from activity_fact
                where operator_id = :operatorId and enterprise_id = :enterpriseId
                  and kind not in ('MEMBER_REGISTERED', 'POINTS_ISSUED', 'POINTS_EXPIRED')
                  and cast(occurred_at at time zone :zone as date) between :from and :to
                """;
        long active30 = jdbc.sql(
                        activeDays.replace("(member_id, cast(occurred_at at time zone :zone as date))", "member_id"))
                .params(params)
                .param("from", LAST_DAY.minusDays(29))
                .param("to", LAST_DAY)
                .query(Long.class)
                .single();
        long recent = jdbc.sql(activeDays)
                .params(params)
                .param("from", LAST_DAY.minusDays(89))
                .param("to", LAST_DAY)
                .query(Long.class)
                .single();
        long previous = jdbc.sql(activeDays)
                .params(params)
                .param("from", LAST_DAY.minusDays(179))
                .param("to", LAST_DAY.minusDays(90))
                .query(Long.class)
                .single();
        assertThat(profile.headcount())
                .isEqualTo(new EnterpriseProfiles.Headcount(enterprise.headcount(), registered, active30));
        assertThat(active30).isPositive();
        assertThat(profile.activeDaysRecent()).isEqualTo(recent);
        assertThat(profile.activeDaysPrevious()).isEqualTo(previous);

        Map<String, Object> lease = jdbc.sql("""
                        select ends_on, monthly_rent_minor, area_sqm from lease
                        where operator_id = ? and enterprise_id = ? and starts_on <= ? and ends_on >= ?
                        """)
                .param(operatorId)
                .param(enterpriseId)
                .param(LAST_DAY)
                .param(LAST_DAY)
                .query()
                .singleRow();
        LocalDate endsOn = ((java.sql.Date) lease.get("ends_on")).toLocalDate();
        assertThat(profile.lease().endsOn()).isEqualTo(endsOn);
        assertThat(profile.lease().monthlyRentMinor())
                .isEqualTo(((Number) lease.get("monthly_rent_minor")).longValue());
        assertThat(profile.lease().areaSqm()).isEqualTo(((Number) lease.get("area_sqm")).longValue());
        assertThat(profile.lease().daysToEnd()).isEqualTo(ChronoUnit.DAYS.between(LAST_DAY, endsOn));

        EnterpriseProfileHealth.Health expected = EnterpriseProfileHealth.of(
                new EnterpriseProfileHealth.Inputs(
                        enterprise.headcount(),
                        registered,
                        active30,
                        recent,
                        previous,
                        rated[0],
                        rated[3],
                        ChronoUnit.DAYS.between(LAST_DAY, endsOn)),
                180,
                60);
        assertThat(profile.health()).isEqualTo(expected);
        assertThat(profile.health().score()).isBetween(1, 100);
    }

    @Test
    void aCompanyWhoseLeaseEndsWithinTheWindowAndScoresLowIsARenewalRiskAndOneDayLaterIsNot() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        long siteId = sites.list(operatorId).get(0).id();
        LocalDate today = LAST_DAY;
        Enterprise endingInWindow = enterprises.create(
                operatorId,
                new Enterprises.NewEnterprise(
                        siteId,
                        "Ending soon " + System.nanoTime(),
                        "MEDIA",
                        10,
                        new Enterprise.Lease(1_000_000, today.minusYears(1), today.plusDays(180)),
                        null));
        Enterprise endingLater = enterprises.create(
                operatorId,
                new Enterprises.NewEnterprise(
                        siteId,
                        "Ending later " + System.nanoTime(),
                        "MEDIA",
                        10,
                        new Enterprise.Lease(1_000_000, today.minusYears(1), today.plusDays(181)),
                        null));

        EnterpriseProfiles.Profile soon = enterpriseProfiles.profile(operatorId, endingInWindow.id(), today);
        EnterpriseProfiles.Profile later = enterpriseProfiles.profile(operatorId, endingLater.id(), today);

        assertThat(soon.headcount()).isEqualTo(new EnterpriseProfiles.Headcount(10, 0, 0));
        assertThat(soon.lease().daysToEnd()).isEqualTo(180);
        assertThat(soon.lease().renewals()).isZero();
        assertThat(soon.health().score()).isLessThan(60);
        assertThat(soon.health().renewalRisk()).isTrue();
        assertThat(later.health().renewalRisk()).isFalse();
        assertThat(soon.spendTrend())
                .allSatisfy(month -> assertThat(month.amountMinor()).isZero());
    }

    @Test
    void theApiAnswersStaffWithStableNamesAndAnotherOperatorWith404() {
        HistoryGenerator.Generated generated = GeneratedHistory.generate(generator, LAST_DAY);
        long operatorId = generated.operatorId();
        long memberId = busiestMember(operatorId);
        long enterpriseId = jdbc.sql("select min(id) from enterprise where operator_id = ?")
                .param(operatorId)
                .query(Long.class)
                .single();
        Api admin = Api.as(port, generated.adminUsername(), GeneratedHistory.PASSWORD);

        Api.Response member = admin.get("/api/v1/members/" + memberId + "/profile");
        assertThat(member.status()).as(member.toString()).isEqualTo(200);
        JsonNode body = member.json();
        assertThat(body.get("memberId").asString()).isEqualTo(Long.toString(memberId));
        assertThat(body.get("allTime").get("orders").asLong()).isPositive();
        assertThat(body.get("tags").isArray()).isTrue();
        assertThat(body.has("rfm")).isTrue();
        assertThat(body.get("timeline").get("entries").size()).isEqualTo(MemberProfileInsights.TIMELINE_PAGE);
        String next = body.get("timeline").get("nextBefore").asString();
        Api.Response older = admin.get("/api/v1/members/" + memberId + "/profile/timeline?size=5&before="
                + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(older.status()).as(older.toString()).isEqualTo(200);
        assertThat(older.json().get("entries").size()).isEqualTo(5);
        Api.Response badCursor = admin.get("/api/v1/members/" + memberId + "/profile/timeline?before=yesterday");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.fieldErrors()).contains("before");

        Api.Response company = admin.get("/api/v1/enterprises/" + enterpriseId + "/profile");
        assertThat(company.status()).as(company.toString()).isEqualTo(200);
        JsonNode health = company.json().get("health");
        assertThat(health.get("score").asInt()).isBetween(0, 100);
        assertThat(health.get("components").size()).isEqualTo(5);
        assertThat(health.has("renewalRisk")).isTrue();

        // The demo operator's admin, and an unknown id, find nothing.
        Api demoAdmin = Api.as(port, "admin", "demo");
        assertThat(demoAdmin.get("/api/v1/members/" + memberId + "/profile").status())
                .isEqualTo(404);
        assertThat(demoAdmin
                        .get("/api/v1/members/" + memberId + "/profile/timeline")
                        .status())
                .isEqualTo(404);
        assertThat(demoAdmin
                        .get("/api/v1/enterprises/" + enterpriseId + "/profile")
                        .status())
                .isEqualTo(404);
        assertThat(admin.get("/api/v1/members/999999999999/profile").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/enterprises/not-an-id/profile").status()).isEqualTo(404);
    }

    @Test
    void anEnterpriseAdminReadsTheirOwnCompanyOnlyAndNoMemberProfile() {
        long demo = operators.findByCode("demo").orElseThrow().id();
        long own = jdbc.sql("select enterprise_id from app_user where username = 'ent-admin' and operator_id = ?")
                .param(demo)
                .query(Long.class)
                .single();
        long other = jdbc.sql("select min(id) from enterprise where operator_id = ? and id <> ?")
                .param(demo)
                .param(own)
                .query(Long.class)
                .single();
        long anEmployee = members.idsOf(demo, own).get(0);
        Api entAdmin = Api.as(port, "ent-admin", "demo");

        Api.Response mine = entAdmin.get("/api/v1/enterprises/" + own + "/profile");
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.json().get("enterpriseId").asString()).isEqualTo(Long.toString(own));
        assertThat(entAdmin.get("/api/v1/enterprises/" + other + "/profile").status())
                .isEqualTo(404);
        assertThat(entAdmin.get("/api/v1/members/" + anEmployee + "/profile").status())
                .isEqualTo(403);
    }

    @Test
    void aNewMemberHasAnEmptyProfile() {
        long demo = operators.findByCode("demo").orElseThrow().id();
        long siteId = sites.list(demo).get(0).id();
        long memberId = members.register(
                        demo,
                        new Members.NewMember(
                                siteId,
                                null,
                                "Profile Newcomer",
                                "1823%07d"
                                        .formatted((System.nanoTime() / 1000 + mobiles.incrementAndGet()) % 10_000_000),
                                null))
                .id();

        MemberProfileInsights.Profile profile = memberProfiles.profile(demo, memberId, Locale.ENGLISH);

        assertThat(profile.allTime().orders()).isZero();
        assertThat(profile.allTime().averageStars()).isNull();
        assertThat(profile.interests()).isEmpty();
        assertThat(profile.walletBalanceMinor()).isZero();
        assertThat(profile.enterpriseId()).isNull();
        assertThat(profile.siteName()).isEqualTo(sites.get(demo, siteId).name());
    }
}
