package io.enjoyspace.engagement;

import io.enjoyspace.booking.ReservationCheckedIn;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.rules.CheckedIn;
import io.enjoyspace.tenancy.MemberRegistered;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts members' uses (paid orders, reservations checked in, check-ins) per day, once per use however often its
 * event is delivered, so that the nightly stage computation sums a few rows per member. A use also converts the
 * lifecycle actions that reached the member within the operator's conversion window.
 */
@Component
class MemberActivity {

    enum Use {
        ORDER,
        RESERVATION,
        CHECK_IN
    }

    private final JdbcClient jdbc;
    private final Operators operators;
    private final LifecyclePlans plans;

    MemberActivity(JdbcClient jdbc, Operators operators, LifecyclePlans plans) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.plans = plans;
    }

    @ApplicationModuleListener
    void on(MemberRegistered registered) {
        jdbc.sql("""
                        insert into lifecycle_member (operator_id, member_id, registered_at) values (:o, :m, :at)
                        on conflict (operator_id, member_id) do nothing
                        """)
                .param("o", registered.operatorId())
                .param("m", registered.memberId())
                .param("at", Timestamp.from(registered.occurredAt()))
                .update();
    }

    /**
     * In the payment's own transaction: a use touches only the member's rows, and an after-commit delivery would cost
     * three transactions of its own on every checkout.
     */
    @org.springframework.context.event.EventListener
    void on(OrderPaid paid) {
        record(paid.operatorId(), paid.memberId(), Use.ORDER, Long.toString(paid.orderId()), paid.occurredAt());
    }

    @ApplicationModuleListener
    void on(ReservationCheckedIn checkedIn) {
        record(
                checkedIn.operatorId(),
                checkedIn.memberId(),
                Use.RESERVATION,
                Long.toString(checkedIn.reservationId()),
                checkedIn.checkedInAt());
    }

    @ApplicationModuleListener
    void on(CheckedIn checkedIn) {
        record(
                checkedIn.operatorId(),
                checkedIn.memberId(),
                Use.CHECK_IN,
                checkedIn.memberId() + ":" + checkedIn.day(),
                checkedIn.occurredAt());
    }

    /** Counts one use, once per kind and reference; returns whether it was new. */
    @Transactional
    boolean record(long operatorId, long memberId, Use use, String reference, Instant at) {
        int inserted = jdbc.sql("""
                        insert into lifecycle_use (operator_id, kind, reference, member_id, occurred_at)
                        values (:o, :kind, :reference, :m, :at)
                        on conflict (operator_id, kind, reference) do nothing
                        """)
                .param("o", operatorId)
                .param("kind", use.name())
                .param("reference", reference)
                .param("m", memberId)
                .param("at", Timestamp.from(at))
                .update();
        if (inserted == 0) {
            return false;
        }
        LocalDate day = LocalDate.ofInstant(at, operators.get(operatorId).timeZone());
        jdbc.sql("""
                        insert into lifecycle_activity (operator_id, member_id, day, uses) values (:o, :m, :day, 1)
                        on conflict (operator_id, member_id, day) do update set uses = lifecycle_activity.uses + 1
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .param("day", day)
                .update();
        // The member row may not exist yet when registration's event is still on its way.
        jdbc.sql("""
                        insert into lifecycle_member (operator_id, member_id, registered_at, last_use_at)
                        select operator_id, id, least(created_at, cast(:at as timestamptz)), cast(:at as timestamptz) from member
                        where operator_id = :o and id = :m
                        on conflict (operator_id, member_id) do update
                            set last_use_at = greatest(lifecycle_member.last_use_at, excluded.last_use_at)
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .param("at", Timestamp.from(at))
                .update();
        jdbc.sql("""
                        update lifecycle_action_run set converted_at = :at
                        where operator_id = :o and member_id = :m and status = 'DONE' and converted_at is null
                          and performed_at <= :at and performed_at > cast(:at as timestamptz) - make_interval(days => :days)
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .param("at", Timestamp.from(at))
                .param("days", plans.settings(operatorId).conversionDays())
                .update();
        return true;
    }
}
