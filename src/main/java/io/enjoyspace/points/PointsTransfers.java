package io.enjoyspace.points;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.TransactionLocks;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members give points to each other, as far as the operator's policy allows. Transferred points keep their expiry
 * dates, so giving points away never makes them last longer.
 */
@Service
public class PointsTransfers {

    static final String REASON = "TRANSFER";

    private final PointsLedger ledger;
    private final PointsPolicies policies;
    private final PointsDirectory directory;
    private final JdbcClient jdbc;
    private final Clock clock;

    PointsTransfers(
            PointsLedger ledger, PointsPolicies policies, PointsDirectory directory, JdbcClient jdbc, Clock clock) {
        this.ledger = ledger;
        this.policies = policies;
        this.directory = directory;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Transfer(long operatorId, long fromMemberId, long toMemberId, long points, String idempotencyKey) {}

    @Transactional
    public PointsTransaction transfer(Transfer transfer) {
        PointsPolicy policy = policies.of(transfer.operatorId());
        if (!policy.transfersEnabled()) {
            throw new ConflictException("points.transfersDisabled", "transfers are switched off");
        }
        if (transfer.toMemberId() == transfer.fromMemberId()
                || !directory.hasMember(transfer.operatorId(), transfer.toMemberId())) {
            throw new InvalidInputException("toMemberId", "points.unknownRecipient");
        }
        if (transfer.points() <= 0 || transfer.points() > policy.transferMaxPoints()) {
            throw new InvalidInputException("points", "points.transferOverLimit");
        }
        // One member's transfers are serialised, so two at once cannot both slip under the daily cap.
        TransactionLocks.lock(jdbc, "transfers|" + transfer.operatorId() + "|" + transfer.fromMemberId());
        String key = "transfer:" + transfer.fromMemberId() + ":" + transfer.idempotencyKey();
        PostTransaction command = new PostTransaction(
                transfer.operatorId(),
                key,
                REASON,
                "MEMBER",
                Long.toString(transfer.toMemberId()),
                null,
                null,
                List.of(
                        new Posting(Account.member(transfer.fromMemberId()), -transfer.points()),
                        Posting.carryingExpiry(Account.member(transfer.toMemberId()), transfer.points())));
        if (!ledger.isPosted(transfer.operatorId(), key)
                && sentToday(transfer) + transfer.points() > policy.transferDailyMaxPoints()) {
            throw new InvalidInputException("points", "points.transferOverDailyLimit");
        }
        return ledger.post(command);
    }

    private long sentToday(Transfer transfer) {
        ZoneId zone = directory.timeZone(transfer.operatorId());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return jdbc.sql("""
                        select coalesce(-sum(e.amount), 0) from points_transaction t
                        join points_entry e on e.operator_id = t.operator_id and e.transaction_id = t.id
                        join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where t.operator_id = :operatorId and t.reason_code = 'TRANSFER'
                          and t.occurred_at >= :start and t.occurred_at < :end
                          and a.owner_type = 'MEMBER' and a.owner_id = :memberId and e.amount < 0
                        """)
                .param("operatorId", transfer.operatorId())
                .param("start", Timestamp.from(today.atStartOfDay(zone).toInstant()))
                .param(
                        "end",
                        Timestamp.from(today.plusDays(1).atStartOfDay(zone).toInstant()))
                .param("memberId", transfer.fromMemberId())
                .query(Long.class)
                .single();
    }
}
