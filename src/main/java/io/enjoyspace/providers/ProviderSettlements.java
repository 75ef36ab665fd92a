package io.enjoyspace.providers;

import io.enjoyspace.shared.Money;
import java.sql.Date;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A provider's monthly settlement statement: every order it completed that month (gross, the operator's commission,
 * net) and every refund made that month on an order it had completed, as negative lines. The totals are the sums of
 * the lines, and each line is one order's completion or one refund, so the statement reconciles with the orders.
 */
@Service
public class ProviderSettlements {

    private final JdbcClient jdbc;
    private final Providers providers;

    ProviderSettlements(JdbcClient jdbc, Providers providers) {
        this.jdbc = jdbc;
        this.providers = providers;
    }

    public record Line(
            long orderId,
            String kind,
            Long refundId,
            Instant occurredAt,
            Money gross,
            Money commission,
            Money net,
            int commissionBasisPoints) {}

    public record Statement(
            Provider provider,
            YearMonth month,
            List<Line> lines,
            Money gross,
            Money commission,
            Money net,
            long ordersCompleted,
            long refunds) {}

    public Statement statement(long operatorId, long providerId, YearMonth month) {
        Provider provider = providers.get(operatorId, providerId);
        List<Line> lines = jdbc.sql("""
                        select order_id, kind, refund_id, occurred_at, gross_minor, commission_minor, net_minor,
                               commission_bps, currency
                        from provider_earning
                        where operator_id = :operatorId and provider_id = :providerId and settlement_month = :month
                        order by occurred_at, id
                        """)
                .param("operatorId", operatorId)
                .param("providerId", providerId)
                .param("month", Date.valueOf(month.atDay(1)))
                .query((rs, row) -> {
                    String currency = rs.getString("currency");
                    return new Line(
                            rs.getLong("order_id"),
                            rs.getString("kind"),
                            io.enjoyspace.shared.Rows.nullableLong(rs, "refund_id"),
                            rs.getTimestamp("occurred_at").toInstant(),
                            Money.of(rs.getLong("gross_minor"), currency),
                            Money.of(rs.getLong("commission_minor"), currency),
                            Money.of(rs.getLong("net_minor"), currency),
                            rs.getInt("commission_bps"));
                })
                .list();
        String currency =
                lines.isEmpty() ? Money.DEFAULT_CURRENCY : lines.get(0).gross().currency();
        Money zero = Money.of(0, currency);
        return new Statement(
                provider,
                month,
                lines,
                lines.stream().map(Line::gross).reduce(zero, Money::plus),
                lines.stream().map(Line::commission).reduce(zero, Money::plus),
                lines.stream().map(Line::net).reduce(zero, Money::plus),
                lines.stream().filter(line -> line.kind().equals("EARNING")).count(),
                lines.stream().filter(line -> line.kind().equals("REFUND")).count());
    }

    /** The statement as CSV for the provider's and the operator's finance teams (amounts in yuan). */
    public String csv(Statement statement) {
        StringBuilder csv = new StringBuilder(
                "order_id,kind,refund_id,occurred_at,gross,commission_rate_bps,commission,net,currency\n");
        for (Line line : statement.lines()) {
            csv.append(line.orderId())
                    .append(',')
                    .append(line.kind())
                    .append(',')
                    .append(line.refundId() == null ? "" : line.refundId())
                    .append(',')
                    .append(line.occurredAt())
                    .append(',')
                    .append(line.gross().toDecimalString())
                    .append(',')
                    .append(line.commissionBasisPoints())
                    .append(',')
                    .append(line.commission().toDecimalString())
                    .append(',')
                    .append(line.net().toDecimalString())
                    .append(',')
                    .append(line.gross().currency())
                    .append('\n');
        }
        csv.append("TOTAL,,,,")
                .append(statement.gross().toDecimalString())
                .append(",,")
                .append(statement.commission().toDecimalString())
                .append(',')
                .append(statement.net().toDecimalString())
                .append(',')
                .append(statement.gross().currency())
                .append('\n');
        return csv.toString();
    }
}
