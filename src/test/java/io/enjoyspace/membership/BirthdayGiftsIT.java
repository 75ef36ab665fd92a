package io.enjoyspace.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.GapMembers;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import io.enjoyspace.coupons.CouponKind;
import io.enjoyspace.coupons.CouponTemplates;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.tenancy.Members;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tier's birthday gift: points and a coupon on the member's birthday, exactly once a year however often and on
 * however many nodes the daily job runs, and the member told in the inbox.
 */
@EnjoySpaceTest
class BirthdayGiftsIT {

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Members members;

    @Autowired
    Tiers tiers;

    @Autowired
    TierEvaluation evaluation;

    @Autowired
    BirthdayGifts gifts;

    @Autowired
    CouponTemplates couponTemplates;

    @Autowired
    PointsLedger ledger;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    MembershipWorlds.World world;
    long goldTierId;
    long couponTemplateId;

    @BeforeEach
    void world() {
        // 10:00 in Shanghai on 15 March 2027.
        clock.pin(ZonedDateTime.of(2027, 3, 15, 10, 0, 0, 0, MembershipWorlds.SHANGHAI)
                .toInstant());
        world = worlds.create();
        tiers.create(
                world.operatorId(),
                Audience.MEMBER,
                new Tiers.TierDraft("STANDARD", "Standard", 0, 0, 100, null, false, false, 0));
        couponTemplateId = couponTemplates
                .create(
                        world.operatorId(),
                        new CouponTemplates.NewTemplate(
                                "Birthday treat",
                                null,
                                CouponKind.AMOUNT_OFF,
                                2_000L,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                1,
                                30,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                false,
                                null))
                .id();
        goldTierId = tiers.create(
                        world.operatorId(),
                        Audience.MEMBER,
                        new Tiers.TierDraft("GOLD", "Gold", 1, 8, 150, null, false, false, 300, couponTemplateId))
                .id();
    }

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    private long member(LocalDate birthday, boolean gold) {
        long memberId = members.register(
                        world.operatorId(),
                        new Members.NewMember(world.siteId(), null, "Birthday member", GapMembers.nextMobile(), null))
                .id();
        jdbc.sql("update member set birthday = :birthday where operator_id = :operatorId and id = :id")
                .param("birthday", birthday)
                .param("operatorId", world.operatorId())
                .param("id", memberId)
                .update();
        if (gold) {
            evaluation.assign(world.operatorId(), Audience.MEMBER, memberId, goldTierId, world.adminUserId(), "test");
        }
        return memberId;
    }

    private long points(long memberId) {
        return ledger.balance(world.operatorId(), Account.member(memberId));
    }

    private List<Integer> giftYears(long memberId) {
        return jdbc.sql("select gift_year from birthday_gift where operator_id = :operatorId and member_id = :memberId"
                        + " order by gift_year")
                .param("operatorId", world.operatorId())
                .param("memberId", memberId)
                .query(Integer.class)
                .list();
    }

    private long coupons(long memberId) {
        return jdbc.sql("select count(*) from coupon where operator_id = :operatorId and member_id = :memberId"
                        + " and template_id = :templateId and source = 'LIFECYCLE'")
                .param("operatorId", world.operatorId())
                .param("memberId", memberId)
                .param("templateId", couponTemplateId)
                .query(Long.class)
                .single();
    }

    private List<String> inbox(long memberId) {
        return jdbc.sql("select code from inbox_message where operator_id = :operatorId and member_id = :memberId"
                        + " and code like 'gaps.birthday.%'")
                .param("operatorId", world.operatorId())
                .param("memberId", memberId)
                .query(String.class)
                .list();
    }

    @Test
    void aGoldMemberGetsPointsACouponAndANoticeOnTheirBirthdayOnly() {
        long birthdayToday = member(LocalDate.of(1990, 3, 15), true);
        long birthdayTomorrow = member(LocalDate.of(1990, 3, 16), true);
        long standardToday = member(LocalDate.of(1985, 3, 15), false);
        long noBirthday = member(null, true);

        int given = gifts.giveToday(world.operatorId());
        Journey.awaitEventsDelivered(jdbc);

        assertThat(given).isEqualTo(1);
        assertThat(points(birthdayToday)).isEqualTo(300);
        assertThat(coupons(birthdayToday)).isEqualTo(1);
        assertThat(inbox(birthdayToday)).containsExactly("gaps.birthday.pointsAndCoupon");
        assertThat(giftYears(birthdayToday)).containsExactly(2027);
        for (long other : List.of(birthdayTomorrow, standardToday, noBirthday)) {
            assertThat(points(other)).isZero();
            assertThat(giftYears(other)).isEmpty();
        }
        // The gift is logged with the tier that gave it.
        assertThat(gifts.recent(world.operatorId(), 10)).singleElement().satisfies(gift -> {
            assertThat(gift.memberId()).isEqualTo(birthdayToday);
            assertThat(gift.tierCode()).isEqualTo("GOLD");
            assertThat(gift.points()).isEqualTo(300);
            assertThat(gift.couponTemplateId()).isEqualTo(couponTemplateId);
        });
    }

    @Test
    void theGiftIsGivenOncePerYearHoweverOftenTheJobRuns() throws Exception {
        long memberId = member(LocalDate.of(1992, 3, 15), true);

        ExecutorService nodes = Executors.newFixedThreadPool(4);
        List<Future<Integer>> runs = new ArrayList<>();
        try {
            for (int node = 0; node < 4; node++) {
                Callable<Integer> run = () -> gifts.giveToday(world.operatorId());
                runs.add(nodes.submit(run));
            }
            int given = 0;
            for (Future<Integer> run : runs) {
                given += run.get();
            }
            assertThat(given).isEqualTo(1);
        } finally {
            nodes.shutdown();
        }
        assertThat(gifts.giveToday(world.operatorId())).isZero();
        clock.advance(Duration.ofHours(10));
        assertThat(gifts.giveToday(world.operatorId())).isZero();
        Journey.awaitEventsDelivered(jdbc);

        assertThat(points(memberId)).isEqualTo(300);
        assertThat(coupons(memberId)).isEqualTo(1);
        assertThat(inbox(memberId)).hasSize(1);

        // A year later it comes again.
        clock.pin(ZonedDateTime.of(2028, 3, 15, 9, 0, 0, 0, MembershipWorlds.SHANGHAI)
                .toInstant());
        assertThat(gifts.giveToday(world.operatorId())).isEqualTo(1);
        Journey.awaitEventsDelivered(jdbc);
        assertThat(giftYears(memberId)).containsExactly(2027, 2028);
        assertThat(points(memberId)).isEqualTo(600);
        assertThat(inbox(memberId)).hasSize(2);
    }

    @Test
    void aLeapDayBirthdayIsCelebratedOnThe28thInOtherYears() {
        long leapling = member(LocalDate.of(2000, 2, 29), true);
        clock.pin(ZonedDateTime.of(2027, 2, 28, 12, 0, 0, 0, MembershipWorlds.SHANGHAI)
                .toInstant());

        assertThat(gifts.giveToday(world.operatorId())).isEqualTo(1);
        assertThat(giftYears(leapling)).containsExactly(2027);
    }

    @Test
    void aTierCannotNameAnotherOperatorsCouponTemplate() {
        MembershipWorlds.World other = worlds.create();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tiers.create(
                        other.operatorId(),
                        Audience.MEMBER,
                        new Tiers.TierDraft(
                                "STANDARD", "Standard", 0, 0, 100, null, false, false, 10, couponTemplateId)))
                .isInstanceOfSatisfying(
                        io.enjoyspace.shared.InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(io.enjoyspace.shared.InvalidInputException.FieldError::field)
                                .containsExactly("birthdayCouponTemplateId"));
    }
}
