package io.enjoyspace.membership;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's allowance pool as its admin sees it: what the employees drew from it, and units handed from it to one
 * employee. Handing out is a move within the pool's grant: the grant's used rises by the units (a guarded update, so
 * concurrent hand-outs never give more than is left) and the employee receives a grant of their own with the same
 * unit, scope and end. Units handed out do not come back to the pool.
 */
@Service
public class EnterpriseAllowances {

    private final JdbcClient jdbc;
    private final Allowances allowances;
    private final Members members;
    private final Clock clock;

    EnterpriseAllowances(JdbcClient jdbc, Allowances allowances, Members members, Clock clock) {
        this.jdbc = jdbc;
        this.allowances = allowances;
        this.members = members;
        this.clock = clock;
    }

    /** What one employee took from the pool, in one unit: drawn at checkout (net of restores) and handed to them. */
    public record EmployeeUse(long memberId, AllowanceUnit unit, long drawnUnits, long draws, long sharedUnits) {}

    /** A hand-out from the pool: the employee's new grant, and whether this call made it or replayed one. */
    public record Share(
            long shareId, long memberId, long poolGrantId, Allowances.Grant memberGrant, boolean replayed) {}

    /** The pool's grants valid now, with their meters. */
    public List<Allowances.Grant> pool(long operatorId, long enterpriseId) {
        return allowances.grants(operatorId, Audience.ENTERPRISE, enterpriseId, true);
    }

    /** Per employee and unit, what they drew from any of the company's pool grants and what was handed to them. */
    public List<EmployeeUse> uses(long operatorId, long enterpriseId) {
        return jdbc.sql("""
                        with pool as (
                            select id, unit from allowance_grant
                            where operator_id = :operatorId and owner_kind = 'ENTERPRISE' and owner_id = :enterpriseId),
                        drawn as (
                            select d.member_id, p.unit, sum(d.units) as units, count(*) as draws
                            from allowance_draw d join pool p on p.id = d.grant_id
                            where d.operator_id = :operatorId and d.restored_at is null and d.member_id is not null
                            group by d.member_id, p.unit),
                        shared as (
                            select s.member_id, p.unit, sum(s.units) as units
                            from allowance_pool_share s join pool p on p.id = s.pool_grant_id
                            where s.operator_id = :operatorId and s.enterprise_id = :enterpriseId
                            group by s.member_id, p.unit)
                        select coalesce(d.member_id, s.member_id) as member_id, coalesce(d.unit, s.unit) as unit,
                               coalesce(d.units, 0) as drawn, coalesce(d.draws, 0) as draws,
                               coalesce(s.units, 0) as shared
                        from drawn d full join shared s on s.member_id = d.member_id and s.unit = d.unit
                        order by coalesce(d.units, 0) + coalesce(s.units, 0) desc, 1
                        limit 500
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .query((rs, row) -> new EmployeeUse(
                        rs.getLong("member_id"),
                        AllowanceUnit.valueOf(rs.getString("unit")),
                        rs.getLong("drawn"),
                        rs.getLong("draws"),
                        rs.getLong("shared")))
                .list();
    }

    /**
     * Hands {@code units} of the pool grant to an employee of the company. Another company's grant, or someone who is
     * not its employee, is not found (404); more units than are left is refused naming {@code units}. A retry with the
     * same key answers the first hand-out; the same key for another one is a conflict.
     */
    @Transactional
    public Share share(
            long operatorId,
            long enterpriseId,
            long poolGrantId,
            long memberId,
            long units,
            IdempotencyKey key,
            long userId) {
        String hash = IdempotencyKey.fingerprint(enterpriseId + "|" + poolGrantId + "|" + memberId + "|" + units);
        io.enjoyspace.shared.TransactionLocks.lock(jdbc, "allowance-share|" + operatorId + "|" + key.value());
        Optional<Share> earlier = jdbc.sql("""
                        select id, member_id, pool_grant_id, member_grant_id, request_hash from allowance_pool_share
                        where operator_id = :operatorId and idempotency_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("key", key.value())
                .query((rs, row) -> {
                    if (!rs.getString("request_hash").equals(hash)) {
                        throw new ConflictException(
                                "membership.allowance.idempotencyConflict", "key used for another hand-out");
                    }
                    return new Share(
                            rs.getLong("id"),
                            rs.getLong("member_id"),
                            rs.getLong("pool_grant_id"),
                            allowances.grantById(operatorId, rs.getLong("member_grant_id")),
                            true);
                })
                .optional();
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Member member = members.find(operatorId, memberId)
                .filter(found -> found.enterpriseId() != null && found.enterpriseId() == enterpriseId)
                .orElseThrow(NotFoundException::new);
        Allowances.Grant pool = jdbc.sql("""
                        select g.*, false as replayed from allowance_grant g
                        where operator_id = :operatorId and id = :id and owner_kind = 'ENTERPRISE'
                          and owner_id = :enterpriseId
                        for update
                        """)
                .param("operatorId", operatorId)
                .param("id", poolGrantId)
                .param("enterpriseId", enterpriseId)
                .query(Allowances::grantRow)
                .optional()
                .orElseThrow(NotFoundException::new);
        Instant now = clock.instant();
        if (!pool.validUntil().isAfter(now)) {
            throw new ConflictException("gaps.allowances.poolEnded", "the pool grant has ended");
        }
        if (units < 1 || units > pool.remaining()) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "units", "gaps.allowances.shareTooMany", List.of(pool.remaining()))));
        }
        int taken = jdbc.sql("""
                        update allowance_grant set used = used + :units
                        where operator_id = :operatorId and id = :id and quantity - used >= :units
                        """)
                .param("units", units)
                .param("operatorId", operatorId)
                .param("id", pool.id())
                .update();
        if (taken == 0) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "units", "gaps.allowances.shareTooMany", List.of(pool.remaining()))));
        }
        Allowances.Grant granted = allowances.grant(
                operatorId,
                Audience.MEMBER,
                member.id(),
                new Allowances.GrantCommand(
                        AllowanceSource.MANUAL,
                        pool.unit(),
                        units,
                        pool.resourceTypes(),
                        pool.categoryIds(),
                        pool.label(),
                        pool.validFrom().isAfter(now) ? pool.validFrom() : now,
                        pool.validUntil(),
                        "from the company pool"),
                new IdempotencyKey("pool-share-" + key.value()),
                userId);
        long shareId = jdbc.sql("""
                        insert into allowance_pool_share (operator_id, enterprise_id, pool_grant_id, member_id,
                                                          member_grant_id, units, shared_by, shared_at, idempotency_key,
                                                          request_hash)
                        values (:operatorId, :enterpriseId, :poolGrantId, :memberId, :memberGrantId, :units, :userId,
                                :now, :key, :hash)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .param("poolGrantId", pool.id())
                .param("memberId", member.id())
                .param("memberGrantId", granted.id())
                .param("units", units)
                .param("userId", userId)
                .param("now", Timestamp.from(now))
                .param("key", key.value())
                .param("hash", hash)
                .query(Long.class)
                .single();
        return new Share(shareId, member.id(), pool.id(), granted, false);
    }
}
