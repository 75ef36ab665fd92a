package io.enjoyspace.demo;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.identity.Users;
import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.rules.Campaigns;
import io.enjoyspace.rules.CheckIns;
import io.enjoyspace.rules.EventTypes;
import io.enjoyspace.rules.Referrals;
import io.enjoyspace.rules.Rule;
import io.enjoyspace.rules.RuleDefinition;
import io.enjoyspace.rules.Rules;
import io.enjoyspace.rules.WelcomeBonus;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo world once, on an empty database, under the {@code demo} profile only: “EnjoySpace Demo” with an
 * office tower and an industrial park, five tenant companies, forty members, fifteen offerings and a points rule; and
 * “Harbor Mall”, a second operator, to show that neither sees the other. Every demo password is {@code demo}.
 */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {

    static final String PASSWORD = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static final String[] FAMILY_NAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};
    private static final String[] GIVEN_NAMES = {"芳", "伟", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "婷"};

    private final Operators operators;
    private final Sites sites;
    private final Enterprises enterprises;
    private final Members members;
    private final Users users;
    private final Catalog catalog;
    private final Rules rules;
    private final Campaigns campaigns;
    private final java.time.Clock clock;
    private final CheckIns checkIns;
    private final Referrals referrals;
    private final WelcomeBonus welcome;
    private final TransactionTemplate transaction;

    DemoData(
            Operators operators,
            Sites sites,
            Enterprises enterprises,
            Members members,
            Users users,
            Catalog catalog,
            Rules rules,
            Campaigns campaigns,
            java.time.Clock clock,
            CheckIns checkIns,
            Referrals referrals,
            WelcomeBonus welcome,
            TransactionTemplate transaction) {
        this.operators = operators;
        this.sites = sites;
        this.enterprises = enterprises;
        this.members = members;
        this.users = users;
        this.catalog = catalog;
        this.rules = rules;
        this.campaigns = campaigns;
        this.clock = clock;
        this.checkIns = checkIns;
        this.referrals = referrals;
        this.welcome = welcome;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (operators.findByCode("demo").isPresent()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            loadPlatform();
            loadDemoOperator();
            loadCheckInProgram(operators.findByCode("demo").orElseThrow().id());
            loadReferralProgram(operators.findByCode("demo").orElseThrow().id());
            loadHarborMall();
        });
        log.info(
                "Demo data loaded: sign in as admin, staff, member, member2, ent-admin, mall-admin or mall-member"
                        + " (password '{}')",
                PASSWORD);
    }

    private void loadPlatform() {
        users.create(new Users.NewUser(null, "platform", PASSWORD, "Platform admin", Role.PLATFORM_ADMIN, null, null));
    }

    private void loadDemoOperator() {
        Operator demo = operators.create("demo", "EnjoySpace Demo", SHANGHAI);
        long op = demo.id();
        Site tower = sites.create(
                op, "Lujiazui Century Tower", SiteKind.OFFICE_TOWER, "88 Century Avenue, Shanghai", "TOWER88");
        Site park = sites.create(
                op, "Zhangjiang Innovation Park", SiteKind.INDUSTRIAL_PARK, "399 Keyuan Road, Shanghai", "PARK66");

        LocalDate leaseStart = LocalDate.of(2025, 1, 1);
        List<Enterprise> companies = List.of(
                enterprise(op, tower, "Lanting Technology", "Software", 86, 36_000_000, leaseStart, "LANTING1"),
                enterprise(
                        op, tower, "Huaxia Capital", "Finance", 240, 98_000_000, leaseStart.plusMonths(3), "HUAXIA22"),
                enterprise(
                        op,
                        tower,
                        "Mofang Design Studio",
                        "Design",
                        12,
                        4_800_000,
                        leaseStart.plusMonths(6),
                        "MOFANG33"),
                enterprise(op, park, "Qingmiao Biotech", "Biotechnology", 45, 21_000_000, leaseStart, "QINGMIAO"),
                enterprise(
                        op,
                        park,
                        "Zhengda Law Partners",
                        "Legal services",
                        7,
                        3_200_000,
                        leaseStart.plusMonths(9),
                        "ZHENGDA5"));

        List<Member> people = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Enterprise company = companies.get(i % companies.size());
            String name = FAMILY_NAMES[i % FAMILY_NAMES.length] + GIVEN_NAMES[(i * 7) % GIVEN_NAMES.length];
            people.add(members.register(
                    op,
                    new Members.NewMember(
                            company.siteId(),
                            company.id(),
                            name,
                            "1380000%04d".formatted(i + 1),
                            "member%02d@demo.enjoyspace.io".formatted(i + 1))));
        }

        users.create(new Users.NewUser(op, "admin", PASSWORD, "陈经理 Operator admin", Role.OPERATOR_ADMIN, null, null));
        users.create(new Users.NewUser(op, "staff", PASSWORD, "前台 Front desk", Role.OPERATOR_STAFF, null, null));
        Member member = people.get(0);
        Member member2 = people.get(1);
        users.create(new Users.NewUser(
                op, "member", PASSWORD, member.name(), Role.MEMBER, member.id(), member.enterpriseId()));
        users.create(new Users.NewUser(
                op, "member2", PASSWORD, member2.name(), Role.MEMBER, member2.id(), member2.enterpriseId()));
        users.create(new Users.NewUser(
                op, "ent-admin", PASSWORD, "Lanting HR", Role.ENTERPRISE_ADMIN, null, member.enterpriseId()));

        Category office = catalog.createCategory(op, "Office services", CategoryKind.OFFICE);
        Category rooms = catalog.createCategory(op, "Meeting rooms & venues", CategoryKind.OFFICE);
        Category life = catalog.createCategory(op, "Lifestyle", CategoryKind.LIFESTYLE);
        Category food = catalog.createCategory(op, "Food & drink", CategoryKind.LIFESTYLE);
        Category business = catalog.createCategory(op, "Enterprise services", CategoryKind.ENTERPRISE);
        offering(op, rooms, "Meeting room, 2 hours", "12-seat room with screen and video conferencing", 20_000);
        offering(op, rooms, "Roadshow hall, half day", "80 seats, stage, sound and projection", 280_000);
        offering(op, office, "Printing, 100 pages", "Black and white A4, collected at the front desk", 3_000);
        offering(op, office, "Deep office cleaning", "Up to 200 m², carpets and windows included", 68_000);
        offering(op, office, "IT support visit", "An engineer at your desk within two hours", 30_000);
        offering(op, office, "Courier pickup", "Same-day pickup from your office", 1_500);
        offering(op, life, "Car wash", "Exterior and interior, in the basement car park", 6_800);
        offering(op, life, "Laundry, one bag", "Washed, dried and folded, back next day", 4_500);
        offering(op, life, "Bottled water delivery", "Two 18.9 L bottles to your pantry", 2_500);
        offering(op, food, "Afternoon coffee set", "Coffee and pastries for ten", 12_000);
        offering(op, food, "Healthy lunch box", "Delivered to your desk at noon", 3_500);
        offering(op, business, "Tax filing, monthly", "Bookkeeping and tax returns for small companies", 150_000);
        offering(op, business, "Legal consultation, 1 hour", "Contracts, employment and compliance", 80_000);
        offering(op, business, "Company registration", "Business licence, seal and bank account", 200_000);
        offering(op, business, "Team building day", "Planned and hosted outing for up to 30 people", 500_000);

        loadRules(op);
    }

    /**
     * Orders earn a point per yuan, valid to the end of next year; a completed profile earns 50 once; and a community
     * campaign running around today rewards event attendance within a budget.
     */
    private void loadRules(long op) {
        rules.create(
                op,
                rule("1 point per yuan paid", EventTypes.ORDER_COMPLETED, "", RuleDefinition.Action.PER_YUAN, null, "1")
                        .withExpiry(new ExpiryPolicy(ExpiryPolicy.Kind.END_OF_YEAR, 1)),
                Rule.Status.ACTIVE,
                null);
        rules.create(
                op,
                rule("Complete your profile", EventTypes.PROFILE_COMPLETED, "", RuleDefinition.Action.FIXED, 50, null)
                        .withLimits(new RuleDefinition.Limits(null, null, null, 50L, null, null, null, null, null)),
                Rule.Status.ACTIVE,
                null);
        rules.create(
                op,
                rule(
                                "Five-star review",
                                EventTypes.REVIEW_SUBMITTED,
                                "attributes.rating >= 5",
                                RuleDefinition.Action.FIXED,
                                10,
                                null)
                        .withLimits(new RuleDefinition.Limits(10L, null, 100L, null, null, null, null, null, null)),
                Rule.Status.ACTIVE,
                null);
        java.time.Instant now = clock.instant();
        var campaign = campaigns.create(
                op,
                new Campaigns.Settings(
                        "Community month",
                        "Points for joining community events",
                        now.minus(java.time.Duration.ofDays(7)),
                        now.plus(java.time.Duration.ofDays(23)),
                        50_000L,
                        "#e8590c"));
        rules.create(
                op,
                rule("Event attendance", EventTypes.EVENT_ATTENDED, "", RuleDefinition.Action.FIXED, 30, null)
                        .withLimits(new RuleDefinition.Limits(30L, null, null, null, null, null, null, null, null))
                        .inCampaign(campaign.id()),
                Rule.Status.ACTIVE,
                null);
    }

    private static RuleDefinition rule(
            String name, String type, String condition, RuleDefinition.Action action, Integer points, String rate) {
        return new RuleDefinition(
                name,
                type,
                condition,
                action,
                points,
                rate == null ? null : new java.math.BigDecimal(rate),
                "amount",
                RuleDefinition.Rounding.DOWN,
                RuleDefinition.Limits.NONE,
                null,
                null,
                100,
                false,
                ExpiryPolicy.NEVER,
                0,
                null);
    }

    private void loadReferralProgram(long operatorId) {
        referrals.saveProgram(operatorId, new Referrals.Program(true, 100, 50, true));
    }

    private void loadCheckInProgram(long operatorId) {
        checkIns.saveProgram(
                operatorId,
                new CheckIns.Program(
                        true,
                        5,
                        List.of(new CheckIns.Program.BonusDay(7, 20), new CheckIns.Program.BonusDay(30, 100))));
    }

    private void loadHarborMall() {
        Operator harbor = operators.create("harbor", "Harbor Mall", SHANGHAI);
        long op = harbor.id();
        Site mall = sites.create(op, "Harbor Mall", SiteKind.MALL, "1 Harbor Road, Xiamen", "HARBOR01");
        Enterprise cafe = enterprise(
                op, mall, "Seaside Café", "Food & beverage", 9, 2_500_000, LocalDate.of(2025, 5, 1), "SEASIDE1");
        Member shopper = members.register(
                op, new Members.NewMember(mall.id(), cafe.id(), "林海 Lin Hai", "13900000001", "lin.hai@harbor.example"));
        users.create(
                new Users.NewUser(op, "mall-admin", PASSWORD, "Harbor Mall admin", Role.OPERATOR_ADMIN, null, null));
        users.create(new Users.NewUser(
                op, "mall-member", PASSWORD, shopper.name(), Role.MEMBER, shopper.id(), shopper.enterpriseId()));
        Category services = catalog.createCategory(op, "Tenant services", CategoryKind.OFFICE);
        offering(op, services, "Storefront cleaning", "Glass and signage, before opening hours", 25_000);
        rules.create(
                op,
                rule("2 points per yuan", EventTypes.ORDER_COMPLETED, "", RuleDefinition.Action.PER_YUAN, null, "2"),
                Rule.Status.ACTIVE,
                null);
        welcome.save(op, true, 20);
    }

    private Enterprise enterprise(
            long operatorId,
            Site site,
            String name,
            String industry,
            int headcount,
            long monthlyRentMinor,
            LocalDate leaseStart,
            String code) {
        return enterprises.create(
                operatorId,
                new Enterprises.NewEnterprise(
                        site.id(),
                        name,
                        industry,
                        headcount,
                        new Enterprise.Lease(
                                monthlyRentMinor,
                                leaseStart,
                                leaseStart.plusYears(3).minusDays(1)),
                        code));
    }

    private void offering(long operatorId, Category category, String name, String description, long priceMinor) {
        catalog.createOffering(operatorId, new Catalog.NewOffering(category.id(), name, description, priceMinor));
    }
}
