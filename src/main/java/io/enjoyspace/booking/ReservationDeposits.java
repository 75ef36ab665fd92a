package io.enjoyspace.booking;

import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.wallet.InsufficientWalletBalanceException;
import io.enjoyspace.wallet.MemberWallets;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deposits on resources that ask for one: taken from the member's wallet in the booking's own transaction (too little
 * there and the booking is refused, naming {@code deposit}), given back at check-in or cancellation, and kept when the
 * member does not show up. A member whose tier is deposit-free books without one (recorded as WAIVED). Every wallet
 * movement carries a key derived from the reservation, so a redelivered event moves nothing twice.
 */
@Component
public class ReservationDeposits {

    static final String REFERENCE_TYPE = "RESERVATION_DEPOSIT";

    private final JdbcClient jdbc;
    private final MemberWallets wallets;
    private final ObjectProvider<MemberTiers> tiers;

    ReservationDeposits(JdbcClient jdbc, MemberWallets wallets, ObjectProvider<MemberTiers> tiers) {
        this.jdbc = jdbc;
        this.wallets = wallets;
        this.tiers = tiers;
    }

    /** The deposit the resource asks for, in minor units, or empty when it asks for none. */
    public Optional<Long> depositOf(long operatorId, long resourceId) {
        return jdbc.sql("""
                        select deposit_minor from resource_deposit
                        where operator_id = :operatorId and resource_id = :resourceId
                        """)
                .param("operatorId", operatorId)
                .param("resourceId", resourceId)
                .query(Long.class)
                .optional();
    }

    /** Sets (or, with null or 0, removes) the deposit a resource asks for. Another operator's resource is not found. */
    public Optional<Long> setDeposit(long operatorId, long resourceId, Long depositMinor) {
        if (jdbc.sql("select count(*) from booking_resource where operator_id = :operatorId and id = :id")
                        .param("operatorId", operatorId)
                        .param("id", resourceId)
                        .query(Long.class)
                        .single()
                == 0) {
            throw new NotFoundException();
        }
        if (depositMinor != null && (depositMinor < 0 || depositMinor > MemberWallets.MAX_AMOUNT_MINOR)) {
            throw new InvalidInputException("depositMinor", "gaps.booking.depositInvalid");
        }
        if (depositMinor == null || depositMinor == 0) {
            jdbc.sql("delete from resource_deposit where operator_id = :operatorId and resource_id = :resourceId")
                    .param("operatorId", operatorId)
                    .param("resourceId", resourceId)
                    .update();
        } else {
            jdbc.sql("""
                            insert into resource_deposit (operator_id, resource_id, deposit_minor)
                            values (:operatorId, :resourceId, :deposit)
                            on conflict (operator_id, resource_id) do update set deposit_minor = excluded.deposit_minor
                            """)
                    .param("operatorId", operatorId)
                    .param("resourceId", resourceId)
                    .param("deposit", depositMinor)
                    .update();
        }
        return depositOf(operatorId, resourceId);
    }

    @EventListener
    void on(ReservationBooked booked) {
        Optional<Long> deposit = depositOf(booked.operatorId(), booked.resourceId());
        if (deposit.isEmpty()) {
            return;
        }
        MemberTiers lookup = tiers.getIfAvailable();
        if (lookup != null && lookup.depositFree(booked.operatorId(), booked.memberId())) {
            mark(booked.operatorId(), booked.reservationId(), deposit.get(), "WAIVED");
            return;
        }
        try {
            wallets.pay(
                    booked.operatorId(),
                    booked.memberId(),
                    Money.of(deposit.get(), booked.currency()),
                    new IdempotencyKey("reservation-deposit-" + booked.reservationId()),
                    REFERENCE_TYPE,
                    Long.toString(booked.reservationId()));
        } catch (InsufficientWalletBalanceException e) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "deposit",
                    "gaps.booking.depositInsufficient",
                    List.of(Money.of(deposit.get(), booked.currency()).toString()))));
        }
        mark(booked.operatorId(), booked.reservationId(), deposit.get(), "HELD");
    }

    @EventListener
    void on(ReservationCheckedIn checkedIn) {
        giveBack(checkedIn.operatorId(), checkedIn.reservationId(), checkedIn.currency());
    }

    @EventListener
    void on(ReservationCancelled cancelled) {
        giveBack(cancelled.operatorId(), cancelled.reservationId(), cancelled.currency());
    }

    @EventListener
    void on(ReservationReleased released) {
        // A no-show: the deposit stays with the operator.
        jdbc.sql("""
                        update reservation set deposit_status = 'FORFEITED'
                        where operator_id = :operatorId and id = :id and deposit_status = 'HELD'
                        """)
                .param("operatorId", released.operatorId())
                .param("id", released.reservationId())
                .update();
    }

    private void giveBack(long operatorId, long reservationId, String currency) {
        Optional<Long> held = jdbc.sql("""
                        update reservation set deposit_status = 'RETURNED'
                        where operator_id = :operatorId and id = :id and deposit_status = 'HELD'
                        returning deposit_minor
                        """)
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .query(Long.class)
                .optional();
        held.ifPresent(amount -> wallets.refund(
                operatorId,
                new IdempotencyKey("reservation-deposit-back-" + reservationId),
                REFERENCE_TYPE,
                Long.toString(reservationId),
                Money.of(amount, currency)));
    }

    private void mark(long operatorId, long reservationId, long depositMinor, String status) {
        jdbc.sql("""
                        update reservation set deposit_minor = :deposit, deposit_status = :status
                        where operator_id = :operatorId and id = :id
                        """)
                .param("deposit", depositMinor)
                .param("status", status)
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .update();
    }

    /** The deposit of a reservation and what became of it, or empty when none was asked. */
    public Optional<Deposit> of(long operatorId, long reservationId) {
        return jdbc.sql("""
                        select deposit_minor, deposit_status from reservation
                        where operator_id = :operatorId and id = :id and deposit_status is not null
                        """)
                .param("operatorId", operatorId)
                .param("id", reservationId)
                .query((rs, row) -> new Deposit(rs.getLong("deposit_minor"), rs.getString("deposit_status")))
                .optional();
    }

    /** A reservation's deposit: HELD, RETURNED, FORFEITED or WAIVED (deposit-free tier). */
    public record Deposit(long amountMinor, String status) {}
}
