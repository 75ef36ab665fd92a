package io.enjoyspace.points;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The lots of member and enterprise accounts. Callers hold the account's row lock: the ledger takes it before it
 * touches an account's lots, so lots of one account never change concurrently.
 */
@Component
class Lots {

    /** Points taken from one lot by a debit. */
    record Portion(long lotId, long points, Instant expiresAt) {}

    private final JdbcClient jdbc;

    Lots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void open(long operatorId, long accountId, long transactionId, long points, Instant expiresAt, Instant now) {
        jdbc.sql("""
                        insert into points_lot (operator_id, account_id, transaction_id, points, remaining, expires_at, created_at)
                        values (:operatorId, :accountId, :transactionId, :points, :points, :expiresAt, :now)
                        """)
                .param("operatorId", operatorId)
                .param("accountId", accountId)
                .param("transactionId", transactionId)
                .param("points", points)
                .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The account's open lots, earliest expiry first, as far as it takes to cover {@code points}. */
    List<Portion> covering(long operatorId, long accountId, long points) {
        return jdbc.sql("""
                        select id, remaining, expires_at from (
                            select id, remaining, expires_at,
                                   sum(remaining) over (order by expires_at nulls last, id) - remaining as before
                            from points_lot
                            where operator_id = :operatorId and account_id = :accountId and remaining > 0
                        ) lots
                        where before < :points
                        order by expires_at nulls last, id
                        """)
                .param("operatorId", operatorId)
                .param("accountId", accountId)
                .param("points", points)
                .query(Lots::portion)
                .list();
    }

    /**
     * For each account of {@code needed}, its open lots, earliest expiry first, as far as it takes to cover the
     * points it needs: one statement that walks each account's index and stops early, and a second look only for an
     * account whose first lots are not enough. The lists may be changed by the caller.
     */
    Map<Long, List<Portion>> coveringEach(long operatorId, Map<Long, Long> needed) {
        Map<Long, List<Portion>> lots = new HashMap<>();
        needed.keySet().forEach(account -> lots.put(account, new ArrayList<>()));
        jdbc.sql("""
                        select v.account_id, l.id, l.remaining, l.expires_at
                        from unnest(cast(:accounts as bigint[])) as v (account_id)
                        cross join lateral (select id, remaining, expires_at from points_lot
                                            where operator_id = :operatorId and account_id = v.account_id
                                              and remaining > 0
                                            order by expires_at nulls last, id limit 20) l
                        order by v.account_id, l.expires_at nulls last, l.id
                        """)
                .param("operatorId", operatorId)
                .param("accounts", needed.keySet().toArray(Long[]::new))
                .query((rs, row) -> lots.get(rs.getLong("account_id")).add(portion(rs, row)))
                .list();
        for (Map.Entry<Long, Long> account : needed.entrySet()) {
            List<Portion> found = lots.get(account.getKey());
            if (found.stream().mapToLong(Portion::points).sum() < account.getValue()) {
                lots.put(account.getKey(), new ArrayList<>(covering(operatorId, account.getKey(), account.getValue())));
            }
        }
        return lots;
    }

    /** Takes {@code taken} points (by lot id) from the lots' remaining points, in one statement. */
    void take(long operatorId, Map<Long, Long> taken) {
        if (taken.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update points_lot l set remaining = l.remaining - v.take
                        from unnest(cast(:lots as bigint[]), cast(:takes as bigint[])) as v (id, take)
                        where l.operator_id = :operatorId and l.id = v.id
                        """)
                .param("operatorId", operatorId)
                .param("lots", taken.keySet().toArray(Long[]::new))
                .param("takes", taken.values().toArray(Long[]::new))
                .update();
    }

    private static Portion portion(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Timestamp expiresAt = rs.getTimestamp("expires_at");
        return new Portion(rs.getLong("id"), rs.getLong("remaining"), expiresAt == null ? null : expiresAt.toInstant());
    }

    /**
     * Consumes {@code points} from the account's open lots, earliest expiry first, recording each portion; the lots of
     * {@code preferredTransactionId} (what a reversal undoes) go first.
     */
    List<Portion> consume(
            long operatorId, long accountId, long transactionId, long points, Long preferredTransactionId) {
        if (points == 0) {
            return new ArrayList<>();
        }
        List<Portion> open = null;
        if (preferredTransactionId == null) {
            // The usual debit: walk the open-lots index in expiry order and stop early; most debits need one lot.
            open = jdbc.sql("""
                            select id, remaining, expires_at from points_lot
                            where operator_id = :operatorId and account_id = :accountId and remaining > 0
                            order by expires_at nulls last, id
                            limit 20
                            """)
                    .param("operatorId", operatorId)
                    .param("accountId", accountId)
                    .query(Lots::portion)
                    .list();
            if (open.stream().mapToLong(Portion::points).sum() < points) {
                open = null;
            }
        }
        if (open == null) {
            // Only the lots the debit reaches leave the database, however many small lots the account holds.
            open = jdbc.sql("""
                            select id, remaining, expires_at from (
                                select id, remaining, expires_at,
                                       sum(remaining) over (order by (transaction_id = cast(:preferred as bigint)) is true desc,
                                                                     expires_at nulls last, id) - remaining as before,
                                       (transaction_id = cast(:preferred as bigint)) is true as preferred
                                from points_lot
                                where operator_id = :operatorId and account_id = :accountId and remaining > 0
                            ) lots
                            where before < :points
                            order by preferred desc, expires_at nulls last, id
                            """)
                    .param("operatorId", operatorId)
                    .param("accountId", accountId)
                    .param("preferred", preferredTransactionId)
                    .param("points", points)
                    .query(Lots::portion)
                    .list();
        }
        List<Portion> taken = new ArrayList<>();
        long needed = points;
        for (Portion lot : open) {
            if (needed == 0) {
                break;
            }
            long take = Math.min(needed, lot.points());
            jdbc.sql("update points_lot set remaining = remaining - :take where operator_id = :operatorId and id = :id")
                    .param("take", take)
                    .param("operatorId", operatorId)
                    .param("id", lot.lotId())
                    .update();
            jdbc.sql("""
                            insert into points_lot_consumption (operator_id, transaction_id, lot_id, points)
                            values (:operatorId, :transactionId, :lotId, :points)
                            """)
                    .param("operatorId", operatorId)
                    .param("transactionId", transactionId)
                    .param("lotId", lot.lotId())
                    .param("points", take)
                    .update();
            taken.add(new Portion(lot.lotId(), take, lot.expiresAt()));
            needed -= take;
        }
        if (needed > 0) {
            // The balance check passed, so the lots must cover it; anything else is a broken invariant.
            throw new IllegalStateException("account " + accountId + " has fewer points in lots than in its balance");
        }
        return taken;
    }

    /**
     * Opens lots for {@code points} that keep the expiry dates of the portions debited in the same transaction,
     * earliest first, and marks those portions as used.
     */
    void carry(long operatorId, long accountId, long transactionId, long points, List<Portion> debited, Instant now) {
        long needed = points;
        while (needed > 0 && !debited.isEmpty()) {
            Portion portion = debited.remove(0);
            long take = Math.min(needed, portion.points());
            open(operatorId, accountId, transactionId, take, portion.expiresAt(), now);
            if (take < portion.points()) {
                debited.add(0, new Portion(portion.lotId(), portion.points() - take, portion.expiresAt()));
            }
            needed -= take;
        }
    }

    /**
     * Puts {@code points} back into the account's lots that {@code restoredTransactionId} consumed and that no earlier
     * restoration has refilled, the latest-expiring first, so the member keeps the longest-lived points.
     */
    void restore(long operatorId, long accountId, long transactionId, long restoredTransactionId, long points) {
        record Restorable(long lotId, long points) {}
        List<Restorable> restorable = jdbc.sql("""
                        select c.lot_id,
                               c.points - coalesce((select sum(r.points) from points_lot_restoration r
                                                    where r.operator_id = c.operator_id and r.lot_id = c.lot_id
                                                      and r.restores_transaction_id = c.transaction_id), 0) as restorable
                        from points_lot_consumption c
                        join points_lot l on l.operator_id = c.operator_id and l.id = c.lot_id
                        where c.operator_id = :operatorId and c.transaction_id = :restored and l.account_id = :accountId
                        order by l.expires_at desc nulls first, l.id desc
                        """)
                .param("operatorId", operatorId)
                .param("restored", restoredTransactionId)
                .param("accountId", accountId)
                .query((rs, row) -> new Restorable(rs.getLong("lot_id"), rs.getLong("restorable")))
                .list();
        long needed = points;
        for (Restorable lot : restorable) {
            if (needed == 0) {
                break;
            }
            long back = Math.min(needed, lot.points());
            if (back <= 0) {
                continue;
            }
            jdbc.sql("update points_lot set remaining = remaining + :back where operator_id = :operatorId and id = :id")
                    .param("back", back)
                    .param("operatorId", operatorId)
                    .param("id", lot.lotId())
                    .update();
            jdbc.sql("""
                            insert into points_lot_restoration (operator_id, transaction_id, lot_id, restores_transaction_id, points)
                            values (:operatorId, :transactionId, :lotId, :restored, :points)
                            """)
                    .param("operatorId", operatorId)
                    .param("transactionId", transactionId)
                    .param("lotId", lot.lotId())
                    .param("restored", restoredTransactionId)
                    .param("points", back)
                    .update();
            needed -= back;
        }
        if (needed > 0) {
            throw new IllegalArgumentException("transaction " + restoredTransactionId
                    + " took fewer points from account " + accountId + " than this reversal gives back");
        }
    }

    List<PointsLot> listOpen(long operatorId, Account account) {
        return jdbc.sql("""
                        select l.id, l.points, l.remaining, l.expires_at, l.created_at from points_lot l
                        join points_account a on a.operator_id = l.operator_id and a.id = l.account_id
                        where a.operator_id = :operatorId and a.owner_type = :type and a.owner_id = :ownerId
                          and l.remaining > 0
                        order by l.expires_at nulls last, l.id
                        """)
                .param("operatorId", operatorId)
                .param("type", account.type().name())
                .param("ownerId", account.ownerId())
                .query((rs, row) -> new PointsLot(
                        rs.getLong("id"),
                        rs.getLong("points"),
                        rs.getLong("remaining"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("expires_at") == null
                                ? null
                                : rs.getTimestamp("expires_at").toInstant()))
                .list();
    }
}
