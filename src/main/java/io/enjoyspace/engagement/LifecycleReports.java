package io.enjoyspace.engagement;

import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** What lifecycle automation shows the operator: how members are spread over stages, and what each action achieved. */
@Service
public class LifecycleReports {

    /** An action's results: members it reached (DONE), skipped, failed, and how many of those reached converted. */
    public record ActionResult(LifecyclePlans.Action action, long reached, long skipped, long failed, long converted) {

        /** Converted as a whole percentage of reached; 0 when it reached nobody. */
        public long conversionPercent() {
            return reached == 0 ? 0 : Math.round(converted * 100.0 / reached);
        }
    }

    /** One action run: whom it reached, when, and whether they converted. */
    public record LogLine(
            long id,
            long actionId,
            LifecyclePlans.Trigger trigger,
            LifecyclePlans.Kind kind,
            long memberId,
            String memberName,
            String occasion,
            String status,
            String detail,
            Instant performedAt,
            Instant convertedAt) {}

    public record Log(List<LogLine> lines, long total) {}

    public record Transition(LifecycleStage from, LifecycleStage to, Instant occurredAt) {}

    /** Where a member stands, with their transitions, newest first. */
    public record Standing(
            long memberId, LifecycleStage stage, Instant enteredAt, Instant lastUseAt, List<Transition> transitions) {}

    private final JdbcClient jdbc;
    private final LifecyclePlans plans;
    private final Members members;

    LifecycleReports(JdbcClient jdbc, LifecyclePlans plans, Members members) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.members = members;
    }

    /** Members per stage (every stage present, 0 when empty); members not yet placed are not counted. */
    public Map<LifecycleStage, Long> distribution(long operatorId) {
        Map<LifecycleStage, Long> counts = new EnumMap<>(LifecycleStage.class);
        for (LifecycleStage stage : LifecycleStage.values()) {
            counts.put(stage, 0L);
        }
        jdbc.sql("""
                        select stage, count(*) as members from lifecycle_member
                        where operator_id = :o and stage is not null group by stage
                        """).param("o", operatorId).query(rs -> {
            counts.put(LifecycleStage.valueOf(rs.getString("stage")), rs.getLong("members"));
        });
        return counts;
    }

    public List<ActionResult> results(long operatorId) {
        Map<Long, long[]> counts = new java.util.HashMap<>();
        jdbc.sql("""
                        select action_id,
                               count(*) filter (where status = 'DONE') as reached,
                               count(*) filter (where status = 'SKIPPED') as skipped,
                               count(*) filter (where status = 'FAILED') as failed,
                               count(converted_at) as converted
                        from lifecycle_action_run where operator_id = :o group by action_id
                        """).param("o", operatorId).query(rs -> {
            counts.put(rs.getLong("action_id"), new long[] {
                rs.getLong("reached"), rs.getLong("skipped"), rs.getLong("failed"), rs.getLong("converted")
            });
        });
        return plans.actions(operatorId).stream()
                .map(action -> {
                    long[] c = counts.getOrDefault(action.id(), new long[4]);
                    return new ActionResult(action, c[0], c[1], c[2], c[3]);
                })
                .toList();
    }

    public Log log(long operatorId, Long actionId, int offset, int limit) {
        List<LogLine> lines = jdbc.sql("""
                        select r.*, a.trigger, a.kind from lifecycle_action_run r
                        join lifecycle_action a on a.operator_id = r.operator_id and a.id = r.action_id
                        where r.operator_id = :o and (cast(:action as bigint) is null or r.action_id = :action)
                        order by r.performed_at desc, r.id desc
                        limit :limit offset :offset
                        """)
                .param("o", operatorId)
                .param("action", actionId)
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, row) -> {
                    Timestamp converted = rs.getTimestamp("converted_at");
                    return new LogLine(
                            rs.getLong("id"),
                            rs.getLong("action_id"),
                            LifecyclePlans.Trigger.valueOf(rs.getString("trigger")),
                            LifecyclePlans.Kind.valueOf(rs.getString("kind")),
                            rs.getLong("member_id"),
                            null,
                            rs.getString("occasion"),
                            rs.getString("status"),
                            rs.getString("detail"),
                            rs.getTimestamp("performed_at").toInstant(),
                            converted == null ? null : converted.toInstant());
                })
                .list();
        Map<Long, String> names = members.names(
                operatorId, lines.stream().map(LogLine::memberId).distinct().toList());
        List<LogLine> named = lines.stream()
                .map(line -> new LogLine(
                        line.id(),
                        line.actionId(),
                        line.trigger(),
                        line.kind(),
                        line.memberId(),
                        names.getOrDefault(line.memberId(), "#" + line.memberId()),
                        line.occasion(),
                        line.status(),
                        line.detail(),
                        line.performedAt(),
                        line.convertedAt()))
                .toList();
        long total = jdbc.sql("""
                        select count(*) from lifecycle_action_run
                        where operator_id = :o and (cast(:action as bigint) is null or action_id = :action)
                        """)
                .param("o", operatorId)
                .param("action", actionId)
                .query(Long.class)
                .single();
        return new Log(named, total);
    }

    /** The member's stage and transitions; a member of another operator is not found. */
    public Standing standing(long operatorId, long memberId) {
        members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        List<Transition> transitions = jdbc.sql("""
                        select from_stage, to_stage, occurred_at from lifecycle_transition
                        where operator_id = :o and member_id = :m order by id desc limit 100
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .query((rs, row) -> new Transition(
                        rs.getString("from_stage") == null ? null : LifecycleStage.valueOf(rs.getString("from_stage")),
                        LifecycleStage.valueOf(rs.getString("to_stage")),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
        return jdbc.sql("""
                        select stage, stage_entered_at, last_use_at from lifecycle_member
                        where operator_id = :o and member_id = :m
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .query((rs, row) -> {
                    Timestamp entered = rs.getTimestamp("stage_entered_at");
                    Timestamp lastUse = rs.getTimestamp("last_use_at");
                    String stage = rs.getString("stage");
                    return new Standing(
                            memberId,
                            stage == null ? null : LifecycleStage.valueOf(stage),
                            entered == null ? null : entered.toInstant(),
                            lastUse == null ? null : lastUse.toInstant(),
                            transitions);
                })
                .optional()
                .orElse(new Standing(memberId, null, null, null, transitions));
    }
}
