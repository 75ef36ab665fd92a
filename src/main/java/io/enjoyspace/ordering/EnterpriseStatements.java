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

    EnterpriseStatements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Line(
            long orderId,
            String kind,
            Long refundId,
            Instant at,
            long memberId,
            String memberName,
            String description,
            Money amount) {}

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
                        Money.of(rs.getLong("amount_minor"), rs.getString("currency"))))
                .list();
        Money zero = Money.of(0, Money.DEFAULT_CURRENCY);
        Money charges = lines.stream()
                .filter(line -> line.kind().equals("CHARGE"))
                .map(Line::amount)
                .reduce(zero, Money::plus);
        Money credits = lines.stream()
                .filter(line -> line.kind().equals("REFUND"))
                .map(Line::amount)
                .reduce(zero, Money::plus);
        return new Statement(enterpriseId, month, lines, charges, credits, charges.plus(credits));
    }

    /** The statement as CSV for the company's and the operator's finance teams (amounts in yuan). */
    public String csv(Statement statement) {
        StringBuilder csv =
                new StringBuilder("order_id,kind,refund_id,at,member_id,member,description,amount,currency\n");
        for (Line line : statement.lines()) {
            csv.append(line.orderId())
                    .append(',')
                    .append(line.kind())
                    .append(',')
                    .append(line.refundId() == null ? "" : line.refundId())
                    .append(',')
                    .append(line.at())
                    .append(',')
                    .append(line.memberId())
                    .append(',')
                    .append(quote(line.memberName()))
                    .append(',')
                    .append(quote(line.description()))
                    .append(',')
                    .append(line.amount().toDecimalString())
                    .append(',')
                    .append(line.amount().currency())
                    .append('\n');
        }
        csv.append("TOTAL,,,,,,,")
                .append(statement.total().toDecimalString())
                .append(',')
                .append(statement.total().currency())
                .append('\n');
        return csv.toString();
    }

    /** A CSV field, quoted, with formula-starting text defused so a spreadsheet shows it as text. */
    static String quote(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
