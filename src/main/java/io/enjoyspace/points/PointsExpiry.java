package io.enjoyspace.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires lots whose date has passed, one account per transaction, in batches. Safe to run on every app node at
 * once: each node claims accounts with {@code SKIP LOCKED}, and under the account's lock it debits exactly the
 * expired lots' remaining points, which are the first lots any debit consumes.
 */
@Component
public class PointsExpiry {

    static final String REASON = "EXPIRED";
    private static final Logger log = LoggerFactory.getLogger(PointsExpiry.class);

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PointsExpiry(JdbcClient jdbc, PointsLedger ledger, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.points.expiry-interval:PT5M}",
            initialDelayString = "${enjoyspace.points.expiry-initial-delay:PT1M}")
    void scheduled() {
        int expired = expireDue(200);
        if (expired > 0) {
            log.info("Expired points in {} accounts", expired);
        }
    }

    /** Expires every due lot, {@code batchSize} accounts per round; returns how many accounts lost points. */
    public int expireDue(int batchSize) {
        int total = 0;
        int round;
        do {
            round = expireBatch(batchSize);
            total += round;
        } while (round == batchSize);
        return total;
    }

    private int expireBatch(int batchSize) {
        Integer expired = transaction.execute(status -> {
            Instant now = clock.instant();
            record Due(long operatorId, long accountId, String ownerType, long ownerId) {}
            List<Due> due = jdbc.sql("""
                            select a.operator_id, a.id, a.owner_type, a.owner_id from points_account a
                            where a.owner_type in ('MEMBER', 'ENTERPRISE')
                              and exists (select 1 from points_lot l
                                          where l.operator_id = a.operator_id and l.account_id = a.id
                                            and l.remaining > 0 and l.expires_at <= :now)
                            order by a.id
                            limit :limit
                            for update of a skip locked
                            """)
                    .param("now", Timestamp.from(now))
                    .param("limit", batchSize)
                    .query((rs, row) -> new Due(
                            rs.getLong("operator_id"),
                            rs.getLong("id"),
                            rs.getString("owner_type"),
                            rs.getLong("owner_id")))
                    .list();
            for (Due account : due) {
                long points = jdbc.sql("""
                                select coalesce(sum(remaining), 0) from points_lot
                                where operator_id = :operatorId and account_id = :accountId
                                  and remaining > 0 and expires_at <= :now
                                """)
                        .param("operatorId", account.operatorId())
                        .param("accountId", account.accountId())
                        .param("now", Timestamp.from(now))
                        .query(Long.class)
                        .single();
                Account owner = new Account(AccountType.valueOf(account.ownerType()), account.ownerId());
                ledger.post(new PostTransaction(
                        account.operatorId(),
                        // The account lock, not the key, keeps expiry from running twice: points restored into an
                        // expired lot at the same instant must still expire, so every run posts under a new key.
                        "expire:" + account.accountId() + ":" + java.util.UUID.randomUUID(),
                        REASON,
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new Posting(owner, -points),
                                new Posting(Account.system(AccountType.EXPIRED), points))));
            }
            return due.size();
        });
        return expired == null ? 0 : expired;
    }
}
