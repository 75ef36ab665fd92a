package io.enjoyspace.points;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges a duplicate member's points into the member who keeps them: every open lot moves with its expiry, the
 * duplicate's history stays where it was, and its account takes no postings afterwards. Merging again is harmless.
 */
@Service
public class PointsConsolidations {

    static final String REASON = "CONSOLIDATION";

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final PointsHolds holds;
    private final PointsDirectory directory;

    PointsConsolidations(JdbcClient jdbc, PointsLedger ledger, PointsHolds holds, PointsDirectory directory) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.holds = holds;
        this.directory = directory;
    }

    /** Returns the points moved (zero when the duplicate had none, or was merged before). */
    @Transactional
    public long merge(long operatorId, long duplicateMemberId, long keptMemberId, long byUserId) {
        if (!directory.hasMember(operatorId, duplicateMemberId)) {
            throw new InvalidInputException("fromMemberId", "points.unknownRecipient");
        }
        if (!directory.hasMember(operatorId, keptMemberId) || keptMemberId == duplicateMemberId) {
            throw new InvalidInputException("intoMemberId", "points.unknownRecipient");
        }
        Account duplicate = Account.member(duplicateMemberId);
        Account kept = Account.member(keptMemberId);
        long duplicateId = ledger.accountId(operatorId, duplicate);
        long keptId = ledger.accountId(operatorId, kept);
        record State(long id, long balance, Long mergedInto) {}
        List<State> states = jdbc.sql("""
                        select id, balance, merged_into_account_id from points_account
                        where operator_id = :operatorId and id in (:ids) order by id for update
                        """)
                .param("operatorId", operatorId)
                .param("ids", List.of(duplicateId, keptId))
                .query((rs, row) -> {
                    return new State(
                            rs.getLong("id"),
                            rs.getLong("balance"),
                            io.enjoyspace.shared.Rows.nullableLong(rs, "merged_into_account_id"));
                })
                .list();
        State from = states.stream()
                .filter(state -> state.id() == duplicateId)
                .findFirst()
                .orElseThrow();
        State into = states.stream()
                .filter(state -> state.id() == keptId)
                .findFirst()
                .orElseThrow();
        if (from.mergedInto() != null) {
            if (from.mergedInto() == keptId) {
                return 0;
            }
            throw new ConflictException("points.accountMerged", "the duplicate was merged elsewhere");
        }
        if (into.mergedInto() != null) {
            throw new ConflictException("points.accountMerged", "the kept account was itself merged");
        }
        if (!holds.pending(operatorId, duplicate).isEmpty()) {
            throw new ConflictException("points.consolidateHolds", "the duplicate has points on hold");
        }
        if (from.balance() < 0) {
            throw new ConflictException("points.consolidateDebt", "the duplicate owes points");
        }
        if (from.balance() > 0) {
            ledger.post(new PostTransaction(
                    operatorId,
                    "consolidation:" + duplicateId + ":" + keptId,
                    REASON,
                    "MEMBER",
                    Long.toString(duplicateMemberId),
                    null,
                    byUserId,
                    List.of(new Posting(duplicate, -from.balance()), Posting.carryingExpiry(kept, from.balance()))));
        }
        // Points still pending follow the member too, and will be released to the kept account.
        long pendingPoints = ledger.balance(operatorId, Account.pending(duplicateMemberId));
        if (pendingPoints > 0) {
            ledger.post(new PostTransaction(
                    operatorId,
                    "consolidation-pending:" + duplicateId + ":" + keptId,
                    REASON,
                    "MEMBER",
                    Long.toString(duplicateMemberId),
                    null,
                    byUserId,
                    List.of(
                            new Posting(Account.pending(duplicateMemberId), -pendingPoints),
                            new Posting(Account.pending(keptMemberId), pendingPoints))));
            jdbc.sql("""
                            update points_pending set member_id = :kept
                            where operator_id = :operatorId and member_id = :duplicate and release_transaction_id is null
                            """)
                    .param("kept", keptMemberId)
                    .param("operatorId", operatorId)
                    .param("duplicate", duplicateMemberId)
                    .update();
        }
        // The duplicate's pending account closes with it, so nothing can be awarded to it any more.
        jdbc.sql(
                        "update points_account set merged_into_account_id = :into where operator_id = :operatorId and id = :id")
                .param("into", ledger.accountId(operatorId, Account.pending(keptMemberId)))
                .param("operatorId", operatorId)
                .param("id", ledger.accountId(operatorId, Account.pending(duplicateMemberId)))
                .update();
        jdbc.sql(
                        "update points_account set merged_into_account_id = :into where operator_id = :operatorId and id = :id")
                .param("into", keptId)
                .param("operatorId", operatorId)
                .param("id", duplicateId)
                .update();
        return from.balance();
    }
}
