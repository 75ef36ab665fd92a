package io.enjoyspace.insights;

import io.enjoyspace.identity.OperatorOnboarding;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Generates a realistic history into any EnjoySpace database: operators (each with an admin who can sign in), sites
 * with capacity, enterprises with lease histories and renewals, members registering over time, a catalog, and months
 * of activity facts with seasonality (weekdays busier than weekends, a quiet Spring Festival month, a busy December,
 * growth over the period) and planted preferences (each member favours one or two categories). Rows go in through
 * COPY; the rollups are then recomputed once for each new operator. The same seed gives the same history.
 */
@Component
public class HistoryGenerator {

    private static final Logger log = LoggerFactory.getLogger(HistoryGenerator.class);

    /** Rows per COPY statement. */
    static final int COPY_ROWS = 200_000;

    static final String[][] CATEGORIES = {
        {"Cleaning", "OFFICE"},
        {"Repairs", "OFFICE"},
        {"Catering", "LIFESTYLE"},
        {"Fitness", "LIFESTYLE"},
        {"IT support", "ENTERPRISE"},
        {"Legal and tax", "ENTERPRISE"}
    };

    /** Month-of-year activity: Spring Festival in February, summer holidays in August, year-end rush in December. */
    static final double[] MONTH_FACTOR = {0.95, 0.6, 1.0, 1.0, 1.0, 0.95, 0.9, 0.8, 1.0, 0.9, 1.05, 1.15};

    /** How unevenly a category's offerings sell (1 = evenly); see {@link #offeringInCategory}. */
    static final double OFFERING_SKEW = 1.6;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final OperatorOnboarding onboarding;
    private final Operators operators;
    private final Sites sites;
    private final InsightRollups rollups;
    private final InsightTenancy tenancy;
    private final FactPartitions partitions;

    /** The days the member being generated has checked in on (one check-in a day). */
    private java.util.Set<Long> checkedIn = new java.util.HashSet<>();

    HistoryGenerator(
            JdbcClient jdbc,
            DataSource dataSource,
            OperatorOnboarding onboarding,
            Operators operators,
            Sites sites,
            InsightRollups rollups,
            InsightTenancy tenancy,
            FactPartitions partitions) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.onboarding = onboarding;
        this.operators = operators;
        this.sites = sites;
        this.rollups = rollups;
        this.tenancy = tenancy;
        this.partitions = partitions;
    }

    /**
     * What to generate, per operator: {@code factsPerMemberMonth} sessions' worth of facts on average (a session is a
     * visit: views, perhaps an order, a check-in, a booking), ending on {@code lastDay}.
     */
    public record Plan(
            String codePrefix,
            int operators,
            int sitesPerOperator,
            int enterprisesPerOperator,
            int membersPerOperator,
            int months,
            double sessionsPerMemberMonth,
            long seed,
            LocalDate lastDay,
            String adminPassword) {

        public Plan {
            if (operators < 1 || sitesPerOperator < 1 || enterprisesPerOperator < 1 || membersPerOperator < 1) {
                throw new IllegalArgumentException("operators, sites, enterprises and members must be at least 1");
            }
            if (months < 1 || months > 120) {
                throw new IllegalArgumentException("months must be 1 to 120");
            }
        }
    }

    /** What was generated for one operator. */
    public record Generated(long operatorId, String code, String adminUsername, long members, long facts) {}

    public List<Generated> generate(Plan plan) {
        List<Generated> generated = new ArrayList<>();
        for (int n = 1; n <= plan.operators(); n++) {
            String code = plan.codePrefix() + "-" + n;
            if (operators.findByCode(code).isPresent()) {
                log.info("Operator {} exists: not generated again", code);
                continue;
            }
            generated.add(generateOperator(plan, code, new SplittableRandom(plan.seed() * 31 + n)));
        }
        return generated;
    }

    private Generated generateOperator(Plan plan, String code, SplittableRandom random) {
        long started = System.nanoTime();
        String admin = code + "-admin";
        Operator operator = onboarding.onboard(new OperatorOnboarding.Onboard(
                code,
                "Generated " + code,
                ZoneId.of("Asia/Shanghai"),
                "Tower 1",
                SiteKind.OFFICE_TOWER,
                admin,
                plan.adminPassword()));
        long operatorId = operator.id();
        ZoneId zone = operator.timeZone();
        for (int s = 2; s <= plan.sitesPerOperator(); s++) {
            sites.create(operatorId, (s % 3 == 0 ? "Park " : "Tower ") + s, SiteKind.OFFICE_TOWER, null, null);
        }
        List<Long> siteIds = sites.list(operatorId).stream().map(Site::id).toList();
        LocalDate lastDay = plan.lastDay();
        LocalDate firstDay = lastDay.minusMonths(plan.months()).plusDays(1);

        // The catalog: offerings with a price and a hidden quality that their ratings follow.
        List<long[]> offerings = new ArrayList<>(); // id, category id, price, quality x 10, by category in order
        for (int c = 0; c < CATEGORIES.length; c++) {
            long categoryId = jdbc.sql("""
                            insert into service_category (operator_id, name, kind) values (:operatorId, :name, :kind)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("name", CATEGORIES[c][0])
                    .param("kind", CATEGORIES[c][1])
                    .query(Long.class)
                    .single();
            for (int o = 1; o <= 5; o++) {
                long price = (20 + random.nextInt(480)) * 100L;
                long offeringId = jdbc.sql("""
                                insert into offering (operator_id, category_id, name, price_minor, currency)
                                values (:operatorId, :categoryId, :name, :price, :currency) returning id
                                """)
                        .param("operatorId", operatorId)
                        .param("categoryId", categoryId)
                        .param("name", CATEGORIES[c][0] + " " + o)
                        .param("price", price)
                        .param("currency", operator.currency())
                        .query(Long.class)
                        .single();
                offerings.add(new long[] {offeringId, categoryId, price, 30 + random.nextInt(19)});
            }
        }

        // Enterprises with lease histories: leases of one to three years, three in four renewed when they end.
        int enterpriseCount = plan.enterprisesPerOperator();
        long[] enterpriseSite = new long[enterpriseCount];
        double[] enterpriseWeight = new double[enterpriseCount];
        StringBuilder enterprises = new StringBuilder();
        for (int e = 0; e < enterpriseCount; e++) {
            enterpriseSite[e] = siteIds.get(e % siteIds.size());
            enterpriseWeight[e] = 0.2 + random.nextDouble() * random.nextDouble() * 3;
        }
        double weightSum = 0;
        for (double weight : enterpriseWeight) {
            weightSum += weight;
        }
        int[] assigned = new int[enterpriseCount];
        long withEnterprise = Math.round(plan.membersPerOperator() * 0.9);
        int[] headcount = new int[enterpriseCount];
        for (int e = 0; e < enterpriseCount; e++) {
            assigned[e] = (int) Math.round(withEnterprise * enterpriseWeight[e] / weightSum);
            headcount[e] = Math.max(1, (int) Math.ceil(assigned[e] / (0.6 + random.nextDouble() * 0.35)));
        }
        List<long[]> leases =
                new ArrayList<>(); // enterprise index, starts epoch day, ends epoch day, rent, area, renewed from index
        for (int e = 0; e < enterpriseCount; e++) {
            int area = headcount[e] * (8 + random.nextInt(5));
            long rent = area * (150L + random.nextInt(150)) * 100;
            LocalDate start = firstDay.minusDays(random.nextInt(3 * 365));
            int previous = -1;
            while (true) {
                LocalDate end = start.plusYears(1 + random.nextInt(3)).minusDays(1);
                leases.add(new long[] {e, start.toEpochDay(), end.toEpochDay(), rent, area, previous});
                previous = leases.size() - 1;
                if (!end.isBefore(lastDay) || random.nextDouble() >= 0.75) {
                    break;
                }
                start = end.plusDays(1);
                rent = rent * (100 + random.nextInt(8)) / 100;
            }
        }
        int[] currentLease = new int[enterpriseCount];
        for (int l = 0; l < leases.size(); l++) {
            currentLease[(int) leases.get(l)[0]] = l;
        }
        for (int e = 0; e < enterpriseCount; e++) {
            long[] lease = leases.get(currentLease[e]);
            enterprises
                    .append(operatorId)
                    .append('\t')
                    .append(enterpriseSite[e])
                    .append("\tCompany ")
                    .append(e + 1)
                    .append('\t')
                    .append(e % 2 == 0 ? "TECH" : "FINANCE")
                    .append('\t')
                    .append(
                            headcount[e] < 10
                                    ? "MICRO"
                                    : headcount[e] < 50 ? "SMALL" : headcount[e] < 250 ? "MEDIUM" : "LARGE")
                    .append('\t')
                    .append(headcount[e])
                    .append('\t')
                    .append(lease[3])
                    .append('\t')
                    .append(LocalDate.ofEpochDay(lease[1]))
                    .append('\t')
                    .append(LocalDate.ofEpochDay(lease[2]))
                    .append('\t')
                    .append(code.toUpperCase().replaceAll("[^A-Z0-9]", ""))
                    .append('E')
                    .append(e + 1)
                    .append('\n');
        }
        copy(
                "copy enterprise (operator_id, site_id, name, industry, size_band, headcount, lease_monthly_rent_minor,"
                        + " lease_starts_on, lease_ends_on, invitation_code) from stdin",
                enterprises);
        List<Long> enterpriseIds = jdbc.sql("select id from enterprise where operator_id = :operatorId order by id")
                .param("operatorId", operatorId)
                .query(Long.class)
                .list();
        long[] leaseIds = new long[leases.size()];
        for (int l = 0; l < leases.size(); l++) {
            long[] lease = leases.get(l);
            int e = (int) lease[0];
            leaseIds[l] = jdbc.sql("""
                            insert into lease (operator_id, enterprise_id, site_id, starts_on, ends_on, monthly_rent_minor,
                                               area_sqm, renewed_from)
                            values (:operatorId, :enterpriseId, :siteId, :startsOn, :endsOn, :rent, :area, :renewedFrom)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("enterpriseId", enterpriseIds.get(e))
                    .param("siteId", enterpriseSite[e])
                    .param("startsOn", LocalDate.ofEpochDay(lease[1]))
                    .param("endsOn", LocalDate.ofEpochDay(lease[2]))
                    .param("rent", lease[3])
                    .param("area", lease[4])
                    .param("renewedFrom", lease[5] < 0 ? null : leaseIds[(int) lease[5]])
                    .query(Long.class)
                    .single();
        }
        // Sites are built a little larger than their tenants need: about 15 % stands empty.
        jdbc.sql("""
                        update site s set capacity_area_sqm = greatest(1, (select coalesce(sum(l.area_sqm), 0) * 100 / 85
                                                               from lease l where l.site_id = s.id and l.starts_on <= :day
                                                                 and l.ends_on >= :day))
                        where s.operator_id = :operatorId
                        """).param("operatorId", operatorId).param("day", lastDay).update();

        // Members: nine in ten work at an enterprise; registrations grow over the period.
        int memberCount = plan.membersPerOperator();
        long[] memberSite = new long[memberCount];
        long[] memberEnterprise = new long[memberCount];
        long[] memberRegistered = new long[memberCount];
        StringBuilder members = new StringBuilder();
        int e = 0;
        int inEnterprise = 0;
        long historyDays = ChronoUnit.DAYS.between(firstDay, lastDay) + 1;
        for (int m = 0; m < memberCount; m++) {
            while (e < enterpriseCount && inEnterprise >= assigned[e]) {
                e++;
                inEnterprise = 0;
            }
            if (e < enterpriseCount) {
                memberEnterprise[m] = enterpriseIds.get(e);
                memberSite[m] = enterpriseSite[e];
                inEnterprise++;
            } else {
                memberEnterprise[m] = 0;
                memberSite[m] = siteIds.get(random.nextInt(siteIds.size()));
            }
            // A third joined before the period; the rest register through it, more of them later (growth).
            long registered = random.nextDouble() < 0.33
                    ? firstDay.toEpochDay() - 1 - random.nextInt(365)
                    : firstDay.toEpochDay() + (long) (Math.sqrt(random.nextDouble()) * historyDays);
            memberRegistered[m] = Math.min(registered, lastDay.toEpochDay());
            members.append(operatorId)
                    .append('\t')
                    .append(memberSite[m])
                    .append('\t')
                    .append(memberEnterprise[m] == 0 ? "\\N" : Long.toString(memberEnterprise[m]))
                    .append("\tMember ")
                    .append(m + 1)
                    .append("\t19")
                    .append(String.format("%09d", m + 1))
                    .append('\t')
                    .append(LocalDate.ofEpochDay(memberRegistered[m]))
                    .append('\n');
            if (members.length() > 8_000_000) {
                copy(
                        "copy member (operator_id, site_id, enterprise_id, name, mobile, registered_on) from stdin",
                        members);
                members.setLength(0);
            }
        }
        copy("copy member (operator_id, site_id, enterprise_id, name, mobile, registered_on) from stdin", members);
        long[] memberIds = jdbc
                .sql("select id from member where operator_id = :operatorId order by id")
                .param("operatorId", operatorId)
                .query(Long.class)
                .list()
                .stream()
                .mapToLong(Long::longValue)
                .toArray();

        for (YearMonth month = YearMonth.from(firstDay.minusYears(1).atStartOfDay(ZoneOffset.UTC));
                !month.isAfter(YearMonth.from(lastDay.plusDays(1)));
                month = month.plusMonths(1)) {
            partitions.ensure(month);
        }

        // Activity: sessions on days chosen by weekday, month and growth; each member favours one or two categories.
        FactWriter facts = new FactWriter(operatorId);
        checkedIn = new java.util.HashSet<>();
        for (int m = 0; m < memberCount; m++) {
            long memberId = memberIds[m];
            String enterprise = memberEnterprise[m] == 0 ? "\\N" : Long.toString(memberEnterprise[m]);
            String site = Long.toString(memberSite[m]);
            LocalDate registeredOn = LocalDate.ofEpochDay(memberRegistered[m]);
            if (!registeredOn.isBefore(firstDay)) {
                facts.add(
                        "MEMBER_REGISTERED",
                        "m" + memberId,
                        memberId,
                        enterprise,
                        site,
                        null,
                        null,
                        0,
                        0,
                        null,
                        null,
                        at(registeredOn, 9 * 60, zone));
            }
            LocalDate activeFrom = registeredOn.isBefore(firstDay) ? firstDay : registeredOn;
            long activeDays = ChronoUnit.DAYS.between(activeFrom, lastDay) + 1;
            double engagement = random.nextDouble() < 0.2 ? 0.1 : 0.4 + random.nextDouble() * 1.6;
            double expected = plan.sessionsPerMemberMonth() * engagement * activeDays / 30.0;
            int sessions = poisson(random, expected);
            int favourite = random.nextInt(CATEGORIES.length);
            int second = random.nextInt(CATEGORIES.length);
            checkedIn.clear();
            for (int s = 0; s < sessions; s++) {
                LocalDate day = sessionDay(random, activeFrom, activeDays, firstDay, historyDays);
                int minute = 7 * 60 + random.nextInt(13 * 60);
                double pick = random.nextDouble();
                int category = pick < 0.6 ? favourite : pick < 0.8 ? second : random.nextInt(CATEGORIES.length);
                long[] offering = offerings.get(category * 5 + offeringInCategory(random));
                session(facts, random, memberId, enterprise, site, offering, day, minute, zone);
            }
            // Points left unused expire now and then.
            if (random.nextDouble() < 0.02 * plan.months()) {
                LocalDate day = lastDay.minusDays(random.nextInt((int) Math.min(activeDays, 365)));
                facts.add(
                        "POINTS_EXPIRED",
                        "x" + facts.next(),
                        memberId,
                        enterprise,
                        site,
                        null,
                        null,
                        0,
                        50 + random.nextInt(500),
                        null,
                        null,
                        at(day.withDayOfMonth(1), 0, zone));
            }
            coupons(facts, memberId, enterprise, site, activeFrom, activeDays, lastDay, engagement, zone);
            tiers(facts, memberId, enterprise, site, activeFrom, activeDays, sessions, zone);
        }
        facts.flush();
        jdbc.sql("""
                        insert into activity_fact_key (operator_id, kind, subject_id, occurred_at)
                        select operator_id, kind, subject_id, occurred_at from activity_fact
                        where operator_id = :operatorId
                          and kind not in ('OFFERING_VIEW', 'CATEGORY_VIEW', 'OFFER_OPEN')
                        """).param("operatorId", operatorId).update();
        jdbc.sql("analyze activity_fact").update();
        rollups.recompute(operatorId);
        tenancy.refresh(operatorId);
        log.info(
                "Generated operator {} (admin {}): {} members, {} facts in {} s",
                code,
                admin,
                memberCount,
                facts.count,
                (System.nanoTime() - started) / 1_000_000_000);
        return new Generated(operatorId, code, admin, memberCount, facts.count);
    }

    /**
     * Coupons reaching the member (about one every three months, more for the engaged) and a third of them used
     * within two weeks. Drawn from the member's own random stream, so the rest of the history is the same with or
     * without them.
     */
    private void coupons(
            FactWriter facts,
            long memberId,
            String enterprise,
            String site,
            LocalDate activeFrom,
            long activeDays,
            LocalDate lastDay,
            double engagement,
            ZoneId zone) {
        SplittableRandom random = new SplittableRandom(memberId * 31 + 7);
        int coupons = poisson(random, activeDays / 90.0 * Math.min(engagement, 1.5));
        for (int c = 0; c < coupons; c++) {
            LocalDate issued = activeFrom.plusDays(random.nextInt((int) activeDays));
            long coupon = facts.next();
            facts.add(
                    "COUPON_ISSUED",
                    "c" + coupon,
                    memberId,
                    enterprise,
                    site,
                    null,
                    null,
                    0,
                    0,
                    null,
                    null,
                    at(issued, 10 * 60, zone));
            LocalDate used = issued.plusDays(random.nextInt(14));
            if (random.nextDouble() < 0.35 && !used.isAfter(lastDay)) {
                facts.add(
                        "COUPON_USED",
                        "c" + coupon,
                        memberId,
                        enterprise,
                        site,
                        null,
                        null,
                        500 + 500L * random.nextInt(6),
                        0,
                        null,
                        null,
                        at(used, 12 * 60 + random.nextInt(6 * 60), zone));
            }
        }
    }

    /** The busier members rise a tier some day; a quarter of them fall back at the start of a later month. */
    private void tiers(
            FactWriter facts,
            long memberId,
            String enterprise,
            String site,
            LocalDate activeFrom,
            long activeDays,
            int sessions,
            ZoneId zone) {
        SplittableRandom random = new SplittableRandom(memberId * 17 + 3);
        if (activeDays < 30 || random.nextDouble() >= Math.min(0.6, sessions * 30.0 / activeDays / 10)) {
            return;
        }
        LocalDate up = activeFrom.plusDays(random.nextInt((int) activeDays));
        facts.add(
                "TIER_UPGRADED",
                memberId + ":up:" + up,
                memberId,
                enterprise,
                site,
                null,
                null,
                0,
                0,
                null,
                null,
                at(up, 9 * 60 + 30, zone));
        LocalDate down = up.plusMonths(1 + random.nextInt(3)).withDayOfMonth(1);
        if (random.nextDouble() < 0.25 && down.isBefore(activeFrom.plusDays(activeDays))) {
            facts.add(
                    "TIER_DOWNGRADED",
                    memberId + ":down:" + down,
                    memberId,
                    enterprise,
                    site,
                    null,
                    null,
                    0,
                    0,
                    null,
                    null,
                    at(down, 1, zone));
        }
    }

    /** One visit: the offering viewed, perhaps ordered, completed, rated; a check-in, a booking, a redemption. */
    private void session(
            FactWriter facts,
            SplittableRandom random,
            long memberId,
            String enterprise,
            String site,
            long[] offering,
            LocalDate day,
            int minute,
            ZoneId zone) {
        Instant at = at(day, minute, zone);
        String offeringId = Long.toString(offering[0]);
        String categoryId = Long.toString(offering[1]);
        facts.add(
                "OFFERING_VIEW", offeringId, memberId, enterprise, site, offeringId, categoryId, 0, 0, null, null, at);
        if (random.nextDouble() < 0.3 && checkedIn.add(day.toEpochDay())) {
            facts.add(
                    "DAILY_CHECK_IN",
                    memberId + ":" + day,
                    memberId,
                    enterprise,
                    site,
                    null,
                    null,
                    0,
                    0,
                    null,
                    null,
                    at.plusSeconds(5));
            facts.add(
                    "POINTS_ISSUED",
                    "p" + facts.next(),
                    memberId,
                    enterprise,
                    site,
                    null,
                    null,
                    0,
                    5,
                    null,
                    null,
                    at.plusSeconds(5));
        }
        if (random.nextDouble() < 0.35) {
            long order = facts.next();
            long amount = offering[2] * (1 + (random.nextDouble() < 0.2 ? 1 : 0));
            Instant paidAt = at.plusSeconds(60);
            facts.add(
                    "ORDER_PAID",
                    "o" + order,
                    memberId,
                    enterprise,
                    site,
                    offeringId,
                    categoryId,
                    amount,
                    0,
                    null,
                    null,
                    paidAt);
            facts.add(
                    "POINTS_ISSUED",
                    "p" + facts.next(),
                    memberId,
                    enterprise,
                    site,
                    null,
                    null,
                    0,
                    amount / 100,
                    null,
                    null,
                    paidAt);
            if (random.nextDouble() < 0.9) {
                Instant completedAt = paidAt.plusSeconds(3600 + random.nextInt(20 * 3600));
                boolean onTime = random.nextDouble() < 0.92;
                facts.add(
                        "ORDER_COMPLETED",
                        "o" + order,
                        memberId,
                        enterprise,
                        site,
                        offeringId,
                        categoryId,
                        amount,
                        0,
                        null,
                        onTime,
                        completedAt);
                if (random.nextDouble() < 0.4) {
                    double mean = offering[3] / 10.0 - (onTime ? 0 : 1);
                    int stars = (int) Math.max(1, Math.min(5, Math.round(mean + random.nextGaussian() * 0.7)));
                    facts.add(
                            "ORDER_RATED",
                            "o" + order,
                            memberId,
                            enterprise,
                            site,
                            offeringId,
                            categoryId,
                            0,
                            0,
                            stars,
                            null,
                            completedAt.plusSeconds(1800));
                }
                if (random.nextDouble() < 0.02) {
                    facts.add(
                            "ORDER_REFUNDED",
                            "f" + facts.next(),
                            memberId,
                            enterprise,
                            site,
                            offeringId,
                            categoryId,
                            amount / 2,
                            0,
                            null,
                            null,
                            completedAt.plusSeconds(86_400));
                }
            }
        }
        if (random.nextDouble() < 0.1) {
            long reservation = facts.next();
            long price = (1 + random.nextInt(4)) * 5_000L;
            facts.add(
                    "RESERVATION_BOOKED",
                    "r" + reservation,
                    memberId,
                    enterprise,
                    site,
                    null,
                    null,
                    price,
                    0,
                    null,
                    null,
                    at.plusSeconds(120));
            if (random.nextDouble() < 0.8) {
                facts.add(
                        "RESERVATION_CHECKED_IN",
                        "r" + reservation,
                        memberId,
                        enterprise,
                        site,
                        null,
                        null,
                        price,
                        0,
                        null,
                        null,
                        at.plusSeconds(7200));
            }
        }
        if (random.nextDouble() < 0.06) {
            facts.add(
                    "POINTS_REDEEMED",
                    "p" + facts.next(),
                    memberId,
                    enterprise,
                    site,
                    null,
                    null,
                    0,
                    100 + random.nextInt(400),
                    null,
                    null,
                    at.plusSeconds(300));
        }
    }

    /**
     * Which of a category's five offerings a session is about: some sell better than others everywhere (about 37, 20,
     * 16, 14 and 13 per cent), as on a real shelf, so that popularity means something.
     */
    static int offeringInCategory(SplittableRandom random) {
        return Math.min(4, (int) (5 * Math.pow(random.nextDouble(), OFFERING_SKEW)));
    }

    private static LocalDate sessionDay(
            SplittableRandom random, LocalDate activeFrom, long activeDays, LocalDate firstDay, long historyDays) {
        while (true) {
            LocalDate day = activeFrom.plusDays(random.nextInt((int) activeDays));
            double weight = switch (day.getDayOfWeek()) {
                        case SATURDAY, SUNDAY -> 0.35;
                        default -> 1.0;
                    }
                    * MONTH_FACTOR[day.getMonthValue() - 1]
                    * (0.7 + 0.3 * ChronoUnit.DAYS.between(firstDay, day) / historyDays);
            if (random.nextDouble() * 1.15 < weight) {
                return day;
            }
        }
    }

    private static int poisson(SplittableRandom random, double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static Instant at(LocalDate day, int minute, ZoneId zone) {
        return day.atTime(LocalTime.MIN.plusMinutes(minute)).atZone(zone).toInstant();
    }

    /** Facts as COPY text, sent every {@link #COPY_ROWS} rows. */
    private final class FactWriter {

        private final long operatorId;
        private final StringBuilder rows = new StringBuilder(1 << 24);
        private int pending;
        private long sequence;
        long count;

        FactWriter(long operatorId) {
            this.operatorId = operatorId;
        }

        long next() {
            return ++sequence;
        }

        void add(
                String kind,
                String subject,
                long memberId,
                String enterprise,
                String site,
                String offering,
                String category,
                long amount,
                long points,
                Integer stars,
                Boolean onTime,
                Instant at) {
            rows.append(operatorId)
                    .append('\t')
                    .append(kind)
                    .append('\t')
                    .append(subject)
                    .append('\t')
                    .append(memberId)
                    .append('\t')
                    .append(enterprise)
                    .append('\t')
                    .append(site)
                    .append('\t')
                    .append(offering == null ? "\\N" : offering)
                    .append('\t')
                    .append(category == null ? "\\N" : category)
                    .append('\t')
                    .append(amount)
                    .append('\t')
                    .append(points)
                    .append('\t')
                    .append(stars == null ? "\\N" : stars.toString())
                    .append('\t')
                    .append(onTime == null ? "\\N" : onTime.toString())
                    .append('\t')
                    .append(at)
                    .append('\n');
            count++;
            if (++pending >= COPY_ROWS) {
                flush();
            }
        }

        void flush() {
            if (pending == 0) {
                return;
            }
            copy(
                    "copy activity_fact (operator_id, kind, subject_id, member_id, enterprise_id, site_id, offering_id,"
                            + " category_id, amount_minor, points, stars, on_time, occurred_at) from stdin",
                    rows);
            rows.setLength(0);
            pending = 0;
        }
    }

    private void copy(String sql, CharSequence rows) {
        if (rows.length() == 0) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn(sql, new StringReader(rows.toString()));
        } catch (SQLException | IOException failed) {
            throw new IllegalStateException("COPY failed: " + failed.getMessage(), failed);
        }
    }
}
