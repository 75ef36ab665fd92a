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
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (Line line : statement.lines()) {
            rows.add(java.util.Arrays.asList(
                    line.orderId(),
                    line.kind(),
                    line.refundId(),
                    line.occurredAt(),
                    yuan(line.gross()),
                    line.commissionBasisPoints(),
                    yuan(line.commission()),
                    yuan(line.net()),
                    line.gross().currency()));
        }
        rows.add(java.util.Arrays.asList(
                "TOTAL",
                null,
                null,
                null,
                yuan(statement.gross()),
                null,
                yuan(statement.commission()),
                yuan(statement.net()),
                statement.gross().currency()));
        return io.enjoyspace.shared.Csv.text(
                List.of(
                        "order_id",
                        "kind",
                        "refund_id",
                        "occurred_at",
                        "gross",
                        "commission_rate_bps",
                        "commission",
                        "net",
                        "currency"),
                rows);
    }

    private static java.math.BigDecimal yuan(Money money) {
        return java.math.BigDecimal.valueOf(money.amountMinor(), 2);
    }
}
