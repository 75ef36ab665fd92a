package io.enjoyspace.insights;

import io.enjoyspace.engagement.NoticeCategory;
import io.enjoyspace.engagement.Notifications;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Targeted messages: sends each member of an audience their personal top recommendation as an inbox notice (category
 * OFFER, so members who switched offers off do not see it). A run is identified by its key (the Idempotency-Key): the
 * same key again answers the first run and sends nothing more; the same key for another audience is a conflict. Each
 * notice is deduplicated per run and member, so a run that stopped half-way can never notify anyone twice.
 */
@Service
public class RecommendCampaigns {

    private final JdbcClient jdbc;
    private final Map<String, RecommendAudience> audiences;
    private final Recommendations recommendations;
    private final Notifications notifications;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RecommendCampaigns(
            JdbcClient jdbc,
            List<RecommendAudience> audiences,
            Recommendations recommendations,
            Notifications notifications,
            TransactionTemplate transaction,
            Clock clock) {
        this.jdbc = jdbc;
        this.audiences = audiences.stream().collect(Collectors.toMap(RecommendAudience::kind, Function.identity()));
        this.recommendations = recommendations;
        this.notifications = notifications;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A run: its audience, how many members it had, how many were sent a recommendation and how many had none. */
    public record Run(
            long id,
            String audienceKind,
            long audienceId,
            int audienceSize,
            int sent,
            int without,
            Instant startedAt,
            Instant finishedAt,
            boolean replayed) {}

    /** The audience kinds that can be chosen, e.g. SITE. */
    public List<String> audienceKinds() {
        return audiences.keySet().stream().sorted().toList();
    }

    /**
     * Sends the run (or answers the earlier run of the same key).
     *
     * @throws InvalidInputException audienceKind when no audience of that kind exists
     * @throws io.enjoyspace.shared.NotFoundException when the audience is not the operator's
     * @throws ConflictException when the key was used for another audience
     */
    public Run send(long operatorId, long userId, IdempotencyKey key, String audienceKind, long audienceId) {
        RecommendAudience audience = audienceKind == null ? null : audiences.get(audienceKind);
        if (audience == null) {
            throw new InvalidInputException("audienceKind", "recommend.audienceKind");
        }
        List<Long> memberIds = audience.memberIds(operatorId, audienceId);
        String hash = IdempotencyKey.fingerprint(audienceKind + ":" + audienceId);
        Optional<Long> created = jdbc.sql("""
                        insert into recommend_campaign_run (operator_id, run_key, audience_kind, audience_id, request_hash,
                                                            audience_size, started_by, started_at)
                        values (:operatorId, :key, :kind, :audienceId, :hash, :size, :userId, :now)
                        on conflict (operator_id, run_key) do nothing
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("key", key.value())
                .param("kind", audienceKind)
                .param("audienceId", audienceId)
                .param("hash", hash)
                .param("size", memberIds.size())
                .param("userId", userId)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional();
        if (created.isEmpty()) {
            Run earlier = jdbc.sql(
                            "select * from recommend_campaign_run where operator_id = :operatorId and run_key = :key")
                    .param("operatorId", operatorId)
                    .param("key", key.value())
                    .query((rs, row) -> map(rs, true))
                    .single();
            String earlierHash = jdbc.sql(
                            "select request_hash from recommend_campaign_run where operator_id = :operatorId and id = :id")
                    .param("operatorId", operatorId)
                    .param("id", earlier.id())
                    .query(String.class)
                    .single();
            if (!earlierHash.equals(hash)) {
                throw new ConflictException(
                        "recommend.keyReused", "This Idempotency-Key was used for another audience");
            }
            return earlier;
        }
        long runId = created.get();
        for (long memberId : memberIds) {
            transaction.executeWithoutResult(status -> sendOne(operatorId, runId, memberId));
        }
        jdbc.sql("""
                        update recommend_campaign_run r
                        set sent = (select count(*) from recommend_campaign_message m
                                    where m.operator_id = r.operator_id and m.run_id = r.id
                                      and m.offering_id is not null),
                            without = (select count(*) from recommend_campaign_message m
                                       where m.operator_id = r.operator_id and m.run_id = r.id
                                         and m.offering_id is null),
                            finished_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("id", runId)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return run(operatorId, runId);
    }

    /** The operator's runs, latest first. */
    public List<Run> runs(long operatorId, int limit) {
        return jdbc.sql("""
                        select * from recommend_campaign_run where operator_id = :operatorId
                        order by started_at desc, id desc limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("limit", limit)
                .query((rs, row) -> map(rs, false))
                .list();
    }

    Run run(long operatorId, long runId) {
        return jdbc.sql("select * from recommend_campaign_run where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", runId)
                .query((rs, row) -> map(rs, false))
                .single();
    }

    private void sendOne(long operatorId, long runId, long memberId) {
        boolean claimed = jdbc.sql("""
                                insert into recommend_campaign_message (operator_id, run_id, member_id, sent_at)
                                values (:operatorId, :runId, :memberId, :now)
                                on conflict do nothing
                                """)
                        .param("operatorId", operatorId)
                        .param("runId", runId)
                        .param("memberId", memberId)
                        .param("now", Timestamp.from(clock.instant()))
                        .update()
                > 0;
        if (!claimed) {
            return;
        }
        List<Recommender.Ranked> top = recommendations.forMember(operatorId, memberId, 1);
        if (top.isEmpty()) {
            return;
        }
        Recommender.Ranked best = top.get(0);
        Recommender.Reason reason = best.reason();
        String messageKey = "recommend.notice." + reason.kind().name();
        List<String> args = List.of(best.name(), reason.args().get(0));
        if (reason.kind() == Recommender.Reason.Kind.BOOKING_HABIT) {
            messageKey = messageKey + "." + reason.args().get(0);
            args = List.of(best.name());
        }
        notifications.notify(
                operatorId, memberId, NoticeCategory.OFFER, messageKey, args, "recommend:" + runId + ":" + memberId);
        jdbc.sql("""
                        update recommend_campaign_message set offering_id = :offeringId, reason_kind = :reason
                        where operator_id = :operatorId and run_id = :runId and member_id = :memberId
                        """)
                .param("offeringId", best.offeringId())
                .param("reason", reason.kind().name())
                .param("operatorId", operatorId)
                .param("runId", runId)
                .param("memberId", memberId)
                .update();
    }

    private static Run map(ResultSet rs, boolean replayed) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(
                rs.getLong("id"),
                rs.getString("audience_kind"),
                rs.getLong("audience_id"),
                rs.getInt("audience_size"),
                rs.getInt("sent"),
                rs.getInt("without"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                replayed);
    }
}
