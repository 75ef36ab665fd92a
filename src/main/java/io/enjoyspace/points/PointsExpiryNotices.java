package io.enjoyspace.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells members {@value #NOTICE_DAYS} days ahead which of their points will expire: one event per member and expiry
 * moment, published in the transaction that marks the lots as noticed, so each notice goes out once.
 */
@Component
public class PointsExpiryNotices {

    static final int NOTICE_DAYS = 30;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PointsExpiryNotices(
            JdbcClient jdbc, ApplicationEventPublisher events, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Publishes the notices that are due; returns how many. */
    public int notifyDue() {
        Integer sent = transaction.execute(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            Timestamp horizon = Timestamp.from(clock.instant().plus(Duration.ofDays(NOTICE_DAYS)));
            List<PointsExpiringSoon> due = jdbc.sql("""
                            select l.operator_id, a.owner_id, l.expires_at, sum(l.remaining) as points
                            from points_lot l
                            join points_account a on a.operator_id = l.operator_id and a.id = l.account_id
                            where a.owner_type = 'MEMBER' and l.remaining > 0 and not l.expiry_noticed
                              and l.expires_at > :now and l.expires_at <= :horizon
                            group by l.operator_id, a.owner_id, l.expires_at
                            order by l.expires_at
                            limit 1000
                            """)
                    .param("now", now)
                    .param("horizon", horizon)
                    .query((rs, row) -> new PointsExpiringSoon(
                            rs.getLong("operator_id"),
                            rs.getLong("owner_id"),
                            rs.getLong("points"),
                            rs.getTimestamp("expires_at").toInstant()))
                    .list();
            for (PointsExpiringSoon notice : due) {
                jdbc.sql("""
                                update points_lot l set expiry_noticed = true
                                from points_account a
                                where a.operator_id = l.operator_id and a.id = l.account_id
                                  and l.operator_id = :operatorId and a.owner_type = 'MEMBER' and a.owner_id = :memberId
                                  and l.expires_at = :expiresAt and not l.expiry_noticed
                                """)
                        .param("operatorId", notice.operatorId())
                        .param("memberId", notice.memberId())
                        .param("expiresAt", Timestamp.from(notice.expiresAt()))
                        .update();
                events.publishEvent(notice);
            }
            return due.size();
        });
        return sent == null ? 0 : sent;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.points.notice-interval:PT1H}",
            initialDelayString = "${enjoyspace.points.expiry-initial-delay:PT1M}")
    void scheduled() {
        notifyDue();
    }
}
