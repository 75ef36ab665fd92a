package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Period;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's rules. An edit never changes a version: it adds the next one and makes it current, so every award
 * can name exactly what it was computed under. Conditions are checked before anything is saved.
 *
 * <p>The rules an event is evaluated against are cached per operator and reloaded after any change on this node, and
 * at the latest {@value #CACHE_SECONDS} seconds after a change on another node.
 */
@Repository
public class Rules {

    static final int CACHE_SECONDS = 5;

    private final JdbcClient jdbc;
    private final RuleConditions conditions;
    private final EventTypes eventTypes;
    private final Clock clock;
    private final io.enjoyspace.tenancy.Operators operators;
    private final org.springframework.beans.factory.ObjectProvider<RuleCouponTemplates> couponTemplates;
    private final Map<Long, Loaded> cache = new ConcurrentHashMap<>();

    private record Loaded(
            Instant at,
            java.time.ZoneId zone,
            Map<String, List<RuleEngine.Candidate>> byType,
            java.util.Set<String> types) {}

    Rules(
            JdbcClient jdbc,
            RuleConditions conditions,
            EventTypes eventTypes,
            Clock clock,
            io.enjoyspace.tenancy.Operators operators,
            org.springframework.beans.factory.ObjectProvider<RuleCouponTemplates> couponTemplates) {
        this.couponTemplates = couponTemplates;
        this.jdbc = jdbc;
        this.operators = operators;
        this.conditions = conditions;
        this.eventTypes = eventTypes;
        this.clock = clock;
    }

    /** One version of a rule, as the history shows it. */
    public record Version(int version, RuleDefinition definition, Long createdByUserId, Instant createdAt) {}

    @Transactional
    public Rule create(long operatorId, RuleDefinition definition, Rule.Status status, Long userId) {
        validate(operatorId, definition);
        try {
            long id = jdbc.sql("""
                            insert into rule (operator_id, name, event_type, status, current_version, created_at, updated_at)
                            values (:operatorId, :name, :eventType, :status, 1, :now, :now)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("name", definition.name().strip())
                    .param("eventType", definition.eventType())
                    .param("status", status.name())
                    .param("now", Timestamp.from(clock.instant()))
                    .query(Long.class)
                    .single();
            insertVersion(operatorId, id, 1, definition, userId);
            invalidate(operatorId);
            return get(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("rules.nameTaken", "a rule with this name exists");
        }
    }

    /** Saves {@code definition} as the rule's next version; an unchanged definition adds none. */
    @Transactional
    public Rule update(long operatorId, long id, RuleDefinition definition, Rule.Status status, Long userId) {
        Rule current = lock(operatorId, id);
        validate(operatorId, definition);
        int version = current.version();
        if (!sameDefinition(current.definition(), definition)) {
            version++;
            insertVersion(operatorId, id, version, definition, userId);
        }
        try {
            jdbc.sql("""
                            update rule set name = :name, event_type = :eventType, status = :status,
                                            current_version = :version, updated_at = :now
                            where operator_id = :operatorId and id = :id
                            """)
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .param("name", definition.name().strip())
                    .param("eventType", definition.eventType())
                    .param("status", (status == null ? current.status() : status).name())
                    .param("version", version)
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("rules.nameTaken", "a rule with this name exists");
        }
        invalidate(operatorId);
        return get(operatorId, id);
    }

    @Transactional
    public Rule setStatus(long operatorId, long id, Rule.Status status) {
        lock(operatorId, id);
        jdbc.sql("update rule set status = :status, updated_at = :now where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .param("status", status.name())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        invalidate(operatorId);
        return get(operatorId, id);
    }

    private Rule lock(long operatorId, long id) {
        jdbc.sql("select id from rule where operator_id = :operatorId and id = :id for update")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Long.class)
                .optional()
                .orElseThrow(NotFoundException::new);
        return get(operatorId, id);
    }

    private static boolean sameDefinition(RuleDefinition a, RuleDefinition b) {
        RuleDefinition normalised = new RuleDefinition(
                b.name().strip(),
                b.eventType(),
                b.condition(),
                b.action(),
                b.action() == Action.FIXED ? b.points() : null,
                b.action() == Action.FIXED || b.action() == Action.COUPON || b.rate() == null
                        ? null
                        : b.rate().setScale(4, java.math.RoundingMode.HALF_UP),
                b.amountAttribute(),
                b.rounding(),
                b.limits(),
                b.validFrom(),
                b.validUntil(),
                b.priority(),
                b.stopAfter(),
                b.expiry(),
                b.pendingDays(),
                b.campaignId(),
                b.action() == Action.COUPON ? b.couponTemplateId() : null);
        return a.equals(normalised);
    }

    private void insertVersion(long operatorId, long ruleId, int version, RuleDefinition d, Long userId) {
        Limits limits = d.limits();
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("ruleId", ruleId);
        params.put("version", version);
        params.put("name", d.name().strip());
        params.put("eventType", d.eventType());
        params.put("condition", d.condition());
        params.put("action", d.action().name());
        params.put("points", d.action() == Action.FIXED ? d.points() : null);
        params.put("rate", d.action() == Action.FIXED || d.action() == Action.COUPON ? null : d.rate());
        params.put("couponTemplateId", d.action() == Action.COUPON ? d.couponTemplateId() : null);
        params.put("amountAttribute", d.amountAttribute());
        params.put("rounding", d.rounding().name());
        params.put("memberDaily", limits.memberDaily());
        params.put("memberWeekly", limits.memberWeekly());
        params.put("memberMonthly", limits.memberMonthly());
        params.put("memberEver", limits.memberEver());
        params.put("enterpriseCap", limits.enterpriseCap());
        params.put(
                "enterprisePeriod",
                limits.enterpriseCap() == null
                        ? null
                        : limits.enterprisePeriod().name());
        params.put("budgetTotal", limits.budgetTotal());
        params.put("budgetPeriodCap", limits.budgetPeriodCap());
        params.put(
                "budgetPeriod",
                limits.budgetPeriodCap() == null ? null : limits.budgetPeriod().name());
        params.put("validFrom", d.validFrom() == null ? null : Timestamp.from(d.validFrom()));
        params.put("validUntil", d.validUntil() == null ? null : Timestamp.from(d.validUntil()));
        params.put("priority", d.priority());
        params.put("stopAfter", d.stopAfter());
        params.put("expiryKind", d.expiry().kind().name());
        params.put("expiryCount", d.expiry().count());
        params.put("pendingDays", d.pendingDays());
        params.put("campaignId", d.campaignId());
        params.put("createdBy", userId);
        params.put("now", Timestamp.from(clock.instant()));
        jdbc.sql("""
                        insert into rule_version (operator_id, rule_id, version, name, event_type, condition, action, points,
                                                  rate, amount_attribute, rounding, member_daily_cap, member_weekly_cap,
                                                  member_monthly_cap, member_ever_cap, enterprise_cap, enterprise_period,
                                                  budget_total, budget_period_cap, budget_period, valid_from, valid_until,
                                                  priority, stop_after, expiry_kind, expiry_count, pending_days,
                                                  campaign_id, coupon_template_id, created_by, created_at)
                        values (:operatorId, :ruleId, :version, :name, :eventType, :condition, :action, :points, :rate,
                                :amountAttribute, :rounding, :memberDaily, :memberWeekly, :memberMonthly, :memberEver,
                                :enterpriseCap, :enterprisePeriod, :budgetTotal, :budgetPeriodCap, :budgetPeriod,
                                :validFrom, :validUntil, :priority, :stopAfter, :expiryKind, :expiryCount, :pendingDays,
                                :campaignId, :couponTemplateId, :createdBy, :now)
                        """).params(params).update();
    }

    /** Refuses a definition that cannot be saved, naming every offending field at once. */
    void validate(long operatorId, RuleDefinition d) {
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 100) {
            errors.add(new FieldError("name", "rules.nameInvalid"));
        }
        if (!eventTypes.exists(operatorId, d.eventType())) {
            errors.add(new FieldError("eventType", "rules.eventTypeUnknown"));
        }
        if (d.condition().length() > 2000) {
            errors.add(new FieldError("condition", "rules.conditionTooLong"));
        } else {
            for (RuleConditions.Problem problem : conditions.check(d.condition())) {
                errors.add(new FieldError(
                        "condition",
                        "rules.conditionInvalid",
                        List.of(problem.line(), problem.column(), problem.message())));
            }
        }
        if (d.action() == null) {
            errors.add(new FieldError("action", "rules.actionRequired"));
        } else if (d.action() == Action.FIXED) {
            if (d.points() == null || d.points() < 1 || d.points() > 1_000_000) {
                errors.add(new FieldError("points", "rules.pointsInvalid"));
            }
        } else if (d.action() == Action.COUPON) {
            if (d.couponTemplateId() == null) {
                errors.add(new FieldError("couponTemplateId", "coupons.ruleTemplateRequired"));
            }
        } else if (d.rate() == null
                || d.rate().signum() <= 0
                || d.rate().compareTo(BigDecimal.valueOf(100_000)) > 0
                || d.rate().stripTrailingZeros().scale() > 4) {
            errors.add(new FieldError("rate", "rules.rateInvalid"));
        } else if (d.action() == Action.MULTIPLIER && d.rate().compareTo(BigDecimal.ONE) <= 0) {
            errors.add(new FieldError("rate", "rules.multiplierInvalid"));
        }
        if (!d.amountAttribute().matches("^[A-Za-z_][A-Za-z0-9_]{0,39}$")) {
            errors.add(new FieldError("amountAttribute", "rules.amountAttributeInvalid"));
        }
        Limits limits = d.limits();
        positive(errors, "limits.memberDaily", limits.memberDaily());
        positive(errors, "limits.memberWeekly", limits.memberWeekly());
        positive(errors, "limits.memberMonthly", limits.memberMonthly());
        positive(errors, "limits.memberEver", limits.memberEver());
        positive(errors, "limits.enterpriseCap", limits.enterpriseCap());
        positive(errors, "limits.budgetTotal", limits.budgetTotal());
        positive(errors, "limits.budgetPeriodCap", limits.budgetPeriodCap());
        if (limits.enterpriseCap() != null && limits.enterprisePeriod() == null) {
            errors.add(new FieldError("limits.enterprisePeriod", "rules.periodRequired"));
        }
        if (limits.budgetPeriodCap() != null
                && (limits.budgetPeriod() == null || limits.budgetPeriod() == Period.EVER)) {
            errors.add(new FieldError("limits.budgetPeriod", "rules.budgetPeriodInvalid"));
        }
        if (d.validFrom() != null && d.validUntil() != null && !d.validUntil().isAfter(d.validFrom())) {
            errors.add(new FieldError("validUntil", "rules.validUntilBeforeFrom"));
        }
        if (d.priority() < 0 || d.priority() > 1000) {
            errors.add(new FieldError("priority", "rules.priorityInvalid"));
        }
        if (d.pendingDays() < 0 || d.pendingDays() > 365) {
            errors.add(new FieldError("pendingDays", "rules.pendingDaysInvalid"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        // Another operator's template (or none) answers 404, as everywhere.
        RuleCouponTemplates templates = couponTemplates.getIfAvailable();
        if (d.action() == Action.COUPON && templates != null && !templates.exists(operatorId, d.couponTemplateId())) {
            throw new NotFoundException();
        }
        if (d.campaignId() != null
                && jdbc.sql("select count(*) from campaign where operator_id = :operatorId and id = :id")
                                .param("operatorId", operatorId)
                                .param("id", d.campaignId())
                                .query(Long.class)
                                .single()
                        == 0) {
            throw new NotFoundException();
        }
    }

    private static void positive(List<FieldError> errors, String field, Long value) {
        if (value != null && (value < 1 || value > 1_000_000_000L)) {
            errors.add(new FieldError(field, "rules.capInvalid"));
        }
    }

    private static final String CURRENT = """
            select r.id, r.operator_id, r.status, r.current_version, r.updated_at, v.*
            from rule r join rule_version v
              on v.operator_id = r.operator_id and v.rule_id = r.id and v.version = r.current_version
            """;

    public Rule get(long operatorId, long id) {
        return jdbc.sql(CURRENT + " where r.operator_id = :operatorId and r.id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Rules::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** Every rule but the archived ones (all of them with {@code archived}), by event type, priority and name. */
    public List<Rule> list(long operatorId, boolean archived) {
        return jdbc.sql(CURRENT + """
                         where r.operator_id = :operatorId and (:archived or r.status <> 'ARCHIVED')
                        order by v.event_type, v.priority desc, r.id
                        """)
                .param("operatorId", operatorId)
                .param("archived", archived)
                .query(Rules::map)
                .list();
    }

    public List<Rule> list(long operatorId) {
        return list(operatorId, false);
    }

    public List<Version> versions(long operatorId, long id) {
        get(operatorId, id);
        return jdbc.sql("""
                        select * from rule_version where operator_id = :operatorId and rule_id = :id order by version desc
                        """)
                .param("operatorId", operatorId)
                .param("id", id)
                .query((rs, row) -> new Version(
                        rs.getInt("version"),
                        definition(rs),
                        Rows.nullableLong(rs, "created_by"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** The active and paused rules of {@code eventType}, compiled, with their campaigns, in evaluation order. */
    List<RuleEngine.Candidate> candidates(long operatorId, String eventType) {
        return loaded(operatorId).byType().getOrDefault(eventType, List.of());
    }

    /** Whether events of {@code type} are known to the operator (built in, or added), as cached. */
    boolean knowsType(long operatorId, String type) {
        return type != null && loaded(operatorId).types().contains(type);
    }

    /** The operator's time zone, in which limits count days, weeks and months. */
    java.time.ZoneId zone(long operatorId) {
        return loaded(operatorId).zone();
    }

    private Loaded loaded(long operatorId) {
        Instant now = clock.instant();
        Loaded loaded = cache.get(operatorId);
        if (loaded == null
                || loaded.at().isAfter(now)
                || loaded.at().plusSeconds(CACHE_SECONDS).isBefore(now)) {
            // A change committed while this loads must not be hidden by what this read before it: keep the
            // result only if nothing was invalidated meanwhile.
            long seen = generation.get();
            Loaded fresh = load(operatorId, now);
            cache.compute(operatorId, (id, old) -> generation.get() == seen ? fresh : old);
            loaded = fresh;
        }
        return loaded;
    }

    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    private Loaded load(long operatorId, Instant now) {
        Map<Long, Campaign> campaigns = jdbc
                .sql("select * from campaign where operator_id = :operatorId")
                .param("operatorId", operatorId)
                .query(Campaigns::map)
                .list()
                .stream()
                .collect(Collectors.toMap(Campaign::id, campaign -> campaign));
        Map<String, List<RuleEngine.Candidate>> byType = jdbc
                .sql(CURRENT + " where r.operator_id = :operatorId and r.status in ('ACTIVE', 'PAUSED')")
                .param("operatorId", operatorId)
                .query(Rules::map)
                .list()
                .stream()
                .map(rule -> new RuleEngine.Candidate(
                        rule,
                        conditions.compile(rule.definition().condition()),
                        rule.definition().campaignId() == null
                                ? null
                                : campaigns.get(rule.definition().campaignId())))
                .sorted(RuleEngine.ORDER)
                .collect(Collectors.groupingBy(
                        candidate -> candidate.rule().definition().eventType(),
                        java.util.LinkedHashMap::new,
                        Collectors.toList()));
        java.util.Set<String> types = eventTypes.list(operatorId).stream()
                .map(EventTypes.EventType::code)
                .collect(Collectors.toUnmodifiableSet());
        return new Loaded(now, operators.get(operatorId).timeZone(), byType, types);
    }

    /** A draft rule as the engine would see it, for simulations; the draft must have passed {@link #validate}. */
    RuleEngine.Candidate candidate(long operatorId, Rule draft) {
        Long campaignId = draft.definition().campaignId();
        Campaign campaign = null;
        if (campaignId != null) {
            campaign = jdbc.sql("select * from campaign where operator_id = :operatorId and id = :id")
                    .param("operatorId", operatorId)
                    .param("id", campaignId)
                    .query(Campaigns::map)
                    .optional()
                    .orElseThrow(NotFoundException::new);
        }
        return new RuleEngine.Candidate(
                draft, conditions.compile(draft.definition().condition()), campaign);
    }

    /** Forgets the cached rules of {@code operatorId}, after a change to its rules or campaigns. */
    void invalidate(long operatorId) {
        generation.incrementAndGet();
        cache.remove(operatorId);
        // A reload between now and the commit would still read the old rules: forget them again once committed.
        io.enjoyspace.shared.TransactionEnd.againWhenFinished(() -> {
            generation.incrementAndGet();
            cache.remove(operatorId);
        });
    }

    private static Rule map(ResultSet rs, int row) throws SQLException {
        return new Rule(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                Rule.Status.valueOf(rs.getString("status")),
                rs.getInt("current_version"),
                definition(rs),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static RuleDefinition definition(ResultSet rs) throws SQLException {
        String enterprisePeriod = rs.getString("enterprise_period");
        String budgetPeriod = rs.getString("budget_period");
        Timestamp validFrom = rs.getTimestamp("valid_from");
        Timestamp validUntil = rs.getTimestamp("valid_until");
        Integer points = (Integer) rs.getObject("points");
        return new RuleDefinition(
                rs.getString("name"),
                rs.getString("event_type"),
                rs.getString("condition"),
                Action.valueOf(rs.getString("action")),
                points,
                rs.getBigDecimal("rate"),
                rs.getString("amount_attribute"),
                RuleDefinition.Rounding.valueOf(rs.getString("rounding")),
                new Limits(
                        Rows.nullableLong(rs, "member_daily_cap"),
                        Rows.nullableLong(rs, "member_weekly_cap"),
                        Rows.nullableLong(rs, "member_monthly_cap"),
                        Rows.nullableLong(rs, "member_ever_cap"),
                        Rows.nullableLong(rs, "enterprise_cap"),
                        enterprisePeriod == null ? null : Period.valueOf(enterprisePeriod),
                        Rows.nullableLong(rs, "budget_total"),
                        Rows.nullableLong(rs, "budget_period_cap"),
                        budgetPeriod == null ? null : Period.valueOf(budgetPeriod)),
                validFrom == null ? null : validFrom.toInstant(),
                validUntil == null ? null : validUntil.toInstant(),
                rs.getInt("priority"),
                rs.getBoolean("stop_after"),
                new ExpiryPolicy(ExpiryPolicy.Kind.valueOf(rs.getString("expiry_kind")), rs.getInt("expiry_count")),
                rs.getInt("pending_days"),
                Rows.nullableLong(rs, "campaign_id"),
                Rows.nullableLong(rs, "coupon_template_id"));
    }
}
