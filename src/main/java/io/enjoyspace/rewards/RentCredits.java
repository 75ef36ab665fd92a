package io.enjoyspace.rewards;

import io.enjoyspace.ordering.StatementCredits;
import io.enjoyspace.shared.Csv;
import io.enjoyspace.shared.Money;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Rent-deduction credits bought with points: each fulfilled redemption is a credit line on the member's company bill
 * for the month it was confirmed, and one row of the operator's monthly export for its finance system.
 */
@Service
public class RentCredits implements StatementCredits {

    private final JdbcClient jdbc;

    RentCredits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One credit: the redemption, the company and member, and the amount (positive, in minor units). */
    public record RentCredit(
            long redemptionId,
            long enterpriseId,
            String enterpriseName,
            long memberId,
            String memberName,
            String rewardName,
            int quantity,
            long points,
            Money amount,
            Instant at) {}

    @Override
    public List<Credit> credits(long operatorId, long enterpriseId, YearMonth month) {
        return list(operatorId, enterpriseId, month).stream()
                .map(credit -> new Credit(
                        "redemption:" + credit.redemptionId(),
                        credit.at(),
                        credit.memberId(),
                        credit.memberName(),
                        credit.rewardName() + " × " + credit.quantity(),
                        Money.of(-credit.amount().amountMinor(), credit.amount().currency())))
                .toList();
    }

    /** The month's credits of every company ({@code enterpriseId} null) or of one. */
    public List<RentCredit> list(long operatorId, Long enterpriseId, YearMonth month) {
        return jdbc.sql("""
                        select r.id, r.enterprise_id, e.name as enterprise_name, r.member_id, m.name as member_name,
                               r.reward_name, r.quantity, r.points, r.credit_minor, r.currency, r.fulfilled_at
                        from reward_redemption r
                        join member m on m.operator_id = r.operator_id and m.id = r.member_id
                        join enterprise e on e.operator_id = r.operator_id and e.id = r.enterprise_id
                        where r.operator_id = :operatorId and r.kind = 'RENT_CREDIT' and r.status = 'FULFILLED'
                          and r.billing_month = :month
                          and (cast(:enterpriseId as bigint) is null or r.enterprise_id = :enterpriseId)
                        order by r.fulfilled_at, r.id
                        """)
                .param("operatorId", operatorId)
                .param("month", Date.valueOf(month.atDay(1)))
                .param("enterpriseId", enterpriseId)
                .query((rs, row) -> new RentCredit(
                        rs.getLong("id"),
                        rs.getLong("enterprise_id"),
                        rs.getString("enterprise_name"),
                        rs.getLong("member_id"),
                        rs.getString("member_name"),
                        rs.getString("reward_name"),
                        rs.getInt("quantity"),
                        rs.getLong("points"),
                        Money.of(rs.getLong("credit_minor"), rs.getString("currency")),
                        rs.getTimestamp("fulfilled_at").toInstant()))
                .list();
    }

    /** The month's credits as CSV for the operator's finance system: one row per credit, amounts in yuan. */
    public String csv(long operatorId, YearMonth month) {
        List<List<Object>> rows = new ArrayList<>();
        for (RentCredit credit : list(operatorId, null, month)) {
            rows.add(Arrays.asList(
                    month.toString(),
                    "redemption:" + credit.redemptionId(),
                    credit.enterpriseId(),
                    credit.enterpriseName(),
                    credit.memberId(),
                    credit.memberName(),
                    credit.rewardName(),
                    credit.quantity(),
                    credit.points(),
                    BigDecimal.valueOf(credit.amount().amountMinor(), 2),
                    credit.amount().currency(),
                    credit.at()));
        }
        return Csv.text(
                List.of(
                        "billing_month",
                        "reference",
                        "enterprise_id",
                        "enterprise",
                        "member_id",
                        "member",
                        "reward",
                        "quantity",
                        "points",
                        "credit_amount",
                        "currency",
                        "credited_at"),
                rows);
    }
}
