package io.enjoyspace.rules;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PointsPending;
import io.enjoyspace.points.PointsTransaction;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import io.enjoyspace.tenancy.MemberContexts;
import io.enjoyspace.tenancy.MemberContexts.MemberContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Takes in events, once per key, and awards what the rules say. An event is stored before it is evaluated, so a
 * replayed or concurrent duplicate waits for the first and then answers with its result; each award is a ledger
 * transaction keyed by the event and the rule, and names the rule version it was computed under.
 */
@Service
public class EventIntake {

    /** Events may be reported this late, and this far ahead of the server's clock. */
    static final Duration MAX_AGE = Duration.ofDays(90);

    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Rules rules;
    private final RuleUsage usage;
    private final MemberContexts members;
    private final PointsLedger ledger;
    private final PointsPending pending;
    private final Clock clock;

    EventIntake(
            JdbcClient jdbc,
            Rules rules,
            RuleUsage usage,
            MemberContexts members,
            PointsLedger ledger,
            PointsPending pending,
            Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.usage = usage;
        this.members = members;
        this.ledger = ledger;
        this.pending = pending;
        this.clock = clock;
    }

    /**
     * An event to evaluate ({@code occurredAt} null: now). {@code key} makes it unique per operator; {@code referenceType}/{@code referenceId} name
     * what the awards' ledger entries point to (default: the event itself).
     */
    public record EventCommand(
            String key,
            String type,
            long memberId,
            Instant occurredAt,
            JsonNode attributes,
            String referenceType,
            String referenceId) {

        public EventCommand {
            attributes = attributes == null || attributes.isNull() ? JsonNodeFactory.instance.objectNode() : attributes;
        }

        public EventCommand(String key, String type, long memberId, Instant occurredAt, JsonNode attributes) {
            this(key, type, memberId, occurredAt, attributes, null, null);
        }
    }

    /** Points one rule awarded for an event. */
    public record Award(long ruleId, int ruleVersion, String ruleName, long points, boolean pending, Long campaignId) {}

    /** What an event earned; {@code replayed} when the key had been seen before and this is the first answer again. */
    public record EventResult(
            long eventId,
            String key,
            String type,
            long memberId,
            Instant occurredAt,
            long points,
            List<Award> awards,
            boolean replayed) {}

    /** A simulation: every rule's verdict on the event, and what it would award now. */
    public record Simulation(
            String type, long memberId, Instant occurredAt, long points, List<RuleEngine.Verdict> verdicts) {}

    @Transactional
    public EventResult ingest(long operatorId, EventCommand command) {
        return ingest(operatorId, command, false);
    }

    /**
     * {@code fromThisSystem}: the event comes from another module (an order, a check-in), which may deliver it late
     * after an outage, so its time is not checked against the intake window.
     */
    @Transactional
    EventResult ingest(long operatorId, EventCommand reported, boolean fromThisSystem) {
        // An event reported without a time happened now; a replay of it is the same event at any later time.
        String hash = fingerprint(reported);
        EventCommand command = reported.occurredAt() != null
                ? reported
                : new EventCommand(
                        reported.key(),
                        reported.type(),
                        reported.memberId(),
                        clock.instant(),
                        reported.attributes(),
                        reported.referenceType(),
                        reported.referenceId());
        Checked checked = check(operatorId, command, fromThisSystem);
        Optional<Long> inserted = jdbc.sql("""
                        insert into rule_event (operator_id, event_key, type, member_id, occurred_at, attributes,
                                                request_hash, received_at)
                        values (:operatorId, :key, :type, :memberId, :occurredAt, cast(:attributes as jsonb), :hash, :now)
                        on conflict (operator_id, event_key) do nothing
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("key", command.key())
                .param("type", command.type())
                .param("memberId", command.memberId())
                .param("occurredAt", Timestamp.from(command.occurredAt()))
                .param("attributes", JSON.writeValueAsString(command.attributes()))
                .param("hash", hash)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional();
        if (inserted.isEmpty()) {
            // Another module's key names its cause (an order, a day's check-in): whatever it says the second
            // time, that cause has been rewarded already.
            return earlier(operatorId, command.key(), fromThisSystem ? null : hash);
        }
        long eventId = inserted.get();
        RuleEngine.Matching matching =
                RuleEngine.matchOrdered(rules.candidates(operatorId, command.type()), checked.facts());
        if (!matching.anyMatch()) {
            return new EventResult(
                    eventId,
                    command.key(),
                    command.type(),
                    command.memberId(),
                    command.occurredAt(),
                    0,
                    List.of(),
                    false);
        }
        Map<RuleEngine.UsageKey, Long> before = usage.lock(operatorId, matching.usageKeys());
        Map<RuleEngine.UsageKey, Long> after = new HashMap<>(before);
        List<RuleEngine.Verdict> verdicts = RuleEngine.grant(matching, after);
        usage.save(operatorId, before, after);
        List<Award> awards = new ArrayList<>();
        long total = 0;
        for (RuleEngine.Verdict verdict : verdicts) {
            if (!verdict.awards()) {
                continue;
            }
            Award award = award(operatorId, eventId, command, checked, verdict);
            awards.add(award);
            total += award.points();
        }
        awards.sort(java.util.Comparator.comparingLong(Award::ruleId));
        return new EventResult(
                eventId, command.key(), command.type(), command.memberId(), command.occurredAt(), total, awards, false);
    }

    private Award award(
            long operatorId, long eventId, EventCommand command, Checked checked, RuleEngine.Verdict verdict) {
        Rule rule = verdict.rule();
        RuleDefinition definition = rule.definition();
        String ledgerKey = command.key() + ":rule:" + rule.id();
        String reason = command.type().toUpperCase(Locale.ROOT).replace('.', '_');
        String referenceType = command.referenceType() == null ? "EVENT" : command.referenceType();
        String referenceId = command.referenceId() == null ? Long.toString(eventId) : command.referenceId();
        String memo = "rule " + rule.id() + " v" + rule.version() + ": " + definition.name();
        Instant expiresAt = definition
                .expiry()
                .expiresAt(command.occurredAt(), checked.facts().zone());
        PointsTransaction transaction;
        boolean isPending = definition.pendingDays() > 0;
        if (isPending) {
            transaction = pending.award(
                    operatorId,
                    ledgerKey,
                    command.memberId(),
                    verdict.points(),
                    command.occurredAt().plus(Duration.ofDays(definition.pendingDays())),
                    expiresAt,
                    reason,
                    referenceType,
                    referenceId,
                    memo);
        } else {
            PostTransaction award = PostTransaction.award(
                    operatorId,
                    ledgerKey,
                    Account.member(command.memberId()),
                    verdict.points(),
                    expiresAt,
                    reason,
                    referenceType,
                    referenceId);
            transaction = ledger.post(new PostTransaction(
                    operatorId,
                    award.idempotencyKey(),
                    award.reasonCode(),
                    award.referenceType(),
                    award.referenceId(),
                    memo,
                    null,
                    award.postings()));
        }
        jdbc.sql("""
                        insert into rule_award (operator_id, event_id, rule_id, rule_version, member_id, enterprise_id,
                                                campaign_id, points, pending, transaction_id, awarded_at)
                        values (:operatorId, :eventId, :ruleId, :version, :memberId, :enterpriseId, :campaignId, :points,
                                :pending, :transactionId, :now)
                        """)
                .param("operatorId", operatorId)
                .param("eventId", eventId)
                .param("ruleId", rule.id())
                .param("version", rule.version())
                .param("memberId", command.memberId())
                .param("enterpriseId", checked.member().enterpriseId())
                .param("campaignId", definition.campaignId())
                .param("points", verdict.points())
                .param("pending", isPending)
                .param("transactionId", transaction.id())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return new Award(
                rule.id(), rule.version(), definition.name(), verdict.points(), isPending, definition.campaignId());
    }

    /**
     * What the event would earn now, and each rule's verdict, writing nothing. {@code draft}, if given, is evaluated
     * in place of the saved rule with its id (or beside the saved rules, for a rule not saved yet).
     */
    @Transactional(readOnly = true)
    public Simulation simulate(long operatorId, EventCommand command, Rule draft) {
        Checked checked = check(operatorId, command, false);
        List<RuleEngine.Candidate> candidates = new ArrayList<>(rules.candidates(operatorId, command.type()));
        if (draft != null) {
            candidates.removeIf(candidate -> candidate.rule().id() == draft.id());
            if (draft.definition().eventType().equals(command.type())) {
                candidates.add(rules.candidate(operatorId, draft));
            }
        }
        RuleEngine.Matching matching = RuleEngine.match(candidates, checked.facts());
        Map<RuleEngine.UsageKey, Long> used = new HashMap<>(usage.read(operatorId, matching.usageKeys()));
        List<RuleEngine.Verdict> verdicts = RuleEngine.grant(matching, used);
        long total = verdicts.stream().mapToLong(RuleEngine.Verdict::points).sum();
        return new Simulation(command.type(), command.memberId(), command.occurredAt(), total, verdicts);
    }

    private record Checked(MemberContext member, RuleEngine.Facts facts) {}

    private Checked check(long operatorId, EventCommand command, boolean fromThisSystem) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (command.key() == null || command.key().isBlank() || command.key().length() > 150) {
            errors.add(new InvalidInputException.FieldError("id", "events.keyInvalid"));
        }
        if (!rules.knowsType(operatorId, command.type())) {
            errors.add(new InvalidInputException.FieldError("type", "events.typeUnknown"));
        }
        Instant now = clock.instant();
        if (command.occurredAt() == null) {
            errors.add(new InvalidInputException.FieldError("occurredAt", "events.occurredAtRequired"));
        } else if (!fromThisSystem
                && (command.occurredAt().isAfter(now.plus(MAX_SKEW))
                        || command.occurredAt().isBefore(now.minus(MAX_AGE)))) {
            errors.add(new InvalidInputException.FieldError("occurredAt", "events.occurredAtOutOfRange"));
        }
        if (!command.attributes().isObject()) {
            errors.add(new InvalidInputException.FieldError("attributes", "events.attributesNotObject"));
        } else if (command.attributes().size() > 50) {
            errors.add(new InvalidInputException.FieldError("attributes", "events.attributesTooMany"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        MemberContext member = members.find(operatorId, command.memberId()).orElseThrow(NotFoundException::new);
        ZoneId zone = rules.zone(operatorId);
        return new Checked(
                member,
                new RuleEngine.Facts(
                        command.type(),
                        command.memberId(),
                        member.enterpriseId(),
                        command.occurredAt(),
                        zone,
                        command.attributes(),
                        variables(command, member, zone)));
    }

    private static Map<String, Object> variables(EventCommand command, MemberContext member, ZoneId zone) {
        Map<String, Object> memberFacts = new HashMap<>();
        memberFacts.put("id", member.memberId());
        memberFacts.put("tier", "");
        memberFacts.put("tags", List.of());
        memberFacts.put(
                "tenureDays",
                ChronoUnit.DAYS.between(member.registeredOn(), LocalDate.ofInstant(command.occurredAt(), zone)));
        Map<String, Object> enterprise = new HashMap<>();
        if (member.enterpriseId() != null) {
            enterprise.put("id", member.enterpriseId());
            enterprise.put("industry", member.industry());
            enterprise.put("size", member.sizeBand().name());
            enterprise.put("headcount", member.headcount().longValue());
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("type", command.type());
        variables.put("occurredAt", command.occurredAt());
        variables.put("attributes", plain(command.attributes()));
        variables.put("member", memberFacts);
        variables.put("enterprise", enterprise);
        variables.put(
                "site", Map.of("id", member.siteId(), "kind", member.siteKind().name()));
        return variables;
    }

    /** A JSON value as the plain Java values CEL evaluates: maps, lists, strings, longs, doubles and booleans. */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), plain(field.getValue()));
                }
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asString();
    }

    private static String fingerprint(EventCommand command) {
        return IdempotencyKey.fingerprint(command.type() + "|" + command.memberId() + "|"
                + (command.occurredAt() == null ? "now" : command.occurredAt().toEpochMilli()) + "|"
                + JSON.writeValueAsString(command.attributes()));
    }

    /** The first answer for {@code key}; a different event under that key ({@code hash} given) is a conflict. */
    private EventResult earlier(long operatorId, String key, String hash) {
        record Stored(long id, String type, long memberId, Instant occurredAt, String hash) {}
        Stored stored = jdbc.sql("""
                        select id, type, member_id, occurred_at, request_hash from rule_event
                        where operator_id = :operatorId and event_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("key", key)
                .query((rs, row) -> new Stored(
                        rs.getLong("id"),
                        rs.getString("type"),
                        rs.getLong("member_id"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("request_hash")))
                .single();
        if (hash != null && !stored.hash().equals(hash)) {
            throw new ConflictException("events.keyReused", "this key was used for a different event");
        }
        List<Award> awards = awards(operatorId, stored.id());
        return new EventResult(
                stored.id(),
                key,
                stored.type(),
                stored.memberId(),
                stored.occurredAt(),
                awards.stream().mapToLong(Award::points).sum(),
                awards,
                true);
    }

    List<Award> awards(long operatorId, long eventId) {
        return jdbc.sql("""
                        select a.rule_id, a.rule_version, v.name, a.points, a.pending, a.campaign_id
                        from rule_award a
                        join rule_version v on v.operator_id = a.operator_id and v.rule_id = a.rule_id
                                           and v.version = a.rule_version
                        where a.operator_id = :operatorId and a.event_id = :eventId
                        order by a.rule_id
                        """)
                .param("operatorId", operatorId)
                .param("eventId", eventId)
                .query((rs, row) -> new Award(
                        rs.getLong("rule_id"),
                        rs.getInt("rule_version"),
                        rs.getString("name"),
                        rs.getLong("points"),
                        rs.getBoolean("pending"),
                        Rows.nullableLong(rs, "campaign_id")))
                .list();
    }
}
