package io.enjoyspace.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import io.enjoyspace.MutableClock;
import io.enjoyspace.ordering.OrderStatus;
import io.enjoyspace.ordering.OrderStatusChanged;
import io.enjoyspace.ordering.OrderStatusChanges;
import io.enjoyspace.tenancy.Operators;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class NotificationsIT {

    // Mobile numbers 18172xxxxxx belong to this class only.
    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    Notifications notifications;

    @Autowired
    EmailCourier courier;

    @Autowired
    JavaMailSenderImpl mailSender;

    @Autowired
    Operators operators;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(0, "localhost", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        mailSender.setPort(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
        clock.release();
    }

    record Registered(long memberId, String email, Api api) {}

    private Registered register(String invitationCode) {
        String mobile = "18172%06d".formatted(mobiles.incrementAndGet());
        String email = "m" + mobile + "@example.com";
        Api.Response response = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                invitationCode,
                                "name",
                                "Notice test",
                                "mobile",
                                mobile,
                                "email",
                                email,
                                "password",
                                "correct-horse"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        Api member = Api.as(port, mobile, "correct-horse");
        long memberId =
                Long.parseLong(member.get("/api/v1/me").json().get("memberId").asString());
        return new Registered(memberId, email, member);
    }

    private long demo() {
        return operators.findByCode("demo").orElseThrow().id();
    }

    private MimeMessage[] mailTo(String recipient) throws Exception {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> {
                    try {
                        return message.getAllRecipients()[0].toString().equals(recipient);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(MimeMessage[]::new);
    }

    @Test
    void aClaimedCouponIsAnnouncedInTheCouponsCategoryOnce() {
        Registered member = register("LANTING1");
        JsonNode offer = null;
        for (JsonNode candidate : member.api().get("/api/v1/me/coupon-offers").json()) {
            if (candidate.get("claimable").asBoolean()) {
                offer = candidate;
            }
        }
        assertThat(offer).as("the demo operator offers a coupon to claim").isNotNull();
        String name = offer.get("template").get("name").asString();
        Api.Response claimed = member.api()
                .post(
                        "/api/v1/me/coupons",
                        Map.of("templateId", offer.get("template").get("id").asString()));
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(201);
        Journey.awaitEventsDelivered(jdbc);

        JsonNode coupons = member.api().get("/api/v1/me/inbox?category=COUPON").json();
        assertThat(coupons.get("total").asLong()).isEqualTo(1);
        assertThat(coupons.get("items").get(0).get("text").asString()).contains(name);
        assertThat(member.api()
                        .get("/api/v1/me/inbox?category=ORDER")
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    void theInboxPagesFiltersByCategoryAndMarksAllRead() {
        Registered member = register("LANTING1");
        for (int i = 1; i <= 3; i++) {
            notifications.notify(
                    demo(),
                    member.memberId(),
                    NoticeCategory.OFFER,
                    "engagement.offer.NEW",
                    List.of("Demo"),
                    "t-offer-" + member.memberId() + "-" + i);
        }
        notifications.notify(
                demo(),
                member.memberId(),
                NoticeCategory.ORDER,
                "engagement.order.PAID",
                List.of("77"),
                "t-order-" + member.memberId());
        // The same dedupe key again is the same notice.
        assertThat(notifications.notify(
                        demo(),
                        member.memberId(),
                        NoticeCategory.ORDER,
                        "engagement.order.PAID",
                        List.of("77"),
                        "t-order-" + member.memberId()))
                .isEmpty();

        JsonNode page = member.api().get("/api/v1/me/inbox?size=2").json();
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("unread").asLong()).isEqualTo(4);
        assertThat(page.get("items")).hasSize(2);
        JsonNode orders = member.api().get("/api/v1/me/inbox?category=ORDER").json();
        assertThat(orders.get("items").findValuesAsString("text"))
                .containsExactly("Order #77 is paid. We will let you know when it is accepted.");
        assertThat(member.api().get("/api/v1/me/inbox?category=PARCELS").fieldErrors())
                .containsExactly("category");

        JsonNode marked = member.api()
                .post("/api/v1/me/inbox/read-all?category=OFFER", Map.of())
                .json();
        assertThat(marked.get("marked").asInt()).isEqualTo(3);
        assertThat(marked.get("unread").asLong()).isEqualTo(1);
        assertThat(member.api()
                        .post("/api/v1/me/inbox/read-all", Map.of())
                        .json()
                        .get("unread")
                        .asLong())
                .isZero();

        // A member of another operator finds neither the notices nor a way to read them.
        String id = orders.get("items").get(0).get("id").asString();
        Api mallMember = Api.as(port, "mall-member");
        assertThat(mallMember.post("/api/v1/me/inbox/" + id + "/read", Map.of()).status())
                .isEqualTo(404);
        assertThat(mallMember
                        .get("/api/v1/me/inbox?size=100")
                        .json()
                        .get("items")
                        .findValuesAsString("id"))
                .doesNotContain(id);
    }

    @Test
    void orderUpdatesReachTheInboxInTheReadersLanguage() {
        Registered member = register("LANTING1");
        String offering = Journey.offeringId(member.api(), "Printing, 100 pages");
        Api.Response order = Journey.order(member.api(), offering, 1);
        String orderId = order.json().get("id").asString();
        Journey.awaitEventsDelivered(jdbc);
        JsonNode orders = member.api().get("/api/v1/me/inbox?category=ORDER").json();
        assertThat(orders.get("items").findValuesAsString("text"))
                .contains("Order #" + orderId + " is paid. We will let you know when it is accepted.");
    }

    @Test
    void preferencesDecideWhereNoticesGo() throws Exception {
        Registered member = register("LANTING1");
        JsonNode defaults =
                member.api().get("/api/v1/me/notification-preferences").json();
        assertThat(defaults.get("emailAvailable").asBoolean()).isTrue();
        for (JsonNode preference : defaults.get("preferences")) {
            assertThat(preference.get("inbox").asBoolean()).isTrue();
            assertThat(preference.get("email").asBoolean()).isFalse();
        }
        assertThat(member.api()
                        .put(
                                "/api/v1/me/notification-preferences",
                                Api.map(
                                        "language",
                                        "fr",
                                        "preferences",
                                        List.of(Api.map("category", "ORDER", "inbox", false))))
                        .fieldErrors())
                .containsExactly("language", "preferences[0].inbox");

        Api.Response saved = member.api()
                .put(
                        "/api/v1/me/notification-preferences",
                        Api.map("preferences", List.of(Api.map("category", "OFFER", "inbox", false))));
        assertThat(saved.status()).isEqualTo(200);
        notifications.notify(
                demo(),
                member.memberId(),
                NoticeCategory.OFFER,
                "engagement.offer.NEW",
                List.of("Demo"),
                "t-hidden-" + member.memberId());
        courier.deliverDue();
        assertThat(member.api().get("/api/v1/me/inbox").json().get("total").asLong())
                .isZero();
        assertThat(mailTo(member.email())).isEmpty();
    }

    @Test
    void manyMembersAtOnceAreNotifiedOnceEachByTheirOwnChoices() throws Exception {
        Registered plain = register("LANTING1");
        Registered hidden = register("LANTING1");
        Registered mailed = register("LANTING1");
        hidden.api()
                .put(
                        "/api/v1/me/notification-preferences",
                        Api.map("preferences", List.of(Api.map("category", "OFFER", "inbox", false))));
        mailed.api()
                .put(
                        "/api/v1/me/notification-preferences",
                        Api.map("language", "en", "preferences", List.of(Api.map("category", "OFFER", "email", true))));
        Long foreign = jdbc.sql("select min(id) from member where operator_id <> ?")
                .param(demo())
                .query(Long.class)
                .single();
        List<Long> audience = new java.util.ArrayList<>(
                List.of(plain.memberId(), hidden.memberId(), mailed.memberId(), Long.MAX_VALUE - 7));
        if (foreign != null) {
            audience.add(foreign);
        }
        String prefix = "t-bulk-" + System.nanoTime() + "|";

        int notified = notifications.notifyAll(
                demo(), audience, NoticeCategory.OFFER, "engagement.offer.NEW", List.of("Demo"), prefix);

        assertThat(notified)
                .as("the operator's three members; the unknown and the foreign one skipped")
                .isEqualTo(3);
        assertThat(plain.api().get("/api/v1/me/inbox").json().get("total").asLong())
                .isEqualTo(1);
        assertThat(hidden.api().get("/api/v1/me/inbox").json().get("total").asLong())
                .as("offers switched off in the inbox")
                .isZero();
        assertThat(jdbc.sql("select count(*) from inbox_message where dedupe_key like ? and operator_id <> ?")
                        .params(prefix + "%", demo())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(courier.deliverDue()).isPositive();
        assertThat(mailTo(mailed.email())).hasSize(1);
        assertThat(mailTo(plain.email())).as("no e-mail without opting in").isEmpty();

        assertThat(notifications.notifyAll(
                        demo(), audience, NoticeCategory.OFFER, "engagement.offer.NEW", List.of("Demo"), prefix))
                .as("a replay notifies nobody")
                .isZero();
        assertThat(courier.deliverDue()).isZero();
        assertThat(plain.api().get("/api/v1/me/inbox").json().get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void anEmailOptedInReachesTheSmtpServerInTheMembersLanguage() throws Exception {
        Registered member = register("LANTING1");
        member.api()
                .put(
                        "/api/v1/me/notification-preferences",
                        Api.map(
                                "language",
                                "zh-CN",
                                "preferences",
                                List.of(Api.map("category", "ORDER", "email", true))));
        notifications.notify(
                demo(),
                member.memberId(),
                NoticeCategory.ORDER,
                "engagement.order.COMPLETED",
                List.of("4242"),
                "t-mail-" + member.memberId());
        assertThat(courier.deliverDue()).isPositive();

        MimeMessage[] mail = mailTo(member.email());
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getSubject()).isEqualTo("EnjoySpace Demo：订单");
        assertThat(((String) mail[0].getContent())).startsWith("订单 #4242 已完成，欢迎评价。");
        assertThat(courier.deliverDue()).isZero();
    }

    @Test
    void aFailingSmtpServerIsRetriedWithBackoff() throws Exception {
        Registered member = register("LANTING1");
        member.api()
                .put(
                        "/api/v1/me/notification-preferences",
                        Api.map(
                                "language",
                                "en",
                                "preferences",
                                List.of(Api.map("category", "POINTS", "email", true))));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        clock.pin(Instant.now());
        notifications.notify(
                demo(),
                member.memberId(),
                NoticeCategory.POINTS,
                "inbox.pointsExpiring",
                List.of("25", "2030-01-31"),
                "t-retry-" + member.memberId());
        mailSender.setPort(closedPort);
        courier.deliverDue();
        assertThat(outbox(member.memberId())).isEqualTo("PENDING/1");

        // Not due again before the backoff has passed, even with the server back.
        mailSender.setPort(smtp.getSmtp().getPort());
        clock.advance(Duration.ofSeconds(30));
        courier.deliverDue();
        assertThat(mailTo(member.email())).isEmpty();

        clock.advance(EmailCourier.backoff(1));
        courier.deliverDue();
        MimeMessage[] mail = mailTo(member.email());
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getSubject()).isEqualTo("EnjoySpace Demo: Points");
        assertThat(outbox(member.memberId())).isEqualTo("SENT/2");
        assertThat(jdbc.sql("""
                                select string_agg(case when a.succeeded then 'ok' else 'failed' end, ',' order by a.id)
                                from email_attempt a join email_outbox e on e.id = a.outbox_id where e.member_id = :m
                                """)
                        .param("m", member.memberId())
                        .query(String.class)
                        .single())
                .isEqualTo("failed,ok");
    }

    @Test
    void aChangeThatRollsBackNotifiesNobody() throws Exception {
        Registered member = register("LANTING1");
        member.api()
                .put(
                        "/api/v1/me/notification-preferences",
                        Api.map("preferences", List.of(Api.map("category", "GENERAL", "email", true))));
        transaction.executeWithoutResult(status -> {
            notifications.notify(
                    demo(),
                    member.memberId(),
                    NoticeCategory.GENERAL,
                    "engagement.offer.NEW",
                    List.of("Demo"),
                    "t-rollback-" + member.memberId());
            status.setRollbackOnly();
        });
        courier.deliverDue();
        assertThat(mailTo(member.email())).isEmpty();
        assertThat(member.api().get("/api/v1/me/inbox").json().get("total").asLong())
                .isZero();
        assertThat(outbox(member.memberId())).isNull();
    }

    /**
     * Checkout's group commit publishes one {@link OrderStatusChanges} for the moves it made together: the notices, and
     * the e-mails of members who opted in, are those the same moves published one by one make. Two pairs of members
     * with the same choices get the same moves (one pair one by one, the other as one list): a move notified before and
     * delivered again, a placement (never notified), two moves of one order, a move named twice, and another member's
     * move.
     */
    @Test
    void orderMovesMadeTogetherNotifyAsTheSameMovesOneByOne() {
        Map<String, String> oneByOneNames = new java.util.HashMap<>();
        List<OrderStatusChanged> oneByOne = moves(oneByOneNames);
        Map<String, String> togetherNames = new java.util.HashMap<>();
        List<OrderStatusChanged> together = moves(togetherNames);

        for (OrderStatusChanged move : oneByOne) {
            transaction.executeWithoutResult(status -> events.publishEvent(move));
        }
        transaction.executeWithoutResult(status -> events.publishEvent(new OrderStatusChanges(demo(), together)));

        String notices = """
                select concat_ws(' ', 'member:' || member_id, code, args::text, dedupe_key, shown) from inbox_message
                where operator_id = :o and member_id in (:members) and category = 'ORDER' order by member_id, id
                """;
        String emails = """
                select concat_ws(' ', 'member:' || e.member_id, i.code, e.subject, e.body) from email_outbox e
                join inbox_message i on i.id = e.notice_id
                where e.operator_id = :o and e.member_id in (:members) order by e.member_id, e.id
                """;
        assertThat(named(togetherNames, notices)).isEqualTo(named(oneByOneNames, notices));
        assertThat(named(togetherNames, emails)).isEqualTo(named(oneByOneNames, emails));
        assertThat(named(togetherNames, notices))
                .containsExactly(
                        "mailed engagement.order.PAID {earlier} order:earlier:PLACED>PAID t",
                        "mailed engagement.order.PAID {order} order:order:PLACED>PAID t",
                        "mailed engagement.order.ACCEPTED {order} order:order:PAID>ACCEPTED t",
                        "plain engagement.order.PAID {other} order:other:PLACED>PAID t");
        assertThat(named(togetherNames, emails))
                .hasSize(3)
                .allMatch(row -> row.startsWith("mailed "))
                .anyMatch(row -> row.contains("Order #order is paid."));
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    /**
     * Two members (one who takes order e-mails in English) and their moves; the move of the earlier order is published
     * here, once, before the others.
     */
    private List<OrderStatusChanged> moves(Map<String, String> names) {
        Registered mailed = register("LANTING1");
        mailed.api()
                .put(
                        "/api/v1/me/notification-preferences",
                        Api.map("language", "en", "preferences", List.of(Api.map("category", "ORDER", "email", true))));
        Registered plain = register("LANTING1");
        names.put("member:" + mailed.memberId(), "mailed");
        names.put("member:" + plain.memberId(), "plain");
        names.put("members", mailed.memberId() + "," + plain.memberId());
        long base = 1_817_200_000_000L + System.nanoTime() % 1_000_000_000L;
        names.put(Long.toString(base), "earlier");
        names.put(Long.toString(base + 1), "order");
        names.put(Long.toString(base + 2), "other");
        Instant at = Instant.now();
        OrderStatusChanged earlier = move(base, mailed.memberId(), OrderStatus.PLACED, OrderStatus.PAID, at);
        transaction.executeWithoutResult(status -> events.publishEvent(earlier));
        OrderStatusChanged paid = move(base + 1, mailed.memberId(), OrderStatus.PLACED, OrderStatus.PAID, at);
        return List.of(
                earlier,
                move(base + 1, mailed.memberId(), null, OrderStatus.PLACED, at),
                paid,
                move(base + 1, mailed.memberId(), OrderStatus.PAID, OrderStatus.ACCEPTED, at),
                move(base + 2, plain.memberId(), OrderStatus.PLACED, OrderStatus.PAID, at),
                paid);
    }

    private OrderStatusChanged move(long orderId, long memberId, OrderStatus from, OrderStatus to, Instant at) {
        return new OrderStatusChanged(demo(), orderId, memberId, null, null, from, to, "STAFF", null, at);
    }

    /** The query's rows for the members named, with their ids and the orders' ids replaced by their names. */
    private List<String> named(Map<String, String> names, String sql) {
        List<Long> members = java.util.Arrays.stream(names.get("members").split(","))
                .map(Long::valueOf)
                .toList();
        java.util.regex.Pattern id = java.util.regex.Pattern.compile("(member:)?\\b\\d+\\b");
        return jdbc.sql(sql).param("o", demo()).param("members", members).query(String.class).list().stream()
                .map(row -> {
                    java.util.regex.Matcher number = id.matcher(row);
                    StringBuilder named = new StringBuilder();
                    while (number.find()) {
                        number.appendReplacement(named, names.getOrDefault(number.group(), number.group()));
                    }
                    return number.appendTail(named).toString();
                })
                .toList();
    }

    private String outbox(long memberId) {
        return jdbc.sql("select status || '/' || attempts from email_outbox where member_id = :m")
                .param("m", memberId)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
