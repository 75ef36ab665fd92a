package io.enjoyspace.rules;

import io.enjoyspace.ordering.OrderCompleted;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The referral program: each member's code, the newcomers who registered with it, and the reward for both once the
 * newcomer's first order is completed. Referrals between colleagues of one company can be blocked (they are how
 * rings farm points); a blocked referral is kept, with its reason, and earns nothing.
 */
@Service
public class Referrals {

    static final String REASON = "REFERRAL";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final JdbcClient jdbc;
    private final Members members;
    private final PointsLedger ledger;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Referrals(JdbcClient jdbc, Members members, PointsLedger ledger, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
    }

    public record Program(boolean enabled, int referrerPoints, int refereePoints, boolean blockSameEnterprise) {}

    /** A referral as the referrer sees it. */
    public record Referral(long refereeMemberId, String refereeName, String status, String blockedReason) {}

    public Program program(long operatorId) {
        return jdbc.sql("select * from referral_program where operator_id = :operatorId")
                .param("operatorId", operatorId)
                .query((rs, row) -> new Program(
                        rs.getBoolean("enabled"),
                        rs.getInt("referrer_points"),
                        rs.getInt("referee_points"),
                        rs.getBoolean("block_same_enterprise")))
                .optional()
                .orElse(new Program(false, 0, 0, true));
    }

    public Program saveProgram(long operatorId, Program program) {
        jdbc.sql("""
                        insert into referral_program (operator_id, enabled, referrer_points, referee_points, block_same_enterprise)
                        values (:operatorId, :enabled, :referrer, :referee, :block)
                        on conflict (operator_id) do update set enabled = excluded.enabled,
                            referrer_points = excluded.referrer_points, referee_points = excluded.referee_points,
                            block_same_enterprise = excluded.block_same_enterprise
                        """)
                .param("operatorId", operatorId)
                .param("enabled", program.enabled())
                .param("referrer", program.referrerPoints())
                .param("referee", program.refereePoints())
                .param("block", program.blockSameEnterprise())
                .update();
        return program(operatorId);
    }

    /** The member's referral code, made on first use. */
    @Transactional
    public String codeOf(long operatorId, long memberId) {
        Optional<String> existing = jdbc.sql(
                        "select code from referral_code where operator_id = :operatorId and member_id = :memberId")
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query(String.class)
                .optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            StringBuilder code = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            int inserted = jdbc.sql("""
                            insert into referral_code (operator_id, member_id, code) values (:operatorId, :memberId, :code)
                            on conflict do nothing
                            """)
                    .param("operatorId", operatorId)
                    .param("memberId", memberId)
                    .param("code", code.toString())
                    .update();
            if (inserted == 1) {
                return code.toString();
            }
        }
        return codeOf(operatorId, memberId);
    }

    /** Records that a newcomer registered with {@code code}; an unknown code is an error on that field. */
    @Transactional
    public void claim(long operatorId, long refereeMemberId, String code) {
        String normalised = code.strip().toUpperCase(Locale.ROOT);
        long referrerId = jdbc.sql(
                        "select member_id from referral_code where operator_id = :operatorId and code = :code")
                .param("operatorId", operatorId)
                .param("code", normalised)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new InvalidInputException("referralCode", "referral.unknownCode"));
        Program program = program(operatorId);
        Member referee = members.get(operatorId, refereeMemberId);
        Member referrer = members.get(operatorId, referrerId);
        String blocked = null;
        if (referrerId == refereeMemberId) {
            throw new InvalidInputException("referralCode", "referral.self");
        }
        if (program.blockSameEnterprise()
                && referee.enterpriseId() != null
                && referee.enterpriseId().equals(referrer.enterpriseId())) {
            blocked = "SAME_ENTERPRISE";
        }
        try {
            jdbc.sql("""
                            insert into referral (operator_id, referee_member_id, referrer_member_id, status, blocked_reason,
                                                  created_at)
                            values (:operatorId, :referee, :referrer, :status, :blocked, :now)
                            """)
                    .param("operatorId", operatorId)
                    .param("referee", refereeMemberId)
                    .param("referrer", referrerId)
                    .param("status", blocked == null ? "PENDING" : "BLOCKED")
                    .param("blocked", blocked)
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("referralCode", "referral.alreadyReferred");
        }
    }

    public List<Referral> referredBy(long operatorId, long referrerMemberId) {
        return jdbc.sql("""
                        select r.referee_member_id, m.name, r.status, r.blocked_reason from referral r
                        join member m on m.operator_id = r.operator_id and m.id = r.referee_member_id
                        where r.operator_id = :operatorId and r.referrer_member_id = :referrer
                        order by r.created_at desc
                        """)
                .param("operatorId", operatorId)
                .param("referrer", referrerMemberId)
                .query((rs, row) -> new Referral(
                        rs.getLong("referee_member_id"),
                        rs.getString("name"),
                        rs.getString("status"),
                        rs.getString("blocked_reason")))
                .list();
    }

    /** The referee's first completed order qualifies a pending referral, once. */
    @ApplicationModuleListener
    void on(OrderCompleted order) {
        record Pending(long referrer) {}
        Optional<Pending> pending = jdbc.sql("""
                        update referral set status = 'QUALIFIED', qualifying_order_id = :orderId, qualified_at = :now
                        where operator_id = :operatorId and referee_member_id = :referee and status = 'PENDING'
                        returning referrer_member_id
                        """)
                .param("orderId", order.orderId())
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", order.operatorId())
                .param("referee", order.memberId())
                .query((rs, row) -> new Pending(rs.getLong("referrer_member_id")))
                .optional();
        if (pending.isEmpty()) {
            return;
        }
        Program program = program(order.operatorId());
        if (!program.enabled()) {
            return;
        }
        award(order.operatorId(), pending.get().referrer(), program.referrerPoints(), "referrer", order);
        award(order.operatorId(), order.memberId(), program.refereePoints(), "referee", order);
        events.publishEvent(new ReferralQualified(
                order.operatorId(), pending.get().referrer(), order.memberId(), order.orderId(), clock.instant()));
    }

    private void award(long operatorId, long memberId, int points, String role, OrderCompleted order) {
        if (points <= 0) {
            return;
        }
        ledger.post(PostTransaction.award(
                operatorId,
                "referral:" + order.memberId() + ":" + role,
                Account.member(memberId),
                points,
                REASON,
                "MEMBER",
                Long.toString(order.memberId())));
    }
}
