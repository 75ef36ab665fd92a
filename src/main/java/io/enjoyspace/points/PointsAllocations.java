package io.enjoyspace.points;

import io.enjoyspace.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company hands points from its pool to its employees: one grant or a whole list (from a CSV) as one transaction,
 * so a batch posts entirely or not at all and takes the pool's lock once. Allocated points keep the expiry dates they
 * had in the pool.
 */
@Service
public class PointsAllocations {

    static final String REASON = "ALLOCATION";
    static final int MAX_GRANTS = 1000;

    private final PointsLedger ledger;
    private final PointsDirectory directory;
    private final JdbcClient jdbc;

    PointsAllocations(PointsLedger ledger, PointsDirectory directory, JdbcClient jdbc) {
        this.ledger = ledger;
        this.directory = directory;
        this.jdbc = jdbc;
    }

    /** {@code points} for one employee. */
    public record Grant(long memberId, long points) {}

    /** One employee's points from the pool and what they hold now. */
    public record Usage(long memberId, long allocated, long balance) {}

    @Transactional
    public PointsTransaction allocate(
            long operatorId, long enterpriseId, String idempotencyKey, List<Grant> grants, long byUserId) {
        check(operatorId, enterpriseId, grants);
        return ledger.post(command(operatorId, enterpriseId, idempotencyKey, grants, byUserId));
    }

    /** Refuses grants that cannot be allocated from this company's pool, naming each offending grant. */
    void check(long operatorId, long enterpriseId, List<Grant> grants) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (grants.isEmpty() || grants.size() > MAX_GRANTS) {
            errors.add(new InvalidInputException.FieldError("grants", "points.allocationSize"));
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < grants.size(); i++) {
            Grant grant = grants.get(i);
            if (!directory
                    .enterpriseOf(operatorId, grant.memberId())
                    .map(id -> id == enterpriseId)
                    .orElse(false)) {
                errors.add(new InvalidInputException.FieldError("grants[" + i + "].memberId", "points.notAnEmployee"));
            } else if (!seen.add(grant.memberId())) {
                errors.add(
                        new InvalidInputException.FieldError("grants[" + i + "].memberId", "points.duplicateEmployee"));
            }
            if (grant.points() <= 0 || grant.points() > 1_000_000_000) {
                errors.add(new InvalidInputException.FieldError("grants[" + i + "].points", "points.allocationPoints"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** The ledger transaction of an allocation whose grants passed {@link #check}. */
    static PostTransaction command(
            long operatorId, long enterpriseId, String idempotencyKey, List<Grant> grants, long byUserId) {
        long total = grants.stream().mapToLong(Grant::points).sum();
        List<Posting> postings = new ArrayList<>();
        postings.add(new Posting(Account.enterprise(enterpriseId), -total));
        grants.forEach(grant -> postings.add(Posting.carryingExpiry(Account.member(grant.memberId()), grant.points())));
        return new PostTransaction(
                operatorId,
                "allocation:" + enterpriseId + ":" + idempotencyKey,
                REASON,
                "ENTERPRISE",
                Long.toString(enterpriseId),
                grants.size() == 1 ? null : grants.size() + " employees",
                byUserId,
                postings);
    }

    /** Each employee who received points from the pool: how many in all, and their balance now. */
    public List<Usage> usage(long operatorId, long enterpriseId) {
        return jdbc.sql("""
                        select a.owner_id as member_id, sum(e.amount) as allocated, max(a.balance) as balance
                        from points_transaction t
                        join points_entry e on e.operator_id = t.operator_id and e.transaction_id = t.id
                        join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where t.operator_id = :operatorId and t.reason_code = 'ALLOCATION'
                          and t.reference_type = 'ENTERPRISE' and t.reference_id = :enterpriseId
                          and a.owner_type = 'MEMBER'
                        group by a.owner_id
                        order by allocated desc
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", Long.toString(enterpriseId))
                .query((rs, row) -> new Usage(rs.getLong("member_id"), rs.getLong("allocated"), rs.getLong("balance")))
                .list();
    }
}
