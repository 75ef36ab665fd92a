package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.membership.AllowanceSource;
import io.enjoyspace.membership.AllowanceUnit;
import io.enjoyspace.membership.Allowances;
import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.MembershipWorlds;
import io.enjoyspace.membership.MembershipWorlds.World;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.GroupCommit;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkout's group commit: orders placed together are each their own order, with exactly the rows, events and answers
 * that placing them one at a time gives.
 */
@EnjoySpaceTest
class CheckoutBatchIT {

    static final long PRICE = 12_000;
    static final long POINTS = 1_000;

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Catalog catalog;

    @Autowired
    PointsLedger ledger;

    @Autowired
    CheckoutDesk desk;

    @Autowired
    CheckoutBatch batch;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Orders orders;

    @Autowired
    Allowances allowances;

    @Autowired
    JdbcClient jdbc;

    World world;
    long coffee;

    @BeforeEach
    void world() {
        world = worlds.create();
        long category = catalog.createCategory(world.operatorId(), "Coffee", CategoryKind.LIFESTYLE)
                .id();
        coffee = catalog.createOffering(
                        world.operatorId(), new Catalog.NewOffering(category, "Coffee set", "For the team", PRICE))
                .id();
    }

    @Test
    void ordersPlacedTogetherHaveTheRowsOfOrdersPlacedOneAtATime() {
        List<Long> buyers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buyers.add(memberWithPoints(100_000));
        }
        List<CheckoutDesk.PlaceOrder> commands = new ArrayList<>();
        buyers.forEach(member -> commands.add(coffee(member, POINTS)));
        commands.add(coffee(buyers.get(0), POINTS)); // the same member twice: both spends come off one balance
        long alone = memberWithPoints(100_000);

        List<GroupCommit.Answer<CheckoutDesk.Placed>> answers =
                transaction.execute(status -> batch.placeAll(world.operatorId(), commands));
        // In a caller's transaction checkout places the order alone, as it did before the group commit.
        CheckoutDesk.Placed single = transaction.execute(status -> desk.place(coffee(alone, POINTS)));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.error()).isNull());
        Map<String, Object> expected = shape(single.order().id());
        assertThat(expected.get("order").toString()).contains("PAID", "ENTERPRISE_BILLING");
        assertThat(expected.get("listeners").toString())
                .contains(
                        "counted=1",
                        "used=1",
                        "ORDER_PAID 12000 1000,POINTS_REDEEMED 0 1000",
                        "ORDER engagement.order.PAID");
        for (GroupCommit.Answer<CheckoutDesk.Placed> answer : answers) {
            Order order = answer.result().order();
            assertThat(answer.result().replayed()).isFalse();
            assertThat(order.status()).isEqualTo(OrderStatus.PAID);
            assertThat(order.total().amountMinor()).isEqualTo(PRICE);
            assertThat(order.moneyPaid().amountMinor()).isEqualTo(PRICE - POINTS);
            assertThat(shape(order.id())).isEqualTo(expected);
            // The answer is the order as anyone reads it back, though the batch built it from what it wrote.
            assertThat(order).isEqualTo(orders.get(world.operatorId(), order.id()));
        }
        assertThat(answers.stream().map(answer -> answer.result().order().id()).distinct())
                .hasSize(commands.size());
        assertThat(balance(buyers.get(0))).isEqualTo(100_000 - 2 * POINTS);
        assertThat(balance(buyers.get(1))).isEqualTo(100_000 - POINTS);
        assertThat(balance(alone)).isEqualTo(100_000 - POINTS);
    }

    @Test
    void aRepeatedKeyAnswersTheFirstOrderAndAnotherBodyUnderItIsAConflict() {
        long member = memberWithPoints(100_000);
        CheckoutDesk.PlaceOrder earlier = coffee(member, POINTS);
        CheckoutDesk.Placed first = desk.place(earlier);
        CheckoutDesk.PlaceOrder fresh = coffee(member, POINTS);
        CheckoutDesk.PlaceOrder sameKeyOtherBody = withKey(coffee(member, 2 * POINTS), fresh.idempotencyKey());

        List<GroupCommit.Answer<CheckoutDesk.Placed>> answers = transaction.execute(
                status -> batch.placeAll(world.operatorId(), List.of(earlier, fresh, fresh, sameKeyOtherBody)));

        assertThat(answers.get(0).result().replayed()).isTrue();
        assertThat(answers.get(0).result().order().id()).isEqualTo(first.order().id());
        assertThat(answers.get(1).result().replayed()).isFalse();
        assertThat(answers.get(2).result().replayed()).isTrue();
        assertThat(answers.get(2).result().order().id())
                .isEqualTo(answers.get(1).result().order().id());
        assertThat(answers.get(3).error()).isInstanceOf(ConflictException.class);
        assertThat(orders(member)).isEqualTo(2);
        assertThat(balance(member)).isEqualTo(100_000 - 2 * POINTS);
    }

    @Test
    void anOrderRefusedBeforeWritingGetsItsErrorAndTheOthersArePlaced() {
        long member = memberWithPoints(100_000);
        CheckoutDesk.PlaceOrder badUnit = coffee(member, 150);
        CheckoutDesk.PlaceOrder tooMany = coffee(member, 7_000);
        CheckoutDesk.PlaceOrder nobody = coffee(-1, POINTS);
        CheckoutDesk.PlaceOrder unknownOffering = new CheckoutDesk.PlaceOrder(
                world.operatorId(),
                world.adminUserId(),
                member,
                new IdempotencyKey(UUID.randomUUID().toString()),
                List.of(new CheckoutDesk.PlaceOrder.Line(-1, 1)),
                PaymentMethod.ENTERPRISE_BILLING,
                0,
                true,
                Order.Channel.FRONT_DESK);
        CheckoutDesk.PlaceOrder good = coffee(member, POINTS);

        List<GroupCommit.Answer<CheckoutDesk.Placed>> answers = transaction.execute(
                status -> batch.placeAll(world.operatorId(), List.of(badUnit, tooMany, nobody, unknownOffering, good)));

        assertThat(fieldOf(answers.get(0))).isEqualTo("pointsToUse");
        assertThat(fieldOf(answers.get(1))).isEqualTo("pointsToUse");
        assertThat(answers.get(2).error()).isInstanceOf(NotFoundException.class);
        assertThat(fieldOf(answers.get(3))).isEqualTo("lines[0].offeringId");
        assertThat(answers.get(4).result().order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(orders(member)).isEqualTo(1);
        assertThat(balance(member)).isEqualTo(100_000 - POINTS);
    }

    @Test
    void aShortBalanceFoundWhileWritingRollsTheBatchBackAndEachOrderIsPlacedAlone() throws Exception {
        long rich = memberWithPoints(100_000);
        long poor = memberWithPoints(500);
        List<CheckoutDesk.PlaceOrder> commands = List.of(coffee(rich, POINTS), coffee(poor, POINTS));

        assertThatThrownBy(() -> transaction.execute(status -> batch.placeAll(world.operatorId(), commands)))
                .isInstanceOf(CheckoutBatch.Retry.class);
        assertThat(orders(rich)).isZero();

        // Through the desk, with whatever else arrives: the short one refused on its own field, the other placed.
        List<Object> outcomes = placeConcurrently(commands);
        assertThat(outcomes.get(0)).isInstanceOf(CheckoutDesk.Placed.class);
        assertThat(outcomes.get(1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("pointsToUse"));
        assertThat(orders(rich)).isEqualTo(1);
        assertThat(orders(poor)).isZero();
        assertThat(balance(poor)).isEqualTo(500);
    }

    @Test
    void concurrentCheckoutsNeverSpendAPointTwice() throws Exception {
        List<Long> buyers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            buyers.add(memberWithPoints(10 * POINTS));
        }
        List<CheckoutDesk.PlaceOrder> commands = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            for (long buyer : buyers) {
                commands.add(coffee(buyer, POINTS));
            }
        }

        List<Object> outcomes = placeConcurrently(commands);

        long placed = outcomes.stream()
                .filter(outcome -> outcome instanceof CheckoutDesk.Placed)
                .count();
        long refused = outcomes.stream()
                .filter(outcome -> outcome instanceof InvalidInputException)
                .count();
        assertThat(placed).isEqualTo(60);
        assertThat(refused).isEqualTo(12);
        for (long buyer : buyers) {
            assertThat(balance(buyer)).isZero();
            assertThat(orders(buyer)).isEqualTo(10);
        }
    }

    @Test
    void allowancesDrawnTogetherNeverTakeMoreThanAGrantHolds() {
        long category = jdbc.sql("select category_id from offering where operator_id = :o and id = :id")
                .param("o", world.operatorId())
                .param("id", coffee)
                .query(Long.class)
                .single();
        Allowances.Grant pool =
                grant(Audience.ENTERPRISE, world.enterpriseId(), AllowanceUnit.MONEY, 2 * PRICE + PRICE / 2, category);
        List<Long> buyers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buyers.add(worlds.member(world, world.enterpriseId()));
        }
        Allowances.Grant own = grant(Audience.MEMBER, buyers.get(4), AllowanceUnit.USES, 1, category);
        List<CheckoutDesk.PlaceOrder> commands = new ArrayList<>();
        buyers.forEach(member -> commands.add(coffee(member, 0)));
        commands.add(coffee(buyers.get(4), 0));

        List<GroupCommit.Answer<CheckoutDesk.Placed>> answers =
                transaction.execute(status -> batch.placeAll(world.operatorId(), commands));

        // The company's money pool pays two coffees and half a third, counted down as each order draws; the fifth
        // member's own grant pays theirs before the pool could, and their second coffee finds both used up.
        List<Long> payable = answers.stream()
                .map(answer -> answer.result().order().total().amountMinor())
                .toList();
        assertThat(payable).containsExactly(0L, 0L, PRICE / 2, PRICE, 0L, PRICE);
        assertThat(used(pool)).isEqualTo(2 * PRICE + PRICE / 2);
        assertThat(used(own)).isEqualTo(1);
        for (GroupCommit.Answer<CheckoutDesk.Placed> answer : answers) {
            Order order = answer.result().order();
            assertThat(order).isEqualTo(orders.get(world.operatorId(), order.id()));
            assertThat(order.discounts().stream()
                                    .mapToLong(d -> d.amount().amountMinor())
                                    .sum()
                            + order.total().amountMinor())
                    .isEqualTo(PRICE);
        }
    }

    private long used(Allowances.Grant grant) {
        return jdbc.sql("select used from allowance_grant where operator_id = :o and id = :id")
                .param("o", world.operatorId())
                .param("id", grant.id())
                .query(Long.class)
                .single();
    }

    private Allowances.Grant grant(Audience audience, long owner, AllowanceUnit unit, long quantity, long category) {
        return allowances.grant(
                world.operatorId(),
                audience,
                owner,
                new Allowances.GrantCommand(
                        AllowanceSource.PURCHASE,
                        unit,
                        quantity,
                        List.of(),
                        List.of(category),
                        "Coffee " + audience,
                        null,
                        Instant.now().plus(Duration.ofDays(20)),
                        null),
                new IdempotencyKey(UUID.randomUUID().toString()),
                world.adminUserId());
    }

    private List<Object> placeConcurrently(List<CheckoutDesk.PlaceOrder> commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (CheckoutDesk.PlaceOrder command : commands) {
                calls.add(() -> {
                    try {
                        return desk.place(command);
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> outcome : pool.invokeAll(calls)) {
                outcomes.add(outcome.get());
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }

    private static String fieldOf(GroupCommit.Answer<CheckoutDesk.Placed> answer) {
        assertThat(answer.error()).isInstanceOf(InvalidInputException.class);
        return ((InvalidInputException) answer.error()).errors().get(0).field();
    }

    private CheckoutDesk.PlaceOrder coffee(long member, long points) {
        return new CheckoutDesk.PlaceOrder(
                world.operatorId(),
                world.adminUserId(),
                member,
                new IdempotencyKey(UUID.randomUUID().toString()),
                List.of(new CheckoutDesk.PlaceOrder.Line(coffee, 1)),
                PaymentMethod.ENTERPRISE_BILLING,
                points,
                true,
                Order.Channel.FRONT_DESK);
    }

    private static CheckoutDesk.PlaceOrder withKey(CheckoutDesk.PlaceOrder command, IdempotencyKey key) {
        return new CheckoutDesk.PlaceOrder(
                command.operatorId(),
                command.userId(),
                command.memberId(),
                key,
                command.lines(),
                command.paymentMethod(),
                command.pointsToUse(),
                command.payNow(),
                command.channel());
    }

    private long memberWithPoints(long points) {
        long member = worlds.member(world, world.enterpriseId());
        ledger.post(PostTransaction.award(
                world.operatorId(), UUID.randomUUID().toString(), Account.member(member), points, "TEST", "TEST", "1"));
        return member;
    }

    private long balance(long member) {
        return ledger.balance(world.operatorId(), Account.member(member));
    }

    private long orders(long member) {
        return jdbc.sql("select count(*) from service_order where operator_id = :o and member_id = :m")
                .param("o", world.operatorId())
                .param("m", member)
                .query(Long.class)
                .single();
    }

    /**
     * Everything an order wrote, in every module, without what differs from order to order by nature (its id, its
     * member, when): two orders of the same basket compare equal exactly when checkout wrote the same for both.
     */
    private Map<String, Object> shape(long orderId) {
        Map<String, Object> params = Map.of("o", world.operatorId(), "id", orderId);
        return Map.of(
                "order",
                rows("""
                        select status, payment_method, total_minor, discount_minor, currency, channel, placed_by,
                               points_used, provider_id, priority, version, paid_at is not null as paid,
                               points_transaction_id is not null as spent, points_hold_id
                        from service_order where operator_id = :o and id = :id
                        """, params),
                "lines",
                rows("""
                        select line_number, offering_id, offering_name, unit_price_minor, quantity, line_total_minor,
                               price_breakdown::text, starts_at, ends_at, provider_id
                        from order_line where operator_id = :o and order_id = :id order by line_number
                        """, params),
                "payments",
                rows("""
                        select method, amount_minor, points from order_payment
                        where operator_id = :o and order_id = :id order by method
                        """, params),
                "steps",
                rows("""
                        select from_status, to_status, actor_kind, actor_id, reason from order_step
                        where operator_id = :o and order_id = :id order by id
                        """, params),
                "charges",
                rows("""
                        select amount_minor, currency, billing_month, kind from enterprise_charge
                        where operator_id = :o and order_id = :id
                        """, params),
                "points",
                rows("""
                        select t.reason_code, t.reference_type, e.amount, a.owner_type
                        from points_transaction t
                        join points_entry e on e.operator_id = t.operator_id and e.transaction_id = t.id
                        join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where t.operator_id = :o and t.reference_type = 'ORDER' and t.reference_id = cast(:id as text)
                        order by e.amount
                        """, params),
                "keys",
                rows("""
                        select count(*) from order_request where operator_id = :o and order_id = :id
                        """, params),
                "listeners",
                rows("""
                        select (select count(*) from membership_activity_fact
                                where operator_id = :o and fact_key = 'order-paid:' || :id) as counted,
                               (select count(*) from lifecycle_use
                                where operator_id = :o and kind = 'ORDER' and reference = cast(:id as text)) as used,
                               (select string_agg(f.kind || ' ' || f.amount_minor || ' ' || f.points, ',' order by f.kind)
                                from activity_fact_current f
                                join service_order o on o.operator_id = f.operator_id and o.id = :id
                                where f.operator_id = :o
                                  and ((f.kind = 'ORDER_PAID' and f.subject_id = cast(o.id as text))
                                       or (f.kind = 'POINTS_REDEEMED'
                                           and f.subject_id = cast(o.points_transaction_id as text)))) as facts,
                               (select string_agg(category || ' ' || code, ',') from inbox_message
                                where operator_id = :o and dedupe_key like 'order:' || :id || ':%') as notices
                        """, params));
    }

    private List<Map<String, Object>> rows(String sql, Map<String, Object> params) {
        return jdbc.sql(sql).params(params).query().listOfRows();
    }
}
