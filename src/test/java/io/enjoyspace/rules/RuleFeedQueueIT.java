package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.TestMembers;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A paid order reaches the operator's rules through the queue: it earns once when the queue is drained (by the test or
 * by the job, whichever comes first), a batch taken twice earns nothing twice, and a refused event does not hold up
 * the others.
 */
@EnjoySpaceTest
class RuleFeedQueueIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RuleFeedQueue queue;

    @Autowired
    TestMembers testMembers;

    @Autowired
    Members members;

    @Autowired
    Sites sites;

    @Test
    void aPaidOrderEarnsThroughTheRulesOnceWhenTheQueueIsDrained() {
        long operatorId = testMembers.demoOperatorId();
        long enterpriseId = jdbc.sql("""
                        select m.enterprise_id from member m join app_user u on u.member_id = m.id
                        where u.username = 'member'
                        """).query(Long.class).single();
        long memberId = members.register(
                        operatorId,
                        new Members.NewMember(
                                sites.list(operatorId).get(0).id(),
                                enterpriseId,
                                "Feed tester",
                                "1827" + System.nanoTime() % 10_000_000L,
                                null))
                .id();
        Api admin = Api.as(port, "admin");
        Api staff = Api.as(port, "staff");
        Api.Response rule = admin.post(
                "/api/v1/rules",
                Api.map(
                        "name",
                        "Feed " + memberId,
                        "eventType",
                        EventTypes.ORDER_PAID,
                        "action",
                        "FIXED",
                        "points",
                        77,
                        "condition",
                        "member.id == " + memberId));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        String ruleId = rule.json().get("id").asString();
        try {
            String offering = Journey.offeringId(staff, "Meeting room, 2 hours");
            Map<String, Object> body = Journey.orderBody(offering, 1);
            body.put("memberId", Long.toString(memberId));
            Api.Response order = staff.post(
                    "/api/v1/orders",
                    body,
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
            String key = "order-paid:" + order.json().get("id").asString();

            queue.drainAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> queued(key) == 0);
            assertThat(balance(memberId)).isEqualTo(77);
            assertThat(jdbc.sql("select count(*) from rule_event where event_key = ? and member_id = ?")
                            .params(key, memberId)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);

            // The same event queued again (a batch taken twice): stored once, awarded once.
            jdbc.sql("""
                            insert into rule_feed_pending (operator_id, event_key, type, member_id, occurred_at,
                                                           attributes, reference_type, reference_id)
                            select operator_id, event_key, type, member_id, occurred_at, attributes, 'ORDER', ?
                            from rule_event where event_key = ? and member_id = ?
                            """)
                    .params(order.json().get("id").asString(), key, memberId)
                    .update();
            queue.drainAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> queued(key) == 0);
            assertThat(balance(memberId)).isEqualTo(77);
        } finally {
            admin.delete("/api/v1/rules/" + ruleId);
        }
    }

    @Test
    void anEventForAMemberOfNoOneIsRefusedWithoutHoldingUpTheOthers() {
        long operatorId = testMembers.demoOperatorId();
        long memberId = testMembers.newMember("Feed neighbour");
        for (long member : List.of(Long.MAX_VALUE - 7, memberId)) {
            jdbc.sql("""
                            insert into rule_feed_pending (operator_id, event_key, type, member_id, occurred_at,
                                                           attributes)
                            values (?, ?, 'member.registered', ?, now(), '{}')
                            """)
                    .params(operatorId, "feed-test:" + member + ":" + UUID.randomUUID(), member)
                    .update();
        }
        queue.drainAll();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("""
                                        select count(*) from rule_feed_pending
                                        where operator_id = ? and event_key like 'feed-test:%'
                                        """).param(operatorId).query(Long.class).single() == 0);
        assertThat(jdbc.sql("select count(*) from rule_event where member_id = ? and event_key like 'feed-test:%'")
                        .param(memberId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private long queued(String key) {
        return jdbc.sql("select count(*) from rule_feed_pending where event_key = ?")
                .param(key)
                .query(Long.class)
                .single();
    }

    private long balance(long memberId) {
        return jdbc.sql("""
                        select coalesce(sum(balance), 0) from points_account
                        where owner_type = 'MEMBER' and owner_id = ?
                        """).param(memberId).query(Long.class).single();
    }
}
