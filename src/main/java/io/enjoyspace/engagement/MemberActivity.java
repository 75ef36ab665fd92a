package io.enjoyspace.engagement;

import io.enjoyspace.booking.ReservationCheckedIn;
import io.enjoyspace.ordering.OrderPaid;
import io.enjoyspace.ordering.OrdersPaid;
import io.enjoyspace.rules.CheckedIn;
import io.enjoyspace.tenancy.MemberRegistered;
import io.enjoyspace.tenancy.Operators;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    MemberActivity(JdbcClient jdbc, Operators operators) {
        this.jdbc = jdbc;
        this.operators = operators;
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
        recordPaid(paid.operatorId(), List.of(paid));
    }

    /** Orders paid together (checkout's group commit): their uses counted together, in their transaction. */
    @org.springframework.context.event.EventListener
    void on(OrdersPaid paid) {
        recordPaid(paid.operatorId(), paid.orders());
    }

    private void recordPaid(long operatorId, List<OrderPaid> orders) {
        recordAll(
                operatorId,
                orders.stream()
                        .map(paid -> new MemberUse(
                                paid.memberId(), Use.ORDER, Long.toString(paid.orderId()), paid.occurredAt()))
                        .toList());
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

    /** A use a member made: its kind and reference name it, once per operator. */
    record MemberUse(long memberId, Use use, String reference, Instant at) {}

    /** Counts one use, once per kind and reference; returns whether it was new. */
    @Transactional
    boolean record(long operatorId, long memberId, Use use, String reference, Instant at) {
        return recordAll(operatorId, List.of(new MemberUse(memberId, use, reference, at))) == 1;
    }

    /**
     * Counts uses, each once per kind and reference (the first of the list when it names one twice), in one statement
     * whatever their number, with the same effect as counting them one by one in the list's order: the uses of a
     * member on one day add up, the member's last use is the latest, and each lifecycle action is converted by the
     * first use whose window takes it in. Answers how many uses were new.
     */
    @Transactional
    int recordAll(long operatorId, List<MemberUse> uses) {
        Map<String, MemberUse> unique = new LinkedHashMap<>();
        uses.forEach(use -> unique.putIfAbsent(use.use() + "/" + use.reference(), use));
        if (unique.isEmpty()) {
            return 0;
        }
        ZoneId zone = operators.get(operatorId).timeZone();
        int size = unique.size();
        String[] kinds = new String[size];
        String[] references = new String[size];
        Long[] members = new Long[size];
        String[] times = new String[size];
        Date[] days = new Date[size];
        int i = 0;
        for (MemberUse use : unique.values()) {
            kinds[i] = use.use().name();
            references[i] = use.reference();
            members[i] = use.memberId();
            times[i] = use.at().toString();
            days[i] = Date.valueOf(LocalDate.ofInstant(use.at(), zone));
            i++;
        }
        // The member row may not exist yet when registration's event is still on its way: lifecycle_member is then
        // written by that event. A lifecycle action is converted by a use within the conversion window after it.
        return jdbc.sql("""
                        with input (kind, reference, member_id, occurred_at, day, position) as (
                            select * from unnest(cast(:kinds as text[]), cast(:references as text[]),
                                                 cast(:members as bigint[]), cast(:times as timestamptz[]),
                                                 cast(:days as date[])) with ordinality
                        ), fresh as (
                            insert into lifecycle_use (operator_id, kind, reference, member_id, occurred_at)
                            select :o, kind, reference, member_id, occurred_at from input order by position
                            on conflict (operator_id, kind, reference) do nothing
                            returning kind, reference
                        ), counted as (
                            select i.* from input i join fresh f on f.kind = i.kind and f.reference = i.reference
                        ), activity as (
                            insert into lifecycle_activity as a (operator_id, member_id, day, uses)
                            select :o, member_id, day, count(*) from counted
                            group by member_id, day
                            order by member_id, day
                            on conflict (operator_id, member_id, day) do update set uses = a.uses + excluded.uses
                        ), lifecycle as (
                            insert into lifecycle_member as l (operator_id, member_id, registered_at, last_use_at)
                            select m.operator_id, m.id, least(m.created_at, u.first_at), u.last_at
                            from (select member_id, (array_agg(occurred_at order by position))[1] as first_at,
                                         max(occurred_at) as last_at
                                  from counted group by member_id) u
                            join member m on m.operator_id = :o and m.id = u.member_id
                            order by m.id
                            on conflict (operator_id, member_id) do update
                                set last_use_at = greatest(l.last_use_at, excluded.last_use_at)
                        ), converted as (
                            update lifecycle_action_run r set converted_at = first_use.occurred_at
                            from (select distinct on (run.id) run.id, c.occurred_at
                                  from counted c
                                  join lifecycle_action_run run
                                    on run.operator_id = :o and run.member_id = c.member_id and run.status = 'DONE'
                                   and run.converted_at is null and run.performed_at <= c.occurred_at
                                   and run.performed_at > c.occurred_at - make_interval(days => coalesce(
                                           (select conversion_days from lifecycle_settings where operator_id = :o),
                                           :defaultConversionDays))
                                  order by run.id, c.position) first_use
                            where r.id = first_use.id
                        )
                        select count(*) from counted
                        """)
                .param("o", operatorId)
                .param("kinds", kinds)
                .param("references", references)
                .param("members", members)
                .param("times", times)
                .param("days", days)
                .param("defaultConversionDays", LifecycleSettings.DEFAULTS.conversionDays())
                .query(Integer.class)
                .single();
    }
}
