package io.enjoyspace.insights;

import io.enjoyspace.ordering.OrderCompleted;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.points.AccountType;
import io.enjoyspace.points.PointsPosted;
import io.enjoyspace.points.Posting;
import io.enjoyspace.tenancy.MemberRegistered;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Records each event as one fact. Delivery is at least once, so a fact is keyed by its kind and the id of what it
 * describes and a redelivery changes nothing.
 */
@Component
class Facts {

    static final String ORDER_PAID = "ORDER_PAID";
    static final String ORDER_COMPLETED = "ORDER_COMPLETED";
    static final String POINTS_ISSUED = "POINTS_ISSUED";
    static final String MEMBER_REGISTERED = "MEMBER_REGISTERED";

    private final JdbcClient jdbc;

    Facts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(OrderPaid event) {
        io.enjoyspace.shared.AfterCommitWork.flushLazily(jdbc);
        record(
                event.operatorId(),
                ORDER_PAID,
                Long.toString(event.orderId()),
                event.memberId(),
                event.enterpriseId(),
                event.totalMinor(),
                0,
                event.occurredAt());
    }

    @ApplicationModuleListener
    void on(OrderCompleted event) {
        io.enjoyspace.shared.AfterCommitWork.flushLazily(jdbc);
        record(
                event.operatorId(),
                ORDER_COMPLETED,
                Long.toString(event.orderId()),
                event.memberId(),
                event.enterpriseId(),
                event.paidMinor(),
                0,
                event.occurredAt());
    }

    /** Only issuing transactions make a fact; the condition keeps spends from costing a publication at all. */
    @ApplicationModuleListener(condition = "#event.issuedPoints() > 0")
    void on(PointsPosted event) {
        if (event.issuedPoints() <= 0) {
            return;
        }
        Long memberId = event.postings().stream()
                .filter(posting -> posting.account().type() == AccountType.MEMBER && posting.points() > 0)
                .map(Posting::account)
                .map(account -> account.ownerId())
                .findFirst()
                .orElse(null);
        Long enterpriseId = event.postings().stream()
                .filter(posting -> posting.account().type() == AccountType.ENTERPRISE && posting.points() > 0)
                .map(posting -> posting.account().ownerId())
                .findFirst()
                .orElse(null);
        record(
                event.operatorId(),
                POINTS_ISSUED,
                Long.toString(event.transactionId()),
                memberId,
                enterpriseId,
                0,
                event.issuedPoints(),
                event.occurredAt());
    }

    /** Awards posted in bulk: one fact per transaction, written in one statement. */
    @ApplicationModuleListener
    void on(io.enjoyspace.points.PointsAwarded awarded) {
        StringBuilder insert = new StringBuilder("insert into insight_fact (operator_id, kind, reference_id, member_id,"
                + " enterprise_id, amount_minor, points, occurred_at) values ");
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        values.put("operatorId", awarded.operatorId());
        values.put("kind", POINTS_ISSUED);
        int count = 0;
        for (PointsPosted event : awarded.transactions()) {
            if (event.issuedPoints() <= 0) {
                continue;
            }
            Long memberId = event.postings().stream()
                    .filter(posting -> posting.account().type() == AccountType.MEMBER && posting.points() > 0)
                    .map(posting -> posting.account().ownerId())
                    .findFirst()
                    .orElse(null);
            insert.append(count == 0 ? "" : ", ")
                    .append("(:operatorId, :kind, :reference%1$d, :member%1$d, null, 0, :points%1$d, :at%1$d)"
                            .formatted(count));
            values.put("reference" + count, Long.toString(event.transactionId()));
            values.put("member" + count, memberId);
            values.put("points" + count, event.issuedPoints());
            values.put("at" + count, Timestamp.from(event.occurredAt()));
            count++;
        }
        if (count > 0) {
            insert.append(" on conflict (operator_id, kind, reference_id) do nothing");
            jdbc.sql(insert.toString()).params(values).update();
        }
    }

    @ApplicationModuleListener
    void on(MemberRegistered event) {
        record(
                event.operatorId(),
                MEMBER_REGISTERED,
                Long.toString(event.memberId()),
                event.memberId(),
                event.enterpriseId(),
                0,
                0,
                event.occurredAt());
    }

    private void record(
            long operatorId,
            String kind,
            String referenceId,
            Long memberId,
            Long enterpriseId,
            long amountMinor,
            long points,
            Instant occurredAt) {
        jdbc.sql("""
                        insert into insight_fact (operator_id, kind, reference_id, member_id, enterprise_id,
                                                  amount_minor, points, occurred_at)
                        values (:operatorId, :kind, :referenceId, :memberId, :enterpriseId, :amount, :points, :at)
                        on conflict (operator_id, kind, reference_id) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("kind", kind)
                .param("referenceId", referenceId)
                .param("memberId", memberId)
                .param("enterpriseId", enterpriseId)
                .param("amount", amountMinor)
                .param("points", points)
                .param("at", Timestamp.from(occurredAt))
                .update();
    }
}
