package io.enjoyspace.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.GapMembers;
import io.enjoyspace.PageSession;
import io.enjoyspace.identity.Users;
import io.enjoyspace.ordering.DiscountBasket;
import io.enjoyspace.ordering.DiscountLine;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Members;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** The enterprise admin's view of the company allowance pool: meters, draws by employee, and handing units out. */
@EnjoySpaceTest
class EnterpriseAllowancesIT {

    private static final AtomicLong orders = new AtomicLong(1_822_000_000L);

    @LocalServerPort
    int port;

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Members members;

    @Autowired
    Users users;

    @Autowired
    Allowances allowances;

    @Autowired
    AllowanceCheckout checkout;

    @Autowired
    EnterpriseAllowances pool;

    @Autowired
    TransactionTemplate transaction;

    MembershipWorlds.World world;
    String enterpriseAdmin;
    long enterpriseAdminUserId;
    Allowances.Grant rooms;

    @BeforeEach
    void world() {
        world = worlds.create();
        enterpriseAdmin = "gap-ent-" + UUID.randomUUID().toString().substring(0, 8);
        enterpriseAdminUserId = users.create(new Users.NewUser(
                world.operatorId(),
                enterpriseAdmin,
                GapMembers.PASSWORD,
                "Company admin",
                Role.ENTERPRISE_ADMIN,
                null,
                world.enterpriseId()));
        rooms = allowances.grant(
                world.operatorId(),
                Audience.ENTERPRISE,
                world.enterpriseId(),
                new Allowances.GrantCommand(
                        AllowanceSource.PURCHASE,
                        AllowanceUnit.MINUTES,
                        600,
                        List.of("MEETING_ROOM"),
                        List.of(),
                        "Company meeting rooms",
                        null,
                        Instant.now().plus(Duration.ofDays(20)),
                        null),
                new IdempotencyKey(UUID.randomUUID().toString()),
                world.adminUserId());
    }

    private long employee(String name) {
        return members.register(
                        world.operatorId(),
                        new Members.NewMember(
                                world.siteId(), world.enterpriseId(), name, GapMembers.nextMobile(), null))
                .id();
    }

    /** The employee books a meeting room for {@code minutes}, paid from the pool at checkout. */
    private void book(long memberId, int minutes) {
        Instant startsAt = Instant.now().plus(Duration.ofDays(1));
        transaction.executeWithoutResult(status -> checkout.apply(new DiscountBasket(
                world.operatorId(),
                orders.incrementAndGet(),
                memberId,
                world.enterpriseId(),
                world.siteId(),
                List.of(new DiscountLine(
                        1,
                        0,
                        null,
                        "RESOURCE",
                        "MEETING_ROOM",
                        1,
                        minutes * 100L,
                        startsAt,
                        startsAt.plus(Duration.ofMinutes(minutes)))),
                List.of(),
                true,
                Instant.now())));
    }

    private EnterpriseAllowances.Share share(long memberId, long units, String key) {
        return pool.share(
                world.operatorId(),
                world.enterpriseId(),
                rooms.id(),
                memberId,
                units,
                new IdempotencyKey(key),
                enterpriseAdminUserId);
    }

    @Test
    void drawsAreShownByEmployeeAndAHandOutMovesUnitsFromThePoolToTheEmployee() {
        long booker = employee("Pool booker");
        long receiver = employee("Pool receiver");
        book(booker, 90);

        EnterpriseAllowances.Share shared =
                share(receiver, 120, UUID.randomUUID().toString());

        assertThat(shared.replayed()).isFalse();
        assertThat(shared.memberGrant().ownerKind()).isEqualTo(Audience.MEMBER);
        assertThat(shared.memberGrant().ownerId()).isEqualTo(receiver);
        assertThat(shared.memberGrant().quantity()).isEqualTo(120);
        assertThat(shared.memberGrant().unit()).isEqualTo(AllowanceUnit.MINUTES);
        assertThat(shared.memberGrant().resourceTypes()).containsExactly("MEETING_ROOM");
        assertThat(shared.memberGrant().validUntil()).isEqualTo(rooms.validUntil());
        assertThat(allowances.grantById(world.operatorId(), rooms.id()).remaining())
                .isEqualTo(600 - 90 - 120);
        assertThat(pool.uses(world.operatorId(), world.enterpriseId()))
                .extracting(
                        EnterpriseAllowances.EmployeeUse::memberId,
                        EnterpriseAllowances.EmployeeUse::drawnUnits,
                        EnterpriseAllowances.EmployeeUse::draws,
                        EnterpriseAllowances.EmployeeUse::sharedUnits)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(booker, 90L, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(receiver, 0L, 0L, 120L));
        // What the receiver got is theirs to book with, before the pool.
        assertThat(allowances.meters(world.operatorId(), receiver))
                .extracting(Allowances.Grant::ownerKind, Allowances.Grant::remaining)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Audience.MEMBER, 120L),
                        org.assertj.core.groups.Tuple.tuple(Audience.ENTERPRISE, 390L));
    }

    @Test
    void aReplayGivesNothingTwiceAndTheSameKeyForAnotherHandOutIsAConflict() {
        long receiver = employee("Replayed receiver");
        String key = UUID.randomUUID().toString();

        EnterpriseAllowances.Share first = share(receiver, 60, key);
        EnterpriseAllowances.Share replay = share(receiver, 60, key);

        assertThat(replay.replayed()).isTrue();
        assertThat(replay.memberGrant().id()).isEqualTo(first.memberGrant().id());
        assertThat(allowances.grantById(world.operatorId(), rooms.id()).used()).isEqualTo(60);
        assertThatThrownBy(() -> share(receiver, 61, key)).isInstanceOf(ConflictException.class);
    }

    @Test
    void concurrentHandOutsNeverGiveMoreThanThePoolHolds() throws Exception {
        long receiver = employee("Concurrent receiver");
        ExecutorService admins = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                attempts.add(admins.submit(() -> {
                    try {
                        share(receiver, 100, UUID.randomUUID().toString());
                        return true;
                    } catch (InvalidInputException e) {
                        return false;
                    }
                }));
            }
            int given = 0;
            for (Future<Boolean> attempt : attempts) {
                given += attempt.get() ? 1 : 0;
            }
            assertThat(given).isEqualTo(6);
        } finally {
            admins.shutdown();
        }
        assertThat(allowances.grantById(world.operatorId(), rooms.id()).used()).isEqualTo(600);
        assertThat(allowances.grants(world.operatorId(), Audience.MEMBER, receiver, true).stream()
                        .mapToLong(Allowances.Grant::quantity)
                        .sum())
                .isEqualTo(600);
    }

    @Test
    void moreThanIsLeftStrangersAndOtherCompaniesPoolsAreRefused() {
        long receiver = employee("Greedy receiver");
        long stranger = members.register(
                        world.operatorId(),
                        new Members.NewMember(world.siteId(), null, "Not an employee", GapMembers.nextMobile(), null))
                .id();
        MembershipWorlds.World other = worlds.create();

        assertThatThrownBy(() -> share(receiver, 601, UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(InvalidInputException.FieldError::field)
                                .containsExactly("units"));
        assertThatThrownBy(() -> share(stranger, 10, UUID.randomUUID().toString()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> pool.share(
                        other.operatorId(),
                        other.enterpriseId(),
                        rooms.id(),
                        worlds.member(other, other.enterpriseId()),
                        10,
                        new IdempotencyKey(UUID.randomUUID().toString()),
                        other.adminUserId()))
                .isInstanceOf(NotFoundException.class);
        assertThat(allowances.grantById(world.operatorId(), rooms.id()).used()).isZero();
    }

    @Test
    void theEnterpriseAdminPageShowsThePoolAndHandsUnitsOut() {
        long booker = employee("Page booker");
        book(booker, 60);
        String mobile = members.get(world.operatorId(), booker).mobile();
        PageSession admin = PageSession.signIn(port, enterpriseAdmin, GapMembers.PASSWORD);

        for (String language : List.of("en", "zh-CN")) {
            HttpResponse<String> page = admin.get("/enterprise/allowances", language);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("Company meeting rooms")
                    .contains("Page booker")
                    .contains(mobile)
                    .doesNotContain("??");
        }
        assertThat(admin.get("/enterprise/allowances").body()).contains("9 h of 10 h left");

        HttpResponse<String> given = admin.post(
                "/enterprise/allowances",
                "/enterprise/allowances/shares",
                Map.of(
                        "grantId",
                        Long.toString(rooms.id()),
                        "mobile",
                        mobile,
                        "units",
                        "90",
                        "idempotencyKey",
                        UUID.randomUUID().toString()));
        assertThat(given.statusCode()).isEqualTo(302);
        assertThat(allowances.grantById(world.operatorId(), rooms.id()).remaining())
                .isEqualTo(600 - 60 - 90);
        assertThat(admin.get("/enterprise/allowances").body()).contains("7 h 30 min of 10 h left");

        HttpResponse<String> refused = admin.post(
                "/enterprise/allowances",
                "/enterprise/allowances/shares",
                Map.of(
                        "grantId",
                        Long.toString(rooms.id()),
                        "mobile",
                        "19999999999",
                        "units",
                        "10",
                        "idempotencyKey",
                        UUID.randomUUID().toString()));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(allowances.grantById(world.operatorId(), rooms.id()).remaining())
                .isEqualTo(450);
    }
}
