package io.enjoyspace.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an operator's finance team asks of the ledger: how many points are outstanding and when they fall due (the
 * liability, including the "sleeping" points nobody spends), how many were issued, redeemed and expired per day, and
 * whether every balance still agrees with its entries and lots.
 */
@Service
public class PointsReports {

    private final JdbcClient jdbc;
    private final PointsDirectory directory;
    private final Clock clock;

    PointsReports(JdbcClient jdbc, PointsDirectory directory, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.clock = clock;
    }

    /** Outstanding points in one expiry month ({@code month} null: never expire). */
    public record ExpiryMonth(String month, long points) {}

    /** Outstanding points by how long ago they were earned. */
    public record AgeBand(String band, long points) {}

    public record Liability(
            long outstandingPoints,
            long debtPoints,
            long accounts,
            List<ExpiryMonth> byExpiryMonth,
            List<AgeBand> byAge) {}

    /** One day's movements: new points, points spent, expired, and points taken back by refunds. */
    public record DayFlow(LocalDate day, long issued, long redeemed, long expired, long reversed) {}

    /** An account whose balance disagrees with its entries or its lots. */
    public record Mismatch(long accountId, String ownerType, Long ownerId, long balance, long entries, long lots) {}

    public record Reconciliation(long accountsChecked, long unbalancedTransactions, List<Mismatch> mismatches) {

        public boolean ok() {
            return unbalancedTransactions == 0 && mismatches.isEmpty();
        }
    }

    @Transactional(readOnly = true)
    public Liability liability(long operatorId) {
        ZoneId zone = directory.timeZone(operatorId);
        record Totals(long outstanding, long debt, long accounts) {}
        Totals totals = jdbc.sql("""
                        select coalesce(sum(greatest(balance, 0)), 0) as outstanding,
                               coalesce(-sum(least(balance, 0)), 0) as debt,
                               count(*) filter (where balance <> 0) as accounts
                        from points_account
                        where operator_id = :operatorId and owner_type in ('MEMBER', 'ENTERPRISE')
                        """)
                .param("operatorId", operatorId)
                .query((rs, row) -> new Totals(rs.getLong("outstanding"), rs.getLong("debt"), rs.getLong("accounts")))
                .single();
        List<ExpiryMonth> months = jdbc.sql("""
                        select to_char((expires_at - interval '1 microsecond') at time zone :zone, 'YYYY-MM') as month,
                               sum(remaining) as points
                        from points_lot
                        where operator_id = :operatorId and remaining > 0
                        group by 1 order by 1 nulls last
                        """)
                .param("zone", zone.getId())
                .param("operatorId", operatorId)
                .query((rs, row) -> new ExpiryMonth(rs.getString("month"), rs.getLong("points")))
                .list();
        List<AgeBand> ages = jdbc.sql("""
                        select case when created_at > cast(:now as timestamptz) - interval '30 days' then '0-30'
                                    when created_at > cast(:now as timestamptz) - interval '90 days' then '31-90'
                                    when created_at > cast(:now as timestamptz) - interval '180 days' then '91-180'
                                    when created_at > cast(:now as timestamptz) - interval '365 days' then '181-365'
                                    else '365+' end as band,
                               sum(remaining) as points
                        from points_lot
                        where operator_id = :operatorId and remaining > 0
                        group by 1
                        order by min(cast(:now as timestamptz) - created_at)
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .query((rs, row) -> new AgeBand(rs.getString("band"), rs.getLong("points")))
                .list();
        return new Liability(totals.outstanding(), totals.debt(), totals.accounts(), months, ages);
    }

    /** Outstanding points falling due within {@code withinDays} days (null: later, or never). */
    public record DueBand(Integer withinDays, long points) {}

    /**
     * The liability by time to expiry as of {@code asOf}: the open lots' remaining points, one band per bound (lots
     * expiring after the previous bound and within this one), then one band for the rest (expiring later or never).
     * Bounds in days, ascending.
     */
    @Transactional(readOnly = true)
    public List<DueBand> dueBands(long operatorId, java.time.Instant asOf, List<Integer> boundsDays) {
        StringBuilder columns = new StringBuilder("coalesce(sum(remaining), 0) as total");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("operatorId", operatorId);
        for (int i = 0; i < boundsDays.size(); i++) {
            columns.append(
                    ", coalesce(sum(remaining) filter (where expires_at <= :due%d), 0) as due%d".formatted(i, i));
            params.put("due" + i, Timestamp.from(asOf.plus(java.time.Duration.ofDays(boundsDays.get(i)))));
        }
        // Cumulative sums up to each bound, one row; the bands are their differences.
        long[] cumulative = jdbc.sql(
                        "select " + columns + " from points_lot where operator_id = :operatorId and remaining > 0")
                .params(params)
                .query((rs, row) -> {
                    long[] sums = new long[boundsDays.size() + 1];
                    for (int i = 0; i < boundsDays.size(); i++) {
                        sums[i] = rs.getLong("due" + i);
                    }
                    sums[boundsDays.size()] = rs.getLong("total");
                    return sums;
                })
                .single();
        List<DueBand> bands = new java.util.ArrayList<>();
        long before = 0;
        for (int i = 0; i <= boundsDays.size(); i++) {
            bands.add(new DueBand(i < boundsDays.size() ? boundsDays.get(i) : null, cumulative[i] - before));
            before = cumulative[i];
        }
        return bands;
    }

    /** Movements per day from {@code from} to {@code to}, both included, in the operator's time zone. */
    @Transactional(readOnly = true)
    public List<DayFlow> flows(long operatorId, LocalDate from, LocalDate to) {
        ZoneId zone = directory.timeZone(operatorId);
        return jdbc.sql("""
                        with day as (
                            select cast(generate_series(cast(:from as date), cast(:to as date), interval '1 day') as date) as day
                        ),
                        moved as (
                            select cast(t.occurred_at at time zone :zone as date) as day, a.owner_type, t.reason_code,
                                   e.amount
                            from points_entry e
                            join points_transaction t on t.operator_id = e.operator_id and t.id = e.transaction_id
                            join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                            where e.operator_id = :operatorId and t.occurred_at >= :start and t.occurred_at < :end
                              and a.owner_type in ('ISSUANCE', 'REDEEMED', 'EXPIRED')
                        )
                        select day.day,
                               coalesce(-sum(m.amount) filter (where m.owner_type = 'ISSUANCE' and m.amount < 0), 0) as issued,
                               coalesce(sum(m.amount) filter (where m.owner_type = 'REDEEMED'), 0) as redeemed,
                               coalesce(sum(m.amount) filter (where m.owner_type = 'EXPIRED'), 0) as expired,
                               coalesce(sum(m.amount) filter (where m.owner_type = 'ISSUANCE' and m.amount > 0), 0) as reversed
                        from day left join moved m on m.day = day.day
                        group by day.day order by day.day
                        """)
                .param("from", from)
                .param("to", to)
                .param("zone", zone.getId())
                .param("operatorId", operatorId)
                .param("start", Timestamp.from(from.atStartOfDay(zone).toInstant()))
                .param("end", Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .query((rs, row) -> new DayFlow(
                        rs.getDate("day").toLocalDate(),
                        rs.getLong("issued"),
                        rs.getLong("redeemed"),
                        rs.getLong("expired"),
                        rs.getLong("reversed")))
                .list();
    }

    /** Recomputes every member and enterprise balance from its entries and its lots and lists any difference. */
    @Transactional(readOnly = true)
    public Reconciliation reconcile(long operatorId) {
        List<Mismatch> mismatches = jdbc.sql("""
                        select a.id, a.owner_type, a.owner_id, a.balance,
                               coalesce(e.total, 0) as entries, coalesce(l.total, 0) as lots
                        from points_account a
                        left join (select account_id, sum(amount) as total from points_entry
                                   where operator_id = :operatorId group by account_id) e on e.account_id = a.id
                        left join (select account_id, sum(remaining) as total from points_lot
                                   where operator_id = :operatorId group by account_id) l on l.account_id = a.id
                        where a.operator_id = :operatorId and a.owner_type in ('MEMBER', 'ENTERPRISE', 'PENDING')
                          and (a.balance <> coalesce(e.total, 0)
                               or (a.owner_type <> 'PENDING' and greatest(a.balance, 0) <> coalesce(l.total, 0)))
                        order by a.id
                        """)
                .param("operatorId", operatorId)
                .query((rs, row) -> new Mismatch(
                        rs.getLong("id"),
                        rs.getString("owner_type"),
                        rs.getLong("owner_id"),
                        rs.getLong("balance"),
                        rs.getLong("entries"),
                        rs.getLong("lots")))
                .list();
        long accounts = jdbc.sql(
                        "select count(*) from points_account where operator_id = :operatorId and owner_type in ('MEMBER', 'ENTERPRISE')")
                .param("operatorId", operatorId)
                .query(Long.class)
                .single();
        long unbalanced =
                jdbc.sql("""
                        select count(*) from (select transaction_id from points_entry where operator_id = :operatorId
                                              group by transaction_id having sum(amount) <> 0) t
                        """).param("operatorId", operatorId).query(Long.class).single();
        return new Reconciliation(accounts, unbalanced, mismatches);
    }

    /** Today in the operator's time zone. */
    public LocalDate today(long operatorId) {
        return LocalDate.now(clock.withZone(directory.timeZone(operatorId)));
    }
}
