package io.enjoyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.DowngradePolicy;
import io.enjoyspace.membership.Measure;
import io.enjoyspace.membership.MembershipWorlds;
import io.enjoyspace.membership.MembershipWorlds.World;
import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.membership.Tiers;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.ordering.OrdersPaid;
import io.enjoyspace.ordering.PaymentMethod;
import io.enjoyspace.tenancy.Members;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkout's group commit publishes one {@link OrdersPaid} for the orders it paid together. Every module that listens
 * to a single {@link OrderPaid} must make of the list what it makes of the same orders paid one by one: two operators
 * with the same members pay the same orders, one as single events, the other as one list, and each module's rows must
 * come out the same (ids and times written relative to the side's own). The orders include two of one member on one
 * day, an order paid before and delivered again, and an order named twice.
 */
@EnjoySpaceTest
class OrdersPaidTogetherIT {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Pattern NUMBER = Pattern.compile("((member|company):)?\\b\\d+\\b");
    // Mobile numbers 1833xxxxxxx belong to this class only.
    private static final AtomicInteger mobiles = new AtomicInteger();
    private static final AtomicLong orderIds = new AtomicLong(1_833_000_000_000L + System.nanoTime() % 1_000_000_000L);

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Tiers tiers;

    @Autowired
    TierEvaluation evaluation;

    @Autowired
    Members members;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    /** Noon yesterday in Shanghai: in the past for every listener, and a day of its own. */
    private final Instant noon = LocalDate.now(SHANGHAI)
            .minusDays(1)
            .atTime(LocalTime.NOON)
            .atZone(SHANGHAI)
            .toInstant();

    /** One operator's side: its ids by the names the figures use, and the orders it pays. */
    record Side(World world, Map<String, String> names, List<OrderPaid> batch) {

        long operatorId() {
            return world.operatorId();
        }
    }

    private Side oneByOne;
    private Side together;

    @BeforeEach
    void twoOperatorsPayTheSameOrders() {
        oneByOne = side();
        together = side();
        for (OrderPaid order : oneByOne.batch()) {
            transaction.executeWithoutResult(status -> events.publishEvent(order));
        }
        transaction.executeWithoutResult(
                status -> events.publishEvent(new OrdersPaid(together.operatorId(), together.batch())));
    }

    /**
     * An operator whose members move up at 15.00 of spend, an employee of its company and a visitor, an order of the
     * employee paid (and counted everywhere) the day before, and lifecycle actions that the orders convert. The batch:
     * the earlier order again, two orders of the employee on one day, one of the visitor, and the employee's first
     * order named a second time.
     */
    private Side side() {
        World world = worlds.create();
        long operatorId = world.operatorId();
        tiers.saveProgram(operatorId, Audience.MEMBER, Measure.SPEND_12_MONTHS, DowngradePolicy.ONE_LEVEL, 0);
        tiers.create(
                operatorId,
                Audience.MEMBER,
                new Tiers.TierDraft("STANDARD", "Standard", 0, 0, 100, null, false, false, 0));
        tiers.create(
                operatorId,
                Audience.MEMBER,
                new Tiers.TierDraft("SILVER", "Silver", 1, 1_500, 120, null, false, false, 0));
        tiers.create(
                operatorId,
                Audience.MEMBER,
                new Tiers.TierDraft("GOLD", "Gold", 2, 100_000, 150, null, false, false, 0));
        long employee = member(world, world.enterpriseId());
        long visitor = member(world, null);
        Map<String, String> names = new HashMap<>();
        names.put("member:" + employee, "employee");
        names.put("member:" + visitor, "visitor");
        names.put("company:" + world.enterpriseId(), "company");

        OrderPaid earlier =
                paid(world, names, "earlier", employee, world.enterpriseId(), 600, noon.minus(Duration.ofDays(1)));
        transaction.executeWithoutResult(status -> events.publishEvent(earlier));
        long action = jdbc.sql("""
                        insert into lifecycle_action (operator_id, trigger, kind, points, created_at)
                        values (?, 'NEW', 'POINTS', 10, now()) returning id
                        """).param(operatorId).query(Long.class).single();
        // Converted by the first order after each, within the conversion window; none by the earlier order again.
        run(operatorId, action, employee, "before-first", noon.minus(Duration.ofMinutes(30)));
        run(
                operatorId,
                action,
                employee,
                "after-earlier",
                noon.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(1)));
        run(operatorId, action, employee, "before-second", noon.plus(Duration.ofMinutes(30)));
        run(operatorId, action, visitor, "before-visit", noon.minus(Duration.ofHours(1)));
        run(operatorId, action, visitor, "after-everything", noon.plus(Duration.ofHours(2)));

        OrderPaid first = paid(world, names, "first", employee, world.enterpriseId(), 400, noon);
        OrderPaid second =
                paid(world, names, "second", employee, world.enterpriseId(), 500, noon.plus(Duration.ofHours(1)));
        OrderPaid visit = paid(world, names, "visit", visitor, null, 700, noon);
        return new Side(world, names, List.of(earlier, first, second, visit, first));
    }

    private long member(World world, Long enterpriseId) {
        String mobile = "1833%07d".formatted(mobiles.incrementAndGet());
        return members.register(
                        world.operatorId(),
                        new Members.NewMember(world.siteId(), enterpriseId, "Batch " + mobile, mobile, null))
                .id();
    }

    private OrderPaid paid(
            World world,
            Map<String, String> names,
            String name,
            long memberId,
            Long enterpriseId,
            long moneyPaidMinor,
            Instant at) {
        long orderId = orderIds.incrementAndGet();
        names.put(Long.toString(orderId), name);
        return new OrderPaid(
                world.operatorId(),
                orderId,
                memberId,
                enterpriseId,
                null,
                moneyPaidMinor + 100,
                moneyPaidMinor,
                100,
                "CNY",
                enterpriseId == null ? PaymentMethod.WALLET : PaymentMethod.ENTERPRISE_BILLING,
                List.of(),
                at);
    }

    private void run(long operatorId, long actionId, long memberId, String occasion, Instant performedAt) {
        jdbc.sql("""
                        insert into lifecycle_action_run (operator_id, action_id, member_id, occasion, status,
                                                          performed_at)
                        values (?, ?, ?, ?, 'DONE', ?)
                        """)
                .params(operatorId, actionId, memberId, occasion, Timestamp.from(performedAt))
                .update();
    }

    /** The rows the query answers for the side: its operator is :operatorId, noon :noon and noon's day :day. */
    private List<String> figures(Side side, String sql) {
        return jdbc
                .sql(sql)
                .param("operatorId", side.operatorId())
                .param("noon", Timestamp.from(noon))
                .param("day", java.sql.Date.valueOf(LocalDate.ofInstant(noon, SHANGHAI)))
                .query(String.class)
                .list()
                .stream()
                .map(row -> named(side, row))
                .toList();
    }

    /** The row with the side's ids replaced by their names, so both sides' rows can be compared. */
    private static String named(Side side, String row) {
        Matcher number = NUMBER.matcher(row);
        StringBuilder named = new StringBuilder();
        while (number.find()) {
            number.appendReplacement(named, side.names().getOrDefault(number.group(), number.group()));
        }
        return number.appendTail(named).toString();
    }

    @Test
    void membershipCountsOrdersPaidTogetherAsOneByOne() {
        while (evaluation.countCompanies(10_000) > 0) {
            // The companies' shares are counted by a job; here, now.
        }
        String activity = """
                select concat_ws(' ', owner_kind, case owner_kind when 'MEMBER' then 'member:' else 'company:' end || owner_id,
                                 month, uses, spend_minor, growth_points)
                from membership_activity where operator_id = :operatorId
                order by owner_kind, owner_id, month
                """;
        String facts = """
                select concat_ws(' ', fact_key, 'member:' || owner_id, month) from membership_activity_fact
                where operator_id = :operatorId order by fact_key
                """;
        String changes = """
                select concat_ws(' ', c.owner_kind, 'member:' || c.owner_id, f.code, t.code, c.reason, c.measure_value, c.detail)
                from tier_change c
                left join membership_tier f on f.id = c.from_tier_id
                left join membership_tier t on t.id = c.to_tier_id
                where c.operator_id = :operatorId order by c.id
                """;
        String holders = """
                select concat_ws(' ', h.owner_kind, 'member:' || h.owner_id, t.code) from tier_holder h
                join membership_tier t on t.id = h.tier_id
                where h.operator_id = :operatorId order by h.owner_kind, h.owner_id
                """;

        assertThat(figures(together, activity)).isEqualTo(figures(oneByOne, activity));
        assertThat(figures(together, facts)).isEqualTo(figures(oneByOne, facts));
        assertThat(figures(together, changes)).isEqualTo(figures(oneByOne, changes));
        assertThat(figures(together, holders)).isEqualTo(figures(oneByOne, holders));

        assertThat(figures(together, facts)).hasSize(4);
        assertThat(figures(together, holders)).containsExactly("MEMBER employee SILVER");
        assertThat(figures(together, changes))
                .singleElement()
                .asString()
                .startsWith("MEMBER employee STANDARD SILVER QUALIFIED 1500 ");
        assertThat(jdbc.sql("""
                        select owner_kind || ' ' || sum(uses) || ' ' || sum(spend_minor) from membership_activity
                        where operator_id = ? group by owner_kind order by owner_kind
                        """)
                        .param(together.operatorId())
                        .query(String.class)
                        .list())
                .as("the company's share counted by the job, then the members': the employee's three orders and"
                        + " the visitor's one")
                .containsExactly("ENTERPRISE 3 1500", "MEMBER 4 2200");
    }

    @Test
    void lifecycleActivityCountsOrdersPaidTogetherAsOneByOne() {
        String uses = """
                select concat_ws(' ', kind, reference, 'member:' || member_id, extract(epoch from occurred_at - :noon)::bigint)
                from lifecycle_use where operator_id = :operatorId order by reference
                """;
        String days = """
                select concat_ws(' ', 'member:' || member_id, day - :day, uses)
                from lifecycle_activity where operator_id = :operatorId order by member_id, day
                """;
        String lastUses = """
                select concat_ws(' ', 'member:' || member_id, extract(epoch from last_use_at - :noon)::bigint)
                from lifecycle_member where operator_id = :operatorId order by member_id
                """;
        String conversions = """
                select concat_ws(' ', occasion, 'member:' || member_id,
                                 coalesce(extract(epoch from converted_at - :noon)::bigint::text, 'never'))
                from lifecycle_action_run where operator_id = :operatorId order by occasion
                """;

        for (String sql : List.of(uses, days, lastUses, conversions)) {
            assertThat(figures(together, sql)).as(sql).isEqualTo(figures(oneByOne, sql));
        }
        assertThat(figures(together, uses)).hasSize(4);
        assertThat(figures(together, days))
                .as("the employee's two orders of one day add up")
                .contains("employee 0 2", "visitor 0 1");
        assertThat(figures(together, conversions))
                .containsExactly(
                        "after-earlier employee 0",
                        "after-everything visitor never",
                        "before-first employee 0",
                        "before-second employee 3600",
                        "before-visit visitor 0");
    }

    @Test
    void insightsRecordOrdersPaidTogetherAsOneByOne() {
        String facts = """
                select concat_ws(' ', subject_id, 'member:' || member_id, 'company:' || enterprise_id, site_id is not null, amount_minor, points,
                                 extract(epoch from occurred_at - :noon)::bigint)
                from activity_fact_current where operator_id = :operatorId and kind = 'ORDER_PAID' order by subject_id
                """;

        assertThat(figures(together, facts)).isEqualTo(figures(oneByOne, facts));
        assertThat(figures(together, facts))
                .containsExactly(
                        "earlier employee company t 700 100 -86400",
                        "first employee company t 500 100 0",
                        "second employee company t 600 100 3600",
                        "visit visitor t 800 100 0");
    }

    @Test
    void rulesReceiveOrdersPaidTogetherAsOneByOne() {
        // The queue is drained by a job every half second.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from rule_feed_pending where operator_id in (?, ?)")
                                .params(oneByOne.operatorId(), together.operatorId())
                                .query(Long.class)
                                .single()
                        == 0);
        String ruleEvents = """
                select concat_ws(' ', event_key, type, 'member:' || member_id, extract(epoch from occurred_at - :noon)::bigint,
                                 attributes::text)
                from rule_event where operator_id = :operatorId and event_key like 'order-paid:%' order by event_key
                """;

        assertThat(figures(together, ruleEvents)).isEqualTo(figures(oneByOne, ruleEvents));
        assertThat(figures(together, ruleEvents))
                .hasSize(4)
                .allMatch(row -> row.contains("\"orderId\""))
                .anyMatch(row -> row.startsWith("order-paid:visit order.paid visitor 0 "));
    }
}
