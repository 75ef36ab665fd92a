package io.enjoyspace.wallet;

import io.enjoyspace.shared.Money;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What finance asks of the wallets: how much prepaid money the operator owes its members (the liability), whether that
 * agrees with the system accounts (they net to zero), whether every balance row agrees with its entries, and how much
 * was topped up, paid and refunded per day.
 */
@Service
public class WalletReports {

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Clock clock;

    WalletReports(JdbcClient jdbc, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.clock = clock;
    }

    /**
     * The liability and its reconciliation.
     *
     * @param liability the sum of the members' balances
     * @param membersWithBalance how many members hold money
     * @param topUpFunding the top-up funding account: minus what was topped up, plus what was withdrawn
     * @param spent the spent account: what wallets paid, less refunds
     * @param adjustment the adjustment account: minus the net of admins' corrections
     * @param unbalancedTransactions transactions whose entries do not sum to zero (should be none)
     * @param mismatchedBalances member balance rows that differ from the sum of their entries (should be none)
     */
    public record Reconciliation(
            Money liability,
            long membersWithBalance,
            Money topUpFunding,
            Money spent,
            Money adjustment,
            long unbalancedTransactions,
            long mismatchedBalances) {

        /** The member accounts and the system accounts together: zero when the books balance. */
        public Money net() {
            return liability.plus(topUpFunding).plus(spent).plus(adjustment);
        }

        public boolean ok() {
            return net().amountMinor() == 0 && unbalancedTransactions == 0 && mismatchedBalances == 0;
        }
    }

    /** One day's movements in the operator's time zone; amounts are positive. */
    public record Day(
            LocalDate day, long topUps, Money toppedUp, Money paid, Money refunded, Money adjusted, Money withdrawn) {}

    @Transactional(readOnly = true)
    public Reconciliation reconcile(long operatorId) {
        String currency = MemberWallets.CURRENCY;
        record Members(long liability, long holders, long mismatched) {}
        Members members = jdbc.sql("""
                        select coalesce(sum(b.balance_minor), 0) as liability,
                               count(*) filter (where b.balance_minor > 0) as holders,
                               count(*) filter (where b.balance_minor <> coalesce(e.total, 0)) as mismatched
                        from wallet_balance b
                        left join (select account_id, sum(amount_minor) as total from wallet_entry
                                   where operator_id = :operatorId group by account_id) e on e.account_id = b.account_id
                        where b.operator_id = :operatorId
                        """)
                .param("operatorId", operatorId)
                .query((rs, row) ->
                        new Members(rs.getLong("liability"), rs.getLong("holders"), rs.getLong("mismatched")))
                .single();
        record SystemTotals(long funding, long spent, long adjustment) {}
        SystemTotals system = jdbc.sql("""
                        select coalesce(sum(e.amount_minor) filter (where a.owner_type = 'TOP_UP_FUNDING'), 0) as funding,
                               coalesce(sum(e.amount_minor) filter (where a.owner_type = 'SPENT'), 0) as spent,
                               coalesce(sum(e.amount_minor) filter (where a.owner_type = 'ADJUSTMENT'), 0) as adjustment
                        from wallet_entry e
                        join wallet_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where e.operator_id = :operatorId and a.owner_type <> 'MEMBER'
                        """)
                .param("operatorId", operatorId)
                .query((rs, row) ->
                        new SystemTotals(rs.getLong("funding"), rs.getLong("spent"), rs.getLong("adjustment")))
                .single();
        long unbalanced =
                jdbc.sql("""
                        select count(*) from (select transaction_id from wallet_entry where operator_id = :operatorId
                                              group by transaction_id having sum(amount_minor) <> 0) t
                        """).param("operatorId", operatorId).query(Long.class).single();
        return new Reconciliation(
                Money.of(members.liability(), currency),
                members.holders(),
                Money.of(system.funding(), currency),
                Money.of(system.spent(), currency),
                Money.of(system.adjustment(), currency),
                unbalanced,
                members.mismatched());
    }

    /** Movements per day from {@code from} to {@code to}, both included, oldest first. */
    @Transactional(readOnly = true)
    public List<Day> days(long operatorId, LocalDate from, LocalDate to) {
        ZoneId zone = operators.get(operatorId).timeZone();
        String currency = MemberWallets.CURRENCY;
        return jdbc.sql("""
                        with day as (
                            select cast(generate_series(cast(:from as date), cast(:to as date), interval '1 day') as date) as day
                        ),
                        moved as (
                            select cast(created_at at time zone :zone as date) as day, kind, amount_minor
                            from wallet_transaction
                            where operator_id = :operatorId and created_at >= :start and created_at < :end
                        )
                        select day.day,
                               count(m.kind) filter (where m.kind = 'TOP_UP') as top_ups,
                               coalesce(sum(m.amount_minor) filter (where m.kind = 'TOP_UP'), 0) as topped_up,
                               coalesce(-sum(m.amount_minor) filter (where m.kind = 'PAYMENT'), 0) as paid,
                               coalesce(sum(m.amount_minor) filter (where m.kind = 'REFUND'), 0) as refunded,
                               coalesce(sum(m.amount_minor) filter (where m.kind = 'ADJUSTMENT'), 0) as adjusted,
                               coalesce(-sum(m.amount_minor) filter (where m.kind = 'WITHDRAWAL'), 0) as withdrawn
                        from day left join moved m on m.day = day.day
                        group by day.day order by day.day
                        """)
                .param("from", from)
                .param("to", to)
                .param("zone", zone.getId())
                .param("operatorId", operatorId)
                .param("start", Timestamp.from(from.atStartOfDay(zone).toInstant()))
                .param("end", Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .query((rs, row) -> new Day(
                        rs.getDate("day").toLocalDate(),
                        rs.getLong("top_ups"),
                        Money.of(rs.getLong("topped_up"), currency),
                        Money.of(rs.getLong("paid"), currency),
                        Money.of(rs.getLong("refunded"), currency),
                        Money.of(rs.getLong("adjusted"), currency),
                        Money.of(rs.getLong("withdrawn"), currency)))
                .list();
    }

    /** The operator's today, in its time zone. */
    public LocalDate today(long operatorId) {
        return LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()));
    }
}
