package io.enjoyspace.ordering;

import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.Rows;
import java.sql.Date;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A company's monthly billing statement: every charge its employees' orders put on the company bill that month, and
 * every refund credited back, one line each, with the employee and the order. The total is the sum of the lines and
 * each line is one order's charge or one refund, so it reconciles with the orders; finance imports the CSV.
 */
@Service
public class EnterpriseStatements {

    private final JdbcClient jdbc;
    private final List<StatementCredits> creditSources;

    EnterpriseStatements(JdbcClient jdbc, List<StatementCredits> creditSources) {
        this.jdbc = jdbc;
        this.creditSources = creditSources;
    }

    /** One line: an order's charge or refund, or (kind {@code CREDIT}, no order) a credit from {@link StatementCredits}. */
    public record Line(
            Long orderId,
            String kind,
            Long refundId,
            Instant at,
            long memberId,
            String memberName,
            String description,
            Money amount,
            String reference) {}

    public record Statement(
            long enterpriseId, YearMonth month, List<Line> lines, Money charges, Money credits, Money total) {}

    public Statement statement(long operatorId, long enterpriseId, YearMonth month) {
        List<Line> lines = jdbc.sql("""
                        select c.order_id, c.kind, c.refund_id, c.created_at, c.amount_minor, c.currency, o.member_id,
                               m.name as member_name, o.kind as order_kind, o.description,
                               (select string_agg(l.offering_name || ' × ' || l.quantity, ', ' order by l.line_number)
                                from order_line l where l.operator_id = o.operator_id and l.order_id = o.id) as items
                        from enterprise_charge c
                        join service_order o on o.operator_id = c.operator_id and o.id = c.order_id
                        join member m on m.operator_id = o.operator_id and m.id = o.member_id
                        where c.operator_id = :operatorId and c.enterprise_id = :enterpriseId and c.billing_month = :month
                        order by c.created_at, c.id
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .param("month", Date.valueOf(month.atDay(1)))
                .query((rs, row) -> new Line(
                        rs.getLong("order_id"),
                        rs.getString("kind"),
                        Rows.nullableLong(rs, "refund_id"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getLong("member_id"),
                        rs.getString("member_name"),
                        rs.getString("items") != null ? rs.getString("items") : rs.getString("description"),
                        Money.of(rs.getLong("amount_minor"), rs.getString("currency")),
                        "order:" + rs.getLong("order_id")))
                .list();
        if (!creditSources.isEmpty()) {
            lines = new java.util.ArrayList<>(lines);
            for (StatementCredits source : creditSources) {
                for (StatementCredits.Credit credit : source.credits(operatorId, enterpriseId, month)) {
                    lines.add(new Line(
                            null,
                            "CREDIT",
                            null,
                            credit.at(),
                            credit.memberId(),
                            credit.memberName(),
                            credit.description(),
                            credit.amount(),
                            credit.reference()));
                }
            }
            lines.sort(java.util.Comparator.comparing(Line::at));
        }
        Money zero = Money.of(0, Money.DEFAULT_CURRENCY);
        Money charges = lines.stream()
                .filter(line -> line.kind().equals("CHARGE"))
                .map(Line::amount)
                .reduce(zero, Money::plus);
        Money credits = lines.stream()
                .filter(line -> line.kind().equals("REFUND") || line.kind().equals("CREDIT"))
                .map(Line::amount)
                .reduce(zero, Money::plus);
        return new Statement(enterpriseId, month, lines, charges, credits, charges.plus(credits));
    }

    /** The statement as CSV for the company's and the operator's finance teams (amounts in yuan). */
    public String csv(Statement statement) {
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (Line line : statement.lines()) {
            rows.add(java.util.Arrays.asList(
                    line.orderId(),
                    line.kind(),
                    line.refundId(),
                    line.at(),
                    line.memberId(),
                    line.memberName(),
                    line.description(),
                    yuan(line.amount()),
                    line.amount().currency(),
                    line.reference()));
        }
        rows.add(java.util.Arrays.asList(
                "TOTAL",
                null,
                null,
                null,
                null,
                null,
                null,
                yuan(statement.total()),
                statement.total().currency(),
                null));
        return io.enjoyspace.shared.Csv.text(
                List.of(
                        "order_id",
                        "kind",
                        "refund_id",
                        "at",
                        "member_id",
                        "member",
                        "description",
                        "amount",
                        "currency",
                        "reference"),
                rows);
    }

    private static java.math.BigDecimal yuan(Money money) {
        return java.math.BigDecimal.valueOf(money.amountMinor(), 2);
    }
}
