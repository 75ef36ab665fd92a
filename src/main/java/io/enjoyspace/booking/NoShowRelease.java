package io.enjoyspace.booking;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves reservations on as time passes, driven by the injected clock: a confirmed reservation nobody checked in to by
 * the end of its check-in window is released (a no-show; the rest of its time is free again), a checked-in one is
 * completed when it ends, and one still waiting for approval when it starts is cancelled with a full refund. Safe on
 * every app node at once: each claims its rows with {@code SKIP LOCKED}.
 */
@Component
public class NoShowRelease {

    private static final Logger log = LoggerFactory.getLogger(NoShowRelease.class);

    private final JdbcClient jdbc;
    private final Reservations reservations;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    NoShowRelease(
            JdbcClient jdbc,
            Reservations reservations,
            ApplicationEventPublisher events,
            TransactionTemplate transaction,
            Clock clock) {
        this.jdbc = jdbc;
        this.reservations = reservations;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.booking.release-interval:PT1M}",
            initialDelayString = "${enjoyspace.booking.release-initial-delay:PT1M}")
    void scheduled() {
        int released = releaseDue(200);
        if (released > 0) {
            log.info("Released {} reservations nobody checked in to", released);
        }
    }

    /** Releases every due no-show, completes ended stays and expires unapproved requests; returns the no-shows. */
    public int releaseDue(int batchSize) {
        int total = 0;
        int round;
        do {
            round = releaseBatch(batchSize);
            total += round;
        } while (round == batchSize);
        while (finishBatch(batchSize) == batchSize) {
            // every checked-in stay that has ended is completed
        }
        while (expireBatch(batchSize) == batchSize) {
            // every request still waiting for approval at its start is cancelled
        }
        return total;
    }

    private int releaseBatch(int batchSize) {
        Integer released = transaction.execute(status -> {
            Instant now = clock.instant();
            List<Reservation> due = jdbc.sql("""
                            select * from reservation
                            where status = 'CONFIRMED' and check_in_closes_at < :now
                            order by check_in_closes_at limit :limit
                            for update skip locked
                            """)
                    .param("now", Timestamp.from(now))
                    .param("limit", batchSize)
                    .query(Reservations::map)
                    .list();
            for (Reservation reservation : due) {
                jdbc.sql("""
                                update reservation set status = 'RELEASED', released_at = :now
                                where operator_id = :operatorId and id = :id
                                """)
                        .param("now", Timestamp.from(now))
                        .param("operatorId", reservation.operatorId())
                        .param("id", reservation.id())
                        .update();
                events.publishEvent(new ReservationReleased(
                        reservation.operatorId(),
                        reservation.id(),
                        reservation.resourceId(),
                        reservation.memberId(),
                        reservation.enterpriseId(),
                        reservation.startsAt(),
                        reservation.endsAt(),
                        reservation.price().totalMinor(),
                        reservation.price().currency(),
                        now));
            }
            return due.size();
        });
        return released == null ? 0 : released;
    }

    private int finishBatch(int batchSize) {
        Integer finished = transaction.execute(status -> jdbc.sql("""
                        update reservation set status = 'COMPLETED'
                        where id in (select id from reservation where status = 'CHECKED_IN' and ends_at <= :now
                                     order by ends_at limit :limit for update skip locked)
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("limit", batchSize)
                .update());
        return finished == null ? 0 : finished;
    }

    private int expireBatch(int batchSize) {
        Integer expired = transaction.execute(status -> {
            List<Reservation> due = jdbc.sql("""
                            select * from reservation where status = 'PENDING_APPROVAL' and starts_at <= :now
                            order by starts_at limit :limit for update skip locked
                            """)
                    .param("now", Timestamp.from(clock.instant()))
                    .param("limit", batchSize)
                    .query(Reservations::map)
                    .list();
            due.forEach(reservation -> reservations.expireUnapproved(reservation));
            return due.size();
        });
        return expired == null ? 0 : expired;
    }
}
