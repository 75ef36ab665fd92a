package io.enjoyspace.ordering;

import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which orders a list shows: all of the operator's, one company's, or one member's. */
    public record Scope(long operatorId, Long enterpriseId, Long memberId) {}

    public Order get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Order> find(long operatorId, long id) {
        List<Order> found = load(
                "select * from service_order where operator_id = :operatorId and id = :id",
                Map.of("operatorId", operatorId, "id", id));
        return found.stream().findFirst();
    }

    public List<Order> list(Scope scope, OrderStatus status, int offset, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("operatorId", scope.operatorId());
        params.put("enterpriseId", scope.enterpriseId());
        params.put("memberId", scope.memberId());
        params.put("status", status == null ? null : status.name());
        params.put("offset", offset);
        params.put("limit", limit);
        return load("""
                select * from service_order
                where operator_id = :operatorId
                  and (cast(:enterpriseId as bigint) is null or enterprise_id = :enterpriseId)
                  and (cast(:memberId as bigint) is null or member_id = :memberId)
                  and (cast(:status as text) is null or status = :status)
                order by placed_at desc, id desc
                offset :offset limit :limit
                """, params);
    }

    public long count(Scope scope, OrderStatus status) {
        return jdbc.sql("""
                        select count(*) from service_order
                        where operator_id = :operatorId
                          and (cast(:enterpriseId as bigint) is null or enterprise_id = :enterpriseId)
                          and (cast(:memberId as bigint) is null or member_id = :memberId)
                          and (cast(:status as text) is null or status = :status)
                        """)
                .param("operatorId", scope.operatorId())
                .param("enterpriseId", scope.enterpriseId())
                .param("memberId", scope.memberId())
                .param("status", status == null ? null : status.name())
                .query(Long.class)
                .single();
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

    private List<Order> load(String sql, Map<String, Object> params) {
        List<OrderRow> rows = jdbc.sql(sql).params(params).query(Orders::mapRow).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Order.Line>> lines = new LinkedHashMap<>();
        jdbc.sql("""
                        select l.*, o.currency from order_line l
                        join service_order o on o.operator_id = l.operator_id and o.id = l.order_id
                        where l.operator_id = :operatorId and l.order_id in (:ids)
                        order by l.order_id, l.line_number
                        """)
                .param("operatorId", rows.get(0).operatorId())
                .param("ids", rows.stream().map(OrderRow::id).toList())
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
        return rows.stream()
                .map(row -> row.toOrder(lines.getOrDefault(row.id(), List.of())))
                .toList();
    }

    private record OrderRow(
            long id,
            long operatorId,
            long memberId,
            Long enterpriseId,
            OrderStatus status,
            PaymentMethod paymentMethod,
            Money total,
            Timestamp placedAt,
            Timestamp completedAt) {

        Order toOrder(List<Order.Line> lines) {
            return new Order(
                    id,
                    operatorId,
                    memberId,
                    enterpriseId,
                    status,
                    paymentMethod,
                    total,
                    placedAt.toInstant(),
                    completedAt == null ? null : completedAt.toInstant(),
                    List.copyOf(lines));
        }
    }

    private static OrderRow mapRow(ResultSet rs, int row) throws SQLException {
        return new OrderRow(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("member_id"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "enterprise_id"),
                OrderStatus.valueOf(rs.getString("status")),
                PaymentMethod.valueOf(rs.getString("payment_method")),
                Money.of(rs.getLong("total_minor"), rs.getString("currency")),
                rs.getTimestamp("placed_at"),
                rs.getTimestamp("completed_at"));
    }
}
