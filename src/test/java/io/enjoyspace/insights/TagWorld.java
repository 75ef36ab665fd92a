package io.enjoyspace.insights;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.identity.Users;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * A fresh operator per test of tags and segments, so that quintiles and counts depend on that test's members only;
 * members get mobile numbers 1824xxxxxxx.
 */
@Component
@Profile("test")
class TagWorld {

    static final String PASSWORD = "tag-world-pass";
    private static final AtomicInteger mobiles = new AtomicInteger();
    private static final AtomicInteger facts = new AtomicInteger();

    private final Operators operators;
    private final Sites sites;
    private final Enterprises enterprises;
    private final Members members;
    private final Catalog catalog;
    private final Users users;
    private final FactRecorder recorder;
    private final InsightRollups rollups;
    private final Clock clock;

    TagWorld(
            Operators operators,
            Sites sites,
            Enterprises enterprises,
            Members members,
            Catalog catalog,
            Users users,
            FactRecorder recorder,
            InsightRollups rollups,
            Clock clock) {
        this.operators = operators;
        this.sites = sites;
        this.enterprises = enterprises;
        this.members = members;
        this.catalog = catalog;
        this.users = users;
        this.recorder = recorder;
        this.rollups = rollups;
        this.clock = clock;
    }

    /** An operator with one site, one category and an admin account. */
    record World(long operatorId, long siteId, long categoryId, String admin) {}

    World create() {
        String code = "tg-" + UUID.randomUUID().toString().substring(0, 8);
        long operatorId = operators
                .create(code, "Tag Park " + code, ZoneId.of("Asia/Shanghai"))
                .id();
        long siteId = sites.create(
                        operatorId,
                        "Park",
                        SiteKind.OFFICE_TOWER,
                        "1 Tag Road",
                        code.replace("-", "").toUpperCase(Locale.ROOT))
                .id();
        long categoryId = catalog.createCategory(operatorId, "Cleaning", CategoryKind.OFFICE)
                .id();
        users.create(
                new Users.NewUser(operatorId, code + "-admin", PASSWORD, "Admin", Role.OPERATOR_ADMIN, null, null));
        return new World(operatorId, siteId, categoryId, code + "-admin");
    }

    long enterprise(World world, String industry, int headcount) {
        return enterprises
                .create(
                        world.operatorId(),
                        new Enterprises.NewEnterprise(
                                world.siteId(),
                                "Company " + headcount,
                                industry,
                                headcount,
                                new Enterprise.Lease(100_000, LocalDate.of(2025, 1, 1), LocalDate.of(2030, 12, 31)),
                                null))
                .id();
    }

    long member(World world, Long enterpriseId) {
        return members.register(
                        world.operatorId(),
                        new Members.NewMember(
                                world.siteId(),
                                enterpriseId,
                                "Tag member",
                                "1824%07d".formatted(mobiles.incrementAndGet() + (System.nanoTime() % 1000) * 10_000),
                                null))
                .id();
    }

    /** A paid order of the member, {@code daysAgo} days before now. */
    void paid(World world, long memberId, long amountMinor, int daysAgo) {
        recorder.record(
                Fact.of(world.operatorId(), FactKind.ORDER_PAID, "tag-order-" + facts.incrementAndGet(), at(daysAgo))
                        .member(memberId)
                        .category(world.categoryId())
                        .amount(amountMinor));
    }

    /** A daily check-in of the member, {@code daysAgo} days before now: one active day. */
    void checkIn(World world, long memberId, int daysAgo) {
        recorder.record(Fact.of(
                        world.operatorId(),
                        FactKind.DAILY_CHECK_IN,
                        "tag-check-" + facts.incrementAndGet(),
                        at(daysAgo))
                .member(memberId));
    }

    void view(World world, long memberId) {
        recorder.record(Fact.of(world.operatorId(), FactKind.CATEGORY_VIEW, world.categoryId(), at(0))
                .member(memberId)
                .category(world.categoryId()));
    }

    void rollUp() {
        rollups.catchUp();
    }

    Instant at(int daysAgo) {
        return clock.instant().minus(daysAgo, ChronoUnit.DAYS);
    }
}
