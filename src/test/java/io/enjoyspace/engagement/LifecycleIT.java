package io.enjoyspace.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.identity.Users;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.rules.CheckIns;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class LifecycleIT {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String PASSWORD = "lifecycle-pass-1";
    // Mobile numbers 18171xxxxxx belong to this class only.
    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Autowired
    Enterprises enterprises;

    @Autowired
    Members members;

    @Autowired
    Users users;

    @Autowired
    Catalog catalog;

    @Autowired
    CheckIns checkIns;

    @Autowired
    PointsLedger ledger;

    @Autowired
    LifecycleRun run;

    @Autowired
    Inbox inbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    /** An operator of its own, so that running its lifecycle touches no other test's members. */
    record World(long operatorId, long siteId, Enterprise company, String offeringId, String adminName, int port) {

        /** Signed in afresh: tokens expire by the application clock, which these tests move. */
        Api admin() {
            return Api.as(port, adminName, PASSWORD);
        }
    }

    private World world() {
        String code = "lc-" + UUID.randomUUID().toString().substring(0, 8);
        long operatorId =
                operators.create(code, "Lifecycle Park " + code, SHANGHAI).id();
        Site site = sites.create(
                operatorId,
                "Park",
                SiteKind.INDUSTRIAL_PARK,
                "1 Test Road",
                code.replace("-", "").toUpperCase(Locale.ROOT));
        Enterprise company = enterprises.create(
                operatorId,
                new Enterprises.NewEnterprise(
                        site.id(),
                        "Lifecycle Labs",
                        "Software",
                        10,
                        new Enterprise.Lease(1_000_000, LocalDate.of(2025, 1, 1), LocalDate.of(2030, 12, 31)),
                        null));
        Category category = catalog.createCategory(operatorId, "Office services", CategoryKind.OFFICE);
        String offeringId = Long.toString(catalog.createOffering(
                        operatorId, new Catalog.NewOffering(category.id(), "Printing", "Fifty pages", 1_000))
                .id());
        checkIns.saveProgram(operatorId, new CheckIns.Program(true, 1, List.of()));
        users.create(
                new Users.NewUser(operatorId, code + "-admin", PASSWORD, "Admin", Role.OPERATOR_ADMIN, null, null));
        return new World(operatorId, site.id(), company, offeringId, code + "-admin", port);
    }

    private long member(World world) {
        return members.register(
                        world.operatorId(),
                        new Members.NewMember(
                                world.siteId(),
                                world.company().id(),
                                "Lifecycle member",
                                "18171%06d".formatted(mobiles.incrementAndGet()),
                                null))
                .id();
    }

    private String memberUser(World world, long memberId) {
        String username = "lc-member-" + memberId;
        users.create(new Users.NewUser(
                world.operatorId(),
                username,
                PASSWORD,
                "Lifecycle member",
                Role.MEMBER,
                memberId,
                world.company().id()));
        return username;
    }

    private String addAction(World world, String trigger, String kind, Integer points) {
        Api.Response added = world.admin()
                .post("/api/v1/lifecycle/actions", Api.map("trigger", trigger, "kind", kind, "points", points));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json().get("id").asString();
    }

    private String stage(World world, long memberId) {
        JsonNode standing =
                world.admin().get("/api/v1/lifecycle/members/" + memberId).json();
        return standing.get("stage").isNull() ? null : standing.get("stage").asString();
    }

    private void runLifecycle(World world) {
        Journey.awaitEventsDelivered(jdbc);
        assertThat(world.admin()
                        .post("/api/v1/lifecycle/runs", java.util.Map.of())
                        .status())
                .isEqualTo(200);
    }

    private void checkInDays(World world, long memberId, int days) {
        for (int i = 0; i < days; i++) {
            clock.advance(Duration.ofDays(1));
            checkIns.checkIn(world.operatorId(), memberId);
        }
    }

    private long balance(World world, long memberId) {
        return ledger.balance(world.operatorId(), Account.member(memberId));
    }

    private long runs(World world, String actionId, long memberId) {
        return jdbc.sql("""
                        select count(*) from lifecycle_action_run
                        where operator_id = :o and action_id = :a and member_id = :m
                        """)
                .param("o", world.operatorId())
                .param("a", Long.parseLong(actionId))
                .param("m", memberId)
                .query(Long.class)
                .single();
    }

    @Test
    void membersMoveThroughStagesByTheirUsesAndEachStageEntryActsOnce() {
        World world = world();
        String welcome = addAction(world, "NEW", "MESSAGE", null);
        String coupon = world.admin()
                .post(
                        "/api/v1/lifecycle/actions",
                        Api.map("trigger", "ACTIVE", "kind", "COUPON", "couponTemplateId", "42"))
                .json()
                .get("id")
                .asString();
        String wakeUpPoints = addAction(world, "DORMANT", "POINTS", 200);
        String wakeUpMessage = addAction(world, "DORMANT", "MESSAGE", null);
        clock.pin(Instant.now());
        long memberId = member(world);
        String member = memberUser(world, memberId);

        runLifecycle(world);
        assertThat(stage(world, memberId)).isEqualTo("NEW");
        assertThat(inbox.messages(world.operatorId(), memberId, 10))
                .extracting(Inbox.Message::code)
                .containsExactly("engagement.offer.NEW");

        checkInDays(world, memberId, 1);
        runLifecycle(world);
        assertThat(stage(world, memberId)).isEqualTo("ACTIVE");
        JsonNode log =
                world.admin().get("/api/v1/lifecycle/log?actionId=" + coupon).json();
        assertThat(log.get("items").get(0).get("status").asString()).isEqualTo("SKIPPED");
        // Template 42 is not this operator's: the coupons module issues nothing.
        assertThat(log.get("items").get(0).get("detail").asString()).isEqualTo("The coupon template issued no coupon.");

        checkInDays(world, memberId, 2);
        runLifecycle(world);
        assertThat(stage(world, memberId)).isEqualTo("SILVER");

        checkInDays(world, memberId, 5);
        runLifecycle(world);
        assertThat(stage(world, memberId)).isEqualTo("GOLD");

        // Thirty days without a use: dormant, and the wake-up gift goes out once however often the job runs.
        clock.advance(Duration.ofDays(30));
        long before = balance(world, memberId);
        runLifecycle(world);
        runLifecycle(world);
        assertThat(stage(world, memberId)).isEqualTo("DORMANT");
        assertThat(balance(world, memberId) - before).isEqualTo(200);
        assertThat(runs(world, wakeUpPoints, memberId)).isEqualTo(1);
        assertThat(runs(world, wakeUpMessage, memberId)).isEqualTo(1);
        assertThat(runs(world, welcome, memberId)).isEqualTo(1);
        assertThat(inbox.messages(world.operatorId(), memberId, 10))
                .extracting(Inbox.Message::code)
                .contains("engagement.offer.DORMANT");

        // A new order brings the member back, and converts the wake-up actions.
        clock.advance(Duration.ofDays(2));
        Api.Response order = Journey.order(Api.as(port, member, PASSWORD), world.offeringId(), 1);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        runLifecycle(world);
        assertThat(stage(world, memberId)).isEqualTo("ACTIVE");
        JsonNode transitions = world.admin()
                .get("/api/v1/lifecycle/members/" + memberId)
                .json()
                .get("transitions");
        assertThat(transitions.findValuesAsString("to"))
                .containsExactly("ACTIVE", "DORMANT", "GOLD", "SILVER", "ACTIVE", "NEW");

        JsonNode actions = world.admin().get("/api/v1/lifecycle").json().get("actions");
        for (JsonNode action : actions) {
            String id = action.get("id").asString();
            if (id.equals(wakeUpPoints) || id.equals(wakeUpMessage)) {
                assertThat(action.get("reached").asLong()).isEqualTo(1);
                assertThat(action.get("converted").asLong()).isEqualTo(1);
                assertThat(action.get("conversionPercent").asLong()).isEqualTo(100);
            }
            if (id.equals(coupon)) {
                assertThat(action.get("reached").asLong()).isZero();
                assertThat(action.get("skipped").asLong()).isEqualTo(2);
            }
        }
        JsonNode stages = world.admin().get("/api/v1/lifecycle").json().get("stages");
        assertThat(stages.get("ACTIVE").asLong()).isEqualTo(1);
        assertThat(stages.get("DORMANT").asLong()).isZero();
    }

    @Test
    void twoRunsAtOnceActOncePerMemberAndStageEntry() throws Exception {
        World world = world();
        String gift = addAction(world, "NEW", "POINTS", 50);
        List<Long> newMembers = List.of(member(world), member(world), member(world));
        Journey.awaitEventsDelivered(jdbc);

        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<LifecycleRun.Result>> runs = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return run.run(world.operatorId());
                }))
                .toList();
        int transitions = 0;
        for (CompletableFuture<LifecycleRun.Result> result : runs) {
            transitions += result.get().transitions();
        }
        assertThat(transitions).isEqualTo(3);
        for (long memberId : newMembers) {
            assertThat(stage(world, memberId)).isEqualTo("NEW");
            assertThat(runs(world, gift, memberId)).isEqualTo(1);
            assertThat(balance(world, memberId)).isEqualTo(50);
        }
    }

    @Test
    void birthdayGiftsGoOutOnTheBirthdayOnceAYear() {
        World world = world();
        String gift = addAction(world, "BIRTHDAY", "POINTS", 88);
        long memberId = member(world);
        jdbc.sql("update member set birthday = date '1990-07-15' where operator_id = :o and id = :m")
                .param("o", world.operatorId())
                .param("m", memberId)
                .update();
        int year = LocalDate.now(SHANGHAI).getYear() + 1;
        clock.pin(LocalDate.of(year, 7, 14).atTime(12, 0).atZone(SHANGHAI).toInstant());
        runLifecycle(world);
        assertThat(balance(world, memberId)).isZero();

        clock.advance(Duration.ofDays(1));
        runLifecycle(world);
        runLifecycle(world);
        assertThat(balance(world, memberId)).isEqualTo(88);
        assertThat(runs(world, gift, memberId)).isEqualTo(1);
    }

    @Test
    void thresholdsAreValidatedFieldByField() {
        World world = world();
        Api.Response refused = world.admin()
                .put(
                        "/api/v1/lifecycle/settings",
                        Api.map(
                                "silverUsesPerMonth", 5,
                                "goldUsesPerMonth", 4,
                                "dormantAfterDays", 30,
                                "churnAfterDays", 20,
                                "churnDropPercent", 50,
                                "conversionDays", null));
        assertThat(refused.fieldErrors()).containsExactly("conversionDays");
        refused = world.admin()
                .put(
                        "/api/v1/lifecycle/settings",
                        Api.map(
                                "silverUsesPerMonth", 5,
                                "goldUsesPerMonth", 4,
                                "dormantAfterDays", 30,
                                "churnAfterDays", 20,
                                "churnDropPercent", 50,
                                "conversionDays", 7));
        assertThat(refused.fieldErrors()).containsExactly("goldUsesPerMonth", "churnAfterDays");
        Api.Response saved = world.admin()
                .put(
                        "/api/v1/lifecycle/settings",
                        Api.map(
                                "silverUsesPerMonth", 2,
                                "goldUsesPerMonth", 6,
                                "dormantAfterDays", 21,
                                "churnAfterDays", 45,
                                "churnDropPercent", 60,
                                "conversionDays", 7));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(world.admin()
                        .get("/api/v1/lifecycle")
                        .json()
                        .get("settings")
                        .get("dormantAfterDays")
                        .asInt())
                .isEqualTo(21);
        assertThat(world.admin()
                        .post("/api/v1/lifecycle/actions", Api.map("trigger", "DORMANT", "kind", "POINTS"))
                        .fieldErrors())
                .containsExactly("points");
        assertThat(world.admin()
                        .post("/api/v1/lifecycle/actions", Api.map("trigger", "SOMETIME", "kind", "POINTS"))
                        .fieldErrors())
                .containsExactly("trigger");
    }

    @Test
    void anotherOperatorSeesNeitherTheLogNorTheMembers() {
        World world = world();
        addAction(world, "NEW", "MESSAGE", null);
        long memberId = member(world);
        runLifecycle(world);
        assertThat(world.admin()
                        .get("/api/v1/lifecycle/log")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1);

        for (String other : List.of("admin", "mall-admin")) {
            Api staff = Api.as(port, other);
            assertThat(staff.get("/api/v1/lifecycle/members/" + memberId).status())
                    .isEqualTo(404);
            assertThat(staff.get("/api/v1/lifecycle/log?size=200")
                            .json()
                            .get("items")
                            .findValuesAsString("memberId"))
                    .doesNotContain(Long.toString(memberId));
        }
        String demoMember =
                Api.as(port, "member").get("/api/v1/me").json().get("memberId").asString();
        assertThat(world.admin().get("/api/v1/lifecycle/members/" + demoMember).status())
                .isEqualTo(404);
        String action = world.admin()
                .get("/api/v1/lifecycle")
                .json()
                .get("actions")
                .get(0)
                .get("id")
                .asString();
        assertThat(Api.as(port, "mall-admin")
                        .put("/api/v1/lifecycle/actions/" + action, Api.map("enabled", false))
                        .status())
                .isEqualTo(404);
    }
}
