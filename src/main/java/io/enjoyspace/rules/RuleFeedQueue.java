package io.enjoyspace.rules;

import io.enjoyspace.rules.EventIntake.EventCommand;
import io.enjoyspace.rules.EventIntake.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Rule events that this system raises in the middle of a busy path (a paid order), queued in the same transaction and
 * evaluated in batches through the intake's bulk path (see V51__rules_feed_queue.sql): one insert on the checkout's
 * path instead of an event publication, a transaction and a dozen statements per order. A batch is taken, evaluated
 * and deleted in one transaction; a batch that fails is retried row by row, and a row that keeps failing is left in the
 * table after {@link #MAX_ATTEMPTS} tries, logged, for an operator to look at.
 */
@Component
class RuleFeedQueue {

    private static final Logger log = LoggerFactory.getLogger(RuleFeedQueue.class);

    static final int BATCH = 500;
    static final int MAX_ATTEMPTS = 10;

    private final JdbcClient jdbc;
    private final EventIntake intake;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;

    RuleFeedQueue(JdbcClient jdbc, EventIntake intake, TransactionTemplate transaction, ObjectMapper json) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.transaction = transaction;
        this.json = json;
    }

    /**
     * Queues the events, in their order, in one statement whatever their number; call inside the transaction that
     * makes them happen.
     */
    void enqueueAll(long operatorId, List<EventCommand> events) {
        if (events.isEmpty()) {
            return;
        }
        int size = events.size();
        String[] keys = new String[size];
        String[] types = new String[size];
        Long[] members = new Long[size];
        String[] times = new String[size];
        String[] attributes = new String[size];
        String[] referenceTypes = new String[size];
        String[] referenceIds = new String[size];
        for (int i = 0; i < size; i++) {
            EventCommand event = events.get(i);
            keys[i] = event.key();
            types[i] = event.type();
            members[i] = event.memberId();
            times[i] = event.occurredAt().toString();
            attributes[i] = event.attributes().toString();
            referenceTypes[i] = event.referenceType();
            referenceIds[i] = event.referenceId();
        }
        jdbc.sql("""
                        insert into rule_feed_pending (operator_id, event_key, type, member_id, occurred_at, attributes,
                                                       reference_type, reference_id)
                        select :operatorId, event_key, type, member_id, occurred_at, attributes, reference_type,
                               reference_id
                        from unnest(cast(:keys as text[]), cast(:types as text[]), cast(:members as bigint[]),
                                    cast(:times as timestamptz[]), cast(:attributes as jsonb[]),
                                    cast(:referenceTypes as text[]), cast(:referenceIds as text[]))
                                 with ordinality as e (event_key, type, member_id, occurred_at, attributes,
                                                       reference_type, reference_id, position)
                        order by position
                        """)
                .param("operatorId", operatorId)
                .param("keys", keys)
                .param("types", types)
                .param("members", members)
                .param("times", times)
                .param("attributes", attributes)
                .param("referenceTypes", referenceTypes)
                .param("referenceIds", referenceIds)
                .update();
    }

    @Scheduled(initialDelayString = "PT2S", fixedDelayString = "${enjoyspace.rules.feed-interval:PT0.5S}")
    void scheduled() {
        drainAll();
    }

    /** Evaluates everything queued so far; answers how many events were taken. */
    int drainAll() {
        int total = 0;
        int taken;
        do {
            taken = drain(BATCH, false);
            total += taken;
        } while (taken == BATCH);
        while (drain(1, true) == 1) {
            total++;
        }
        return total;
    }

    private record Queued(long id, long operatorId, EventCommand event) {}

    /**
     * Takes up to {@code batch} queued events (fresh ones, or ones that failed before when {@code retries}) and
     * evaluates them; answers how many it took.
     */
    int drain(int batch, boolean retries) {
        List<Long> ids = new ArrayList<>();
        try {
            Integer taken = transaction.execute(status -> {
                jdbc.sql("set local synchronous_commit = off").update();
                List<Queued> queued = jdbc.sql(
                                """
                                delete from rule_feed_pending
                                where id in (select id from rule_feed_pending
                                             where %s
                                             order by id limit :batch for update skip locked)
                                returning id, operator_id, event_key, type, member_id, occurred_at, attributes,
                                          reference_type, reference_id
                                """.formatted(retries ? "attempts between 1 and :max - 1" : "attempts = 0"))
                        .param("batch", batch)
                        .param("max", MAX_ATTEMPTS)
                        .query((rs, row) -> new Queued(
                                rs.getLong("id"),
                                rs.getLong("operator_id"),
                                new EventCommand(
                                        rs.getString("event_key"),
                                        rs.getString("type"),
                                        rs.getLong("member_id"),
                                        rs.getTimestamp("occurred_at").toInstant(),
                                        attributes(rs.getString("attributes")),
                                        rs.getString("reference_type"),
                                        rs.getString("reference_id"))))
                        .list();
                Map<Long, List<Queued>> byOperator = new LinkedHashMap<>();
                for (Queued row : queued) {
                    ids.add(row.id());
                    byOperator
                            .computeIfAbsent(row.operatorId(), key -> new ArrayList<>())
                            .add(row);
                }
                byOperator.forEach((operatorId, rows) -> {
                    List<Outcome> outcomes = intake.ingestAll(
                            operatorId, rows.stream().map(Queued::event).toList(), true);
                    for (int i = 0; i < outcomes.size(); i++) {
                        if (outcomes.get(i).error() != null) {
                            log.warn(
                                    "rule event {} of operator {} refused: {}",
                                    rows.get(i).event().key(),
                                    operatorId,
                                    outcomes.get(i).error().getMessage());
                        }
                    }
                });
                return queued.size();
            });
            return taken == null ? 0 : taken;
        } catch (RuntimeException e) {
            if (ids.isEmpty()) {
                throw e;
            }
            log.warn("rule events {} not evaluated, retried one by one", ids, e);
            jdbc.sql("update rule_feed_pending set attempts = attempts + 1 where id in (:ids)")
                    .param("ids", ids)
                    .update();
            return ids.size();
        }
    }

    private JsonNode attributes(String text) {
        return json.readTree(text);
    }
}
