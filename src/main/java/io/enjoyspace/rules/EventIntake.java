package io.enjoyspace.rules;

import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PointsPending;
import io.enjoyspace.points.PointsTransaction;
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
import java.util.Set;
import java.util.TreeSet;
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
    private final org.springframework.context.ApplicationEventPublisher events;
    private final org.springframework.beans.factory.ObjectProvider<EarningBoosts> boosts;
    private final org.springframework.beans.factory.ObjectProvider<RuleMemberTags> memberTags;

    EventIntake(
            JdbcClient jdbc,
            Rules rules,
            RuleUsage usage,
            MemberContexts members,
            PointsLedger ledger,
            PointsPending pending,
            Clock clock,
            org.springframework.context.ApplicationEventPublisher events,
            org.springframework.beans.factory.ObjectProvider<EarningBoosts> boosts,
            org.springframework.beans.factory.ObjectProvider<RuleMemberTags> memberTags) {
        this.events = events;
        this.boosts = boosts;
        this.memberTags = memberTags;
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
        Outcome outcome =
                ingestAll(operatorId, List.of(reported), fromThisSystem).get(0);
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return outcome.result();
    }

    /** One event's answer in {@link #ingestAll}: its result, or the error that refused it. */
    public record Outcome(EventResult result, RuntimeException error) {}

    /**
     * Takes in many events in one database transaction: each is checked, stored once under its key, evaluated, and
     * awarded through the ledger's bulk path, so a batch costs a few statements instead of a dozen per event. An
     * invalid event, an unknown member or a reused key is answered in its place without touching the others; the
     * answers come in the order of {@code reported}.
     */
    @Transactional
    public List<Outcome> ingestAll(long operatorId, List<EventCommand> reported, boolean fromThisSystem) {
        int count = reported.size();
        Outcome[] outcomes = new Outcome[count];
        EventCommand[] commands = new EventCommand[count];
        String[] hashes = new String[count];
        Instant now = clock.instant();
        for (int i = 0; i < count; i++) {
            EventCommand event = reported.get(i);
            // An event reported without a time happened now; a replay of it is the same event at any later time.
            hashes[i] = fromThisSystem ? null : fingerprint(event);
            commands[i] = event.occurredAt() != null
                    ? event
                    : new EventCommand(
                            event.key(),
                            event.type(),
                            event.memberId(),
                            now,
                            event.attributes(),
                            event.referenceType(),
                            event.referenceId());
            try {
                validate(operatorId, commands[i], fromThisSystem);
            } catch (InvalidInputException e) {
                outcomes[i] = new Outcome(null, e);
            }
        }
        List<Long> memberIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (outcomes[i] == null) {
                memberIds.add(commands[i].memberId());
            }
        }
        Map<Long, MemberContext> known = members.findAll(operatorId, memberIds);
        // The first event under each key is stored; a repeat within the call answers as a replay of it afterwards.
        Map<String, Integer> firstWithKey = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (outcomes[i] != null) {
                continue;
            }
            if (!known.containsKey(commands[i].memberId())) {
                outcomes[i] = new Outcome(null, new NotFoundException());
            } else if (firstWithKey.putIfAbsent(commands[i].key(), i) == null) {
                fresh.add(i);
            }
        }
        Map<String, Long> stored = store(operatorId, commands, hashes, fresh, now, fromThisSystem);
        ZoneId zone = rules.zone(operatorId);
        List<Integer> evaluated = new ArrayList<>();
        Map<Integer, RuleEngine.Matching> matchings = new HashMap<>();
        Set<RuleEngine.UsageKey> usageKeys = new TreeSet<>();
        for (int i : fresh) {
            Long eventId = stored.get(commands[i].key());
            if (eventId == null) {
                try {
                    outcomes[i] = new Outcome(earlier(operatorId, commands[i].key(), hashes[i]), null);
                } catch (ConflictException e) {
                    outcomes[i] = new Outcome(null, e);
                }
                continue;
            }
            RuleEngine.Facts facts = facts(
                    commands[i],
                    known.get(commands[i].memberId()),
                    zone,
                    insightsFor(operatorId, commands[i].type(), commands[i].memberId()));
            RuleEngine.Matching matching = RuleEngine.matchOrdered(
                            rules.candidates(operatorId, commands[i].type()), facts)
                    .boosted(boostOf(operatorId, commands[i].memberId()));
            matchings.put(i, matching);
            usageKeys.addAll(matching.usageKeys());
            evaluated.add(i);
        }
        Map<RuleEngine.UsageKey, Long> before = usage.lock(operatorId, usageKeys);
        Map<RuleEngine.UsageKey, Long> after = new HashMap<>(before);
        record Granted(int event, RuleEngine.Verdict verdict) {}
        List<Granted> granted = new ArrayList<>();
        for (int i : evaluated) {
            if (!matchings.get(i).anyMatch()) {
                continue;
            }
            for (RuleEngine.Verdict verdict : RuleEngine.grant(matchings.get(i), after)) {
                if (verdict.awards()) {
                    granted.add(new Granted(i, verdict));
                }
            }
        }
        usage.save(operatorId, before, after);

        // Immediate awards go through the ledger in bulk; points with a waiting period one by one, as pending.
        List<PointsLedger.Award> immediate = new ArrayList<>();
        List<Granted> immediateGrants = new ArrayList<>();
        Map<Granted, Long> transactions = new java.util.IdentityHashMap<>();
        for (Granted grant : granted) {
            EventCommand command = commands[grant.event()];
            Rule rule = grant.verdict().rule();
            RuleDefinition definition = rule.definition();
            String ledgerKey = command.key() + ":rule:" + rule.id();
            String reason = command.type().toUpperCase(Locale.ROOT).replace('.', '_');
            String referenceType = command.referenceType() == null ? "EVENT" : command.referenceType();
            String referenceId =
                    command.referenceId() == null ? Long.toString(stored.get(command.key())) : command.referenceId();
            String memo = "rule " + rule.id() + " v" + rule.version() + ": " + definition.name();
            Instant expiresAt = definition.expiry().expiresAt(command.occurredAt(), zone);
            if (definition.pendingDays() > 0) {
                transactions.put(
                        grant,
                        pending.award(
                                        operatorId,
                                        ledgerKey,
                                        command.memberId(),
                                        grant.verdict().points(),
                                        command.occurredAt().plus(Duration.ofDays(definition.pendingDays())),
                                        expiresAt,
                                        reason,
                                        referenceType,
                                        referenceId,
                                        memo)
                                .id());
            } else {
                immediate.add(new PointsLedger.Award(
                        ledgerKey,
                        command.memberId(),
                        grant.verdict().points(),
                        expiresAt,
                        reason,
                        referenceType,
                        referenceId,
                        memo));
                immediateGrants.add(grant);
            }
        }
        List<PointsTransaction> posted = ledger.awardAll(operatorId, immediate);
        for (int k = 0; k < posted.size(); k++) {
            transactions.put(immediateGrants.get(k), posted.get(k).id());
        }
        Map<Integer, List<Award>> awardsOf = new HashMap<>();
        if (!granted.isEmpty()) {
            StringBuilder insert = new StringBuilder("insert into rule_award (operator_id, event_id, rule_id,"
                    + " rule_version, member_id, enterprise_id, campaign_id, points, pending, transaction_id,"
                    + " awarded_at) values ");
            Map<String, Object> values = new HashMap<>();
            values.put("operatorId", operatorId);
            values.put("now", Timestamp.from(now));
            for (int k = 0; k < granted.size(); k++) {
                Granted grant = granted.get(k);
                EventCommand command = commands[grant.event()];
                Rule rule = grant.verdict().rule();
                boolean isPending = rule.definition().pendingDays() > 0;
                insert.append(k == 0 ? "" : ", ")
                        .append("(:operatorId, :event%1$d, :rule%1$d, :version%1$d, :member%1$d, :enterprise%1$d,"
                                .formatted(k))
                        .append(" :campaign%1$d, :points%1$d, :pending%1$d, :transaction%1$d, :now)".formatted(k));
                values.put("event" + k, stored.get(command.key()));
                values.put("rule" + k, rule.id());
                values.put("version" + k, rule.version());
                values.put("member" + k, command.memberId());
                values.put("enterprise" + k, known.get(command.memberId()).enterpriseId());
                values.put("campaign" + k, rule.definition().campaignId());
                values.put("points" + k, grant.verdict().points());
                values.put("pending" + k, isPending);
                values.put("transaction" + k, transactions.get(grant));
                awardsOf.computeIfAbsent(grant.event(), event -> new ArrayList<>())
                        .add(new Award(
                                rule.id(),
                                rule.version(),
                                rule.definition().name(),
                                grant.verdict().points(),
                                isPending,
                                rule.definition().campaignId()));
            }
            jdbc.sql(insert.toString()).params(values).update();
        }
        for (int i : evaluated) {
            for (RuleEngine.Step step : matchings.get(i).steps()) {
                if (step.verdict() != null && step.verdict().outcome() == RuleEngine.Outcome.COUPON) {
                    Rule rule = step.verdict().rule();
                    events.publishEvent(new CouponGrantRequested(
                            operatorId,
                            commands[i].memberId(),
                            rule.definition().couponTemplateId(),
                            rule.id(),
                            commands[i].key()));
                }
            }
            List<Award> awards = new ArrayList<>(awardsOf.getOrDefault(i, List.of()));
            awards.sort(java.util.Comparator.comparingLong(Award::ruleId));
            EventCommand command = commands[i];
            outcomes[i] = new Outcome(
                    new EventResult(
                            stored.get(command.key()),
                            command.key(),
                            command.type(),
                            command.memberId(),
                            command.occurredAt(),
                            awards.stream().mapToLong(Award::points).sum(),
                            awards,
                            false),
                    null);
        }
        for (int i = 0; i < count; i++) {
            if (outcomes[i] != null) {
                continue;
            }
            // A repeat of a key seen earlier in this call: the first one's answer, as a replay.
            Outcome first = outcomes[firstWithKey.get(commands[i].key())];
            int firstIndex = firstWithKey.get(commands[i].key());
            if (first.error() != null) {
                outcomes[i] = first;
            } else if (hashes[i] != null && !hashes[i].equals(hashes[firstIndex])) {
                outcomes[i] = new Outcome(
                        null, new ConflictException("events.keyReused", "this key was used for a different event"));
            } else {
                EventResult result = first.result();
                outcomes[i] = new Outcome(
                        new EventResult(
                                result.eventId(),
                                result.key(),
                                result.type(),
                                result.memberId(),
                                result.occurredAt(),
                                result.points(),
                                result.awards(),
                                true),
                        null);
            }
        }
        return List.of(outcomes);
    }

    /** Stores the events at {@code indexes} in one statement; the ids of those whose key was new, by key. */
    private Map<String, Long> store(
            long operatorId,
            EventCommand[] commands,
            String[] hashes,
            List<Integer> indexes,
            Instant now,
            boolean fromThisSystem) {
        Map<String, Long> stored = new HashMap<>();
        if (indexes.isEmpty()) {
            return stored;
        }
        StringBuilder insert = new StringBuilder("insert into rule_event (operator_id, event_key, type, member_id,"
                + " occurred_at, attributes, request_hash, received_at) values ");
        Map<String, Object> values = new HashMap<>();
        values.put("operatorId", operatorId);
        values.put("now", Timestamp.from(now));
        for (int k = 0; k < indexes.size(); k++) {
            EventCommand command = commands[indexes.get(k)];
            insert.append(k == 0 ? "" : ", ")
                    .append("(:operatorId, :key%1$d, :type%1$d, :member%1$d, :at%1$d, cast(:attributes%1$d as jsonb),"
                            .formatted(k))
                    .append(" :hash%d, :now)".formatted(k));
            values.put("key" + k, command.key());
            values.put("type" + k, command.type());
            values.put("member" + k, command.memberId());
            values.put("at" + k, Timestamp.from(command.occurredAt()));
            values.put("attributes" + k, JSON.writeValueAsString(command.attributes()));
            String hash = hashes[indexes.get(k)];
            values.put("hash" + k, hash != null ? hash : fingerprint(command));
        }
        insert.append(" on conflict (operator_id, event_key) do nothing returning id, event_key");
        jdbc.sql(insert.toString())
                .params(values)
                .query((rs, row) -> stored.put(rs.getString("event_key"), rs.getLong("id")))
                .list();
        return stored;
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
        RuleEngine.Matching matching =
                RuleEngine.match(candidates, checked.facts()).boosted(boostOf(operatorId, command.memberId()));
        Map<RuleEngine.UsageKey, Long> used = new HashMap<>(usage.read(operatorId, matching.usageKeys()));
        List<RuleEngine.Verdict> verdicts = RuleEngine.grant(matching, used);
        long total = verdicts.stream().mapToLong(RuleEngine.Verdict::points).sum();
        return new Simulation(command.type(), command.memberId(), command.occurredAt(), total, verdicts);
    }

    /** The member's earning multiplier in percent (a tier benefit); 100 when no module boosts earnings. */
    private int boostOf(long operatorId, long memberId) {
        EarningBoosts boost = boosts.getIfAvailable();
        return boost == null ? 100 : boost.multiplierPercent(operatorId, memberId);
    }

    private record Checked(MemberContext member, RuleEngine.Facts facts) {}

    private Checked check(long operatorId, EventCommand command, boolean fromThisSystem) {
        validate(operatorId, command, fromThisSystem);
        MemberContext member = members.find(operatorId, command.memberId()).orElseThrow(NotFoundException::new);
        return new Checked(
                member,
                facts(
                        command,
                        member,
                        rules.zone(operatorId),
                        insightsFor(operatorId, command.type(), command.memberId())));
    }

    /**
     * The member's tags and segments when a candidate rule's condition reads them, else none (saves queries per
     * event).
     */
    private Map<String, Object> insightsFor(long operatorId, String eventType, long memberId) {
        RuleMemberTags source = memberTags.getIfAvailable();
        Map<String, Object> insights = new HashMap<>();
        List<RuleEngine.Candidate> candidates = rules.candidates(operatorId, eventType);
        boolean tags = source != null && candidates.stream().anyMatch(RuleEngine.Candidate::readsTags);
        boolean segments = source != null && candidates.stream().anyMatch(RuleEngine.Candidate::readsSegments);
        insights.put("tags", tags ? source.tagsOf(operatorId, memberId) : List.of());
        insights.put("segments", segments ? source.segmentsOf(operatorId, memberId) : List.of());
        return insights;
    }

    private void validate(long operatorId, EventCommand command, boolean fromThisSystem) {
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
    }

    private static RuleEngine.Facts facts(
            EventCommand command, MemberContext member, ZoneId zone, Map<String, Object> insights) {
        return new RuleEngine.Facts(
                command.type(),
                command.memberId(),
                member.enterpriseId(),
                command.occurredAt(),
                zone,
                command.attributes(),
                variables(command, member, zone, insights));
    }

    private static Map<String, Object> variables(
            EventCommand command, MemberContext member, ZoneId zone, Map<String, Object> insights) {
        Map<String, Object> memberFacts = new HashMap<>();
        memberFacts.put("id", member.memberId());
        memberFacts.put("tier", "");
        memberFacts.putAll(insights);
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
