package io.enjoyspace.ordering;

import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads orders. Every query names the operator; visibility by role is decided by {@link OrderVisibility}. */
@Repository
public class Orders {

    private final JdbcClient jdbc;
    private final Discounts discounts;

    Orders(JdbcClient jdbc, Discounts discounts) {
        this.jdbc = jdbc;
        this.discounts = discounts;
    }

    /** Which orders a list shows: all of the operator's, one company's, or one member's. */
    public record Scope(long operatorId, Long enterpriseId, Long memberId) {}

    public Order get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    /** The order, its row locked until the caller's transaction ends. */
    Order getForUpdate(long operatorId, long id) {
        return load(
                        "select * from service_order where operator_id = :operatorId and id = :id for update",
                        Map.of("operatorId", operatorId, "id", id))
                .stream()
                .findFirst()
                .orElseThrow(NotFoundException::new);
    }

    /**
     * Runs an update of one order's row that returns it ({@code returning *}), and answers the order as it now stands;
     * its lines, payments and discounts are the ones {@code before} had, which a status move never changes.
     */
    Optional<Order> updateReturning(Order before, String sql, Map<String, Object> params) {
        return jdbc.sql(sql).params(params).query(Orders::mapRow).list().stream()
                .findFirst()
                .map(row -> row.toOrder(before.lines(), before.payments(), before.discounts()));
    }

    public Optional<Order> find(long operatorId, long id) {
        List<Order> found = load(
                "select * from service_order where operator_id = :operatorId and id = :id",
                Map.of("operatorId", operatorId, "id", id));
        return found.stream().findFirst();
    }

    /**
     * What a list shows beyond the scope: a status, a kind, a provider's orders, one assignee's, only unassigned ones,
     * or only those late against their service level at {@code lateAt}.
     */
    public record Filter(
            OrderStatus status,
            Order.Kind kind,
            Long providerId,
            Long assignedUserId,
            boolean unassignedOnly,
            Instant lateAt) {

        public static Filter status(OrderStatus status) {
            return new Filter(status, null, null, null, false, null);
        }
    }

    public List<Order> list(Scope scope, OrderStatus status, int offset, int limit) {
        return list(scope, Filter.status(status), offset, limit);
    }

    public long count(Scope scope, OrderStatus status) {
        return count(scope, Filter.status(status));
    }

    public List<Order> list(Scope scope, Filter filter, int offset, int limit) {
        Map<String, Object> params = params(scope, filter);
        params.put("offset", offset);
        params.put("limit", limit);
        return load(
                "select * from service_order" + WHERE + " order by placed_at desc, id desc offset :offset limit :limit",
                params);
    }

    public long count(Scope scope, Filter filter) {
        return jdbc.sql("select count(*) from service_order" + WHERE)
                .params(params(scope, filter))
                .query(Long.class)
                .single();
    }

    private static final String WHERE = """
             where operator_id = :operatorId
              and (cast(:enterpriseId as bigint) is null or enterprise_id = :enterpriseId)
              and (cast(:memberId as bigint) is null or member_id = :memberId)
              and (cast(:status as text) is null or status = :status)
              and (cast(:kind as text) is null or kind = :kind)
              and (cast(:providerId as bigint) is null or provider_id = :providerId)
              and (cast(:assignedUserId as bigint) is null or assigned_user_id = :assignedUserId)
              and (not :unassigned or (assigned_user_id is null and provider_id is null))
              and (cast(:lateAt as timestamptz) is null
                   or (status in ('PAID', 'ACCEPTED', 'SCHEDULED', 'IN_SERVICE')
                       and ((respond_by < :lateAt and accepted_at is null) or complete_by < :lateAt)))
            """;

    private static Map<String, Object> params(Scope scope, Filter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("operatorId", scope.operatorId());
        params.put("enterpriseId", scope.enterpriseId());
        params.put("memberId", scope.memberId());
        params.put("status", filter.status() == null ? null : filter.status().name());
        params.put("kind", filter.kind() == null ? null : filter.kind().name());
        params.put("providerId", filter.providerId());
        params.put("assignedUserId", filter.assignedUserId());
        params.put("unassigned", filter.unassignedOnly());
        params.put("lateAt", filter.lateAt() == null ? null : Timestamp.from(filter.lateAt()));
        return params;
    }

    /** What a company owes for a billing month (the first day of the month), settled with its rent. */
    public long enterpriseChargesMinor(long operatorId, long enterpriseId, java.time.LocalDate billingMonth) {
        return jdbc.sql("""
                        select coalesce(sum(amount_minor), 0) from enterprise_charge
                        where operator_id = :operatorId and enterprise_id = :enterpriseId and billing_month = :month
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .param("month", billingMonth)
                .query(Long.class)
                .single();
    }

    /** Orders by id, in the order of {@code ids}, loaded together (lines and payments in one query each). */
    public List<Order> byIds(long operatorId, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Order> loaded = new LinkedHashMap<>();
        load(
                        "select * from service_order where operator_id = :operatorId and id in (:ids)",
                        Map.of("operatorId", operatorId, "ids", ids))
                .forEach(order -> loaded.put(order.id(), order));
        return ids.stream().map(loaded::get).filter(java.util.Objects::nonNull).toList();
    }

    /** One step of an order's life: when it moved, from where to where, who moved it and why. */
    public record Step(String from, OrderStatus to, String actorKind, Long actorId, String reason, Instant at) {}

    public List<Step> steps(long operatorId, long orderId) {
        return jdbc.sql("""
                        select from_status, to_status, actor_kind, actor_id, reason, occurred_at from order_step
                        where operator_id = :operatorId and order_id = :orderId
                        order by id
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .query((rs, row) -> new Step(
                        rs.getString("from_status"),
                        OrderStatus.valueOf(rs.getString("to_status")),
                        rs.getString("actor_kind"),
                        Rows.nullableLong(rs, "actor_id"),
                        rs.getString("reason"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    /**
     * The orders a statement returns the rows of (an update's {@code returning *}), with the lines and payments that
     * the caller has just written and so need not be read back; discounts are read for the orders that have any.
     */
    List<Order> returned(
            String sql,
            Map<String, Object> params,
            Map<Long, List<Order.Line>> lines,
            Map<Long, List<Order.Payment>> payments) {
        List<OrderRow> rows = jdbc.sql(sql).params(params).query(Orders::mapRow).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> discounted =
                rows.stream().filter(OrderRow::discounted).map(OrderRow::id).toList();
        Map<Long, List<Order.Discount>> discounts =
                discounted.isEmpty() ? Map.of() : this.discounts.of(rows.get(0).operatorId(), discounted);
        return rows.stream()
                .map(row -> row.toOrder(
                        lines.getOrDefault(row.id(), List.of()),
                        payments.getOrDefault(row.id(), List.of()),
                        discounts.getOrDefault(row.id(), List.of())))
                .toList();
    }

    private List<Order> load(String sql, Map<String, Object> params) {
        List<OrderRow> rows = jdbc.sql(sql).params(params).query(Orders::mapRow).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        long operatorId = rows.get(0).operatorId();
        List<Long> ids = rows.stream().map(OrderRow::id).toList();
        Map<Long, List<Order.Line>> lines = new LinkedHashMap<>();
        jdbc.sql("""
                        select l.*, o.currency from order_line l
                        join service_order o on o.operator_id = l.operator_id and o.id = l.order_id
                        where l.operator_id = :operatorId and l.order_id in (:ids)
                        order by l.order_id, l.line_number
                        """)
                .param("operatorId", operatorId)
                .param("ids", ids)
                .query((rs, row) -> {
                    String currency = rs.getString("currency");
                    lines.computeIfAbsent(rs.getLong("order_id"), id -> new ArrayList<>())
                            .add(new Order.Line(
                                    rs.getInt("line_number"),
                                    rs.getLong("offering_id"),
                                    rs.getString("offering_name"),
                                    Money.of(rs.getLong("unit_price_minor"), currency),
                                    rs.getInt("quantity"),
                                    Money.of(rs.getLong("line_total_minor"), currency)));
                    return null;
                })
                .list();
        Map<Long, List<Order.Payment>> payments = new LinkedHashMap<>();
        jdbc.sql("""
                        select p.*, o.currency from order_payment p
                        join service_order o on o.operator_id = p.operator_id and o.id = p.order_id
                        where p.operator_id = :operatorId and p.order_id in (:ids)
                        order by p.order_id, p.method
                        """)
                .param("operatorId", operatorId)
                .param("ids", ids)
                .query((rs, row) -> {
                    String currency = rs.getString("currency");
                    payments.computeIfAbsent(rs.getLong("order_id"), id -> new ArrayList<>())
                            .add(new Order.Payment(
                                    PaymentMethod.valueOf(rs.getString("method")),
                                    Money.of(rs.getLong("amount_minor"), currency),
                                    rs.getLong("points"),
                                    Money.of(rs.getLong("refunded_minor"), currency),
                                    rs.getLong("refunded_points")));
                    return null;
                })
                .list();
        List<Long> discounted =
                rows.stream().filter(OrderRow::discounted).map(OrderRow::id).toList();
        Map<Long, List<Order.Discount>> discounts =
                discounted.isEmpty() ? Map.of() : this.discounts.of(operatorId, discounted);
        return rows.stream()
                .map(row -> row.toOrder(
                        lines.getOrDefault(row.id(), List.of()),
                        payments.getOrDefault(row.id(), List.of()),
                        discounts.getOrDefault(row.id(), List.of())))
                .toList();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private interface OrderBuilder {
        Order build(List<Order.Line> lines, List<Order.Payment> payments, List<Order.Discount> discounts);
    }

    private record OrderRow(long id, long operatorId, boolean discounted, OrderBuilder builder) {

        Order toOrder(List<Order.Line> lines, List<Order.Payment> payments, List<Order.Discount> discounts) {
            return builder.build(List.copyOf(lines), List.copyOf(payments), List.copyOf(discounts));
        }
    }

    private static OrderRow mapRow(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        long operatorId = rs.getLong("operator_id");
        long memberId = rs.getLong("member_id");
        Long enterpriseId = Rows.nullableLong(rs, "enterprise_id");
        OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
        String methodName = rs.getString("payment_method");
        PaymentMethod method = methodName == null ? null : PaymentMethod.valueOf(methodName);
        String currency = rs.getString("currency");
        Money total = Money.of(rs.getLong("total_minor"), currency);
        Instant placedAt = instant(rs, "placed_at");
        Instant completedAt = instant(rs, "completed_at");
        Order.Kind kind = Order.Kind.valueOf(rs.getString("kind"));
        Order.Channel channel = Order.Channel.valueOf(rs.getString("channel"));
        Long providerId = Rows.nullableLong(rs, "provider_id");
        Long assignedUserId = Rows.nullableLong(rs, "assigned_user_id");
        long pointsUsed = rs.getLong("points_used");
        Money refunded = Money.of(rs.getLong("refunded_minor"), currency);
        Instant paidAt = instant(rs, "paid_at");
        Instant acceptedAt = instant(rs, "accepted_at");
        Instant scheduledFor = instant(rs, "scheduled_for");
        Instant respondBy = instant(rs, "respond_by");
        Instant completeBy = instant(rs, "complete_by");
        int ratingValue = rs.getInt("rating");
        Integer rating = rs.wasNull() ? null : ratingValue;
        String ratingComment = rs.getString("rating_comment");
        String description = rs.getString("description");
        String location = rs.getString("location");
        String statusReason = rs.getString("status_reason");
        boolean priority = rs.getBoolean("priority");
        return new OrderRow(
                id,
                operatorId,
                rs.getLong("discount_minor") > 0,
                (lines, payments, discounts) -> new Order(
                        id,
                        operatorId,
                        memberId,
                        enterpriseId,
                        status,
                        method,
                        total,
                        placedAt,
                        completedAt,
                        lines,
                        kind,
                        channel,
                        providerId,
                        assignedUserId,
                        pointsUsed,
                        refunded,
                        paidAt,
                        acceptedAt,
                        scheduledFor,
                        respondBy,
                        completeBy,
                        rating,
                        ratingComment,
                        description,
                        location,
                        statusReason,
                        payments,
                        discounts,
                        priority));
    }
}
