package io.enjoyspace.membership;

import io.enjoyspace.booking.ResourceType;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Allowances as a ledger of grants, not a counter: plans grant units per period to the holders of a tier or to their
 * subscribers (once per period, lazily on first read or draw as well as by the monthly job), staff grant purchased,
 * manual and promotional units, and checkout draws on them (see {@link AllowanceCheckout}). A plan with a capped
 * rollover carries unused units of an ended period into the next one.
 */
@Service
public class Allowances {

    static final long MAX_QUANTITY = 100_000_000;
    static final Duration MAX_VALIDITY = Duration.ofDays(5 * 366);

    private final JdbcClient jdbc;
    private final TierEvaluation evaluation;
    private final Tiers tiers;
    private final Members members;
    private final Enterprises enterprises;
    private final Operators operators;
    private final Catalog catalog;
    private final Clock clock;

    Allowances(
            JdbcClient jdbc,
            TierEvaluation evaluation,
            Tiers tiers,
            Members members,
            Enterprises enterprises,
            Operators operators,
            Catalog catalog,
            Clock clock) {
        this.jdbc = jdbc;
        this.evaluation = evaluation;
        this.tiers = tiers;
        this.members = members;
        this.enterprises = enterprises;
        this.operators = operators;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** So many units per period for what is in scope (resource types, catalog categories). */
    public record Plan(
            long id,
            String name,
            AllowanceUnit unit,
            long quantity,
            List<String> resourceTypes,
            List<Long> categoryIds,
            AllowancePeriod period,
            Rollover rollover,
            long rolloverCap,
            Long tierId,
            boolean active) {}

    public record PlanDraft(
            String name,
            AllowanceUnit unit,
            long quantity,
            List<String> resourceTypes,
            List<Long> categoryIds,
            AllowancePeriod period,
            Rollover rollover,
            long rolloverCap,
            Long tierId,
            boolean active) {}

    /** Units granted to a member or a company pool, valid in [validFrom, validUntil). */
    public record Grant(
            long id,
            Audience ownerKind,
            long ownerId,
            AllowanceSource source,
            Long planId,
            AllowanceUnit unit,
            List<String> resourceTypes,
            List<Long> categoryIds,
            String label,
            long quantity,
            long used,
            Instant validFrom,
            Instant validUntil,
            String note,
            boolean replayed) {

        public long remaining() {
            return quantity - used;
        }
    }

    /** A grant by staff; {@code validFrom} null: now. */
    public record GrantCommand(
            AllowanceSource source,
            AllowanceUnit unit,
            long quantity,
            List<String> resourceTypes,
            List<Long> categoryIds,
            String label,
            Instant validFrom,
            Instant validUntil,
            String note) {}

    public List<Plan> plans(long operatorId) {
        return jdbc.sql("select * from allowance_plan where operator_id = :operatorId order by id")
                .param("operatorId", operatorId)
                .query(Allowances::plan)
                .list();
    }

    public Optional<Plan> findPlan(long operatorId, long id) {
        return jdbc.sql("select * from allowance_plan where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Allowances::plan)
                .optional();
    }

    @Transactional
    public Plan createPlan(long operatorId, PlanDraft draft) {
        validate(operatorId, draft);
        long id = jdbc.sql("""
                        insert into allowance_plan (operator_id, name, unit, quantity, resource_types, category_ids,
                                                    period, rollover, rollover_cap, tier_id, active)
                        values (:operatorId, :name, :unit, :quantity, cast(:types as text[]), cast(:categories as bigint[]),
                                :period, :rollover, :cap, :tierId, :active)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .params(planParams(draft))
                .query(Long.class)
                .single();
        return findPlan(operatorId, id).orElseThrow();
    }

    /** Changes apply to periods granted from now on; grants already made keep what they were given. */
    @Transactional
    public Plan updatePlan(long operatorId, long id, PlanDraft draft) {
        findPlan(operatorId, id).orElseThrow(NotFoundException::new);
        validate(operatorId, draft);
        jdbc.sql("""
                        update allowance_plan
                        set name = :name, unit = :unit, quantity = :quantity, resource_types = cast(:types as text[]),
                            category_ids = cast(:categories as bigint[]), period = :period, rollover = :rollover,
                            rollover_cap = :cap, tier_id = :tierId, active = :active
                        where operator_id = :operatorId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("id", id)
                .params(planParams(draft))
                .update();
        return findPlan(operatorId, id).orElseThrow();
    }

    /** Gives a plan without a tier to a member or a company, from the current period on. */
    @Transactional
    public void subscribe(long operatorId, long planId, Audience audience, long ownerId) {
        Plan plan = findPlan(operatorId, planId).orElseThrow(NotFoundException::new);
        if (plan.tierId() != null) {
            throw new InvalidInputException("planId", "membership.plan.tierPlan");
        }
        requireOwner(operatorId, audience, ownerId);
        jdbc.sql("""
                        insert into allowance_subscription (operator_id, plan_id, owner_kind, owner_id)
                        values (:operatorId, :planId, :kind, :ownerId) on conflict do nothing
                        """)
                .param("operatorId", operatorId)
                .param("planId", planId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .update();
    }

    private static java.util.Map<String, Object> planParams(PlanDraft draft) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("name", draft.name().strip());
        params.put("unit", draft.unit().name());
        params.put("quantity", draft.quantity());
        params.put("types", arrayLiteral(draft.resourceTypes()));
        params.put("categories", arrayLiteral(draft.categoryIds()));
        params.put("period", draft.period().name());
        params.put("rollover", draft.rollover().name());
        params.put("cap", draft.rollover() == Rollover.NONE ? 0 : draft.rolloverCap());
        params.put("tierId", draft.tierId());
        params.put("active", draft.active());
        return params;
    }

    private void validate(long operatorId, PlanDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.name() == null
                || draft.name().isBlank()
                || draft.name().strip().length() > 100) {
            errors.add(new FieldError("name", "membership.plan.name"));
        }
        if (draft.unit() == null) {
            errors.add(new FieldError("unit", "membership.allowance.unit"));
        }
        if (draft.quantity() < 1 || draft.quantity() > MAX_QUANTITY) {
            errors.add(new FieldError("quantity", "membership.allowance.quantity", List.of(1, MAX_QUANTITY)));
        }
        scopeErrors(operatorId, draft.resourceTypes(), draft.categoryIds(), errors);
        if (draft.period() == null) {
            errors.add(new FieldError("period", "membership.plan.period"));
        }
        if (draft.rollover() == null) {
            errors.add(new FieldError("rollover", "membership.plan.rollover"));
        } else if (draft.rollover() == Rollover.CAPPED
                && (draft.rolloverCap() < 1 || draft.rolloverCap() > MAX_QUANTITY)) {
            errors.add(new FieldError("rolloverCap", "membership.plan.rolloverCap"));
        }
        if (draft.tierId() != null && tiers.find(operatorId, draft.tierId()).isEmpty()) {
            errors.add(new FieldError("tierId", "membership.plan.tier"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private void scopeErrors(
            long operatorId, List<String> resourceTypes, List<Long> categoryIds, List<FieldError> errors) {
        List<String> types = resourceTypes == null ? List.of() : resourceTypes;
        List<Long> categories = categoryIds == null ? List.of() : categoryIds;
        if (types.isEmpty() && categories.isEmpty()) {
            errors.add(new FieldError("resourceTypes", "membership.allowance.scope"));
        }
        for (String type : types) {
            if (type == null
                    || Arrays.stream(ResourceType.values())
                            .noneMatch(known -> known.name().equals(type))) {
                errors.add(new FieldError("resourceTypes", "membership.allowance.resourceType"));
                break;
            }
        }
        for (Long category : categories) {
            if (category == null || catalog.findCategory(operatorId, category).isEmpty()) {
                errors.add(new FieldError("categoryIds", "membership.allowance.category"));
                break;
            }
        }
    }

    /**
     * Grants units to a member or a company pool. A retry with the same key returns the first grant; the same key for
     * a different grant is a conflict.
     */
    @Transactional
    public Grant grant(
            long operatorId,
            Audience audience,
            long ownerId,
            GrantCommand command,
            IdempotencyKey key,
            Long staffUserId) {
        requireOwner(operatorId, audience, ownerId);
        String fingerprint = IdempotencyKey.fingerprint(audience + "|" + ownerId + "|" + command);
        io.enjoyspace.shared.TransactionLocks.lock(jdbc, "allowance-grant|" + operatorId + "|" + key.value());
        Optional<Grant> earlier = jdbc.sql("""
                        select g.*, true as replayed from allowance_grant g
                        where operator_id = :operatorId and idempotency_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("key", key.value())
                .query(Allowances::grantRow)
                .optional();
        if (earlier.isPresent()) {
            String hash = jdbc.sql("select request_hash from allowance_grant where operator_id = :operatorId"
                            + " and id = :id")
                    .param("operatorId", operatorId)
                    .param("id", earlier.get().id())
                    .query(String.class)
                    .single();
            if (!fingerprint.equals(hash)) {
                throw new ConflictException("membership.allowance.idempotencyConflict", "key used for another grant");
            }
            return earlier.get();
        }
        Instant now = clock.instant();
        Instant from = command.validFrom() == null ? now : command.validFrom();
        List<FieldError> errors = new ArrayList<>();
        if (command.source() == null || command.source().recurring()) {
            errors.add(new FieldError("source", "membership.allowance.source"));
        }
        if (command.unit() == null) {
            errors.add(new FieldError("unit", "membership.allowance.unit"));
        }
        if (command.quantity() < 1 || command.quantity() > MAX_QUANTITY) {
            errors.add(new FieldError("quantity", "membership.allowance.quantity", List.of(1, MAX_QUANTITY)));
        }
        scopeErrors(operatorId, command.resourceTypes(), command.categoryIds(), errors);
        if (command.validUntil() == null
                || !command.validUntil().isAfter(from)
                || !command.validUntil().isAfter(now)
                || Duration.between(from, command.validUntil()).compareTo(MAX_VALIDITY) > 0) {
            errors.add(new FieldError("validUntil", "membership.allowance.validUntil"));
        }
        if (command.label() != null && command.label().strip().length() > 100) {
            errors.add(new FieldError("label", "membership.allowance.label"));
        }
        if (command.note() != null && command.note().length() > 500) {
            errors.add(new FieldError("note", "membership.allowance.note"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String label = command.label() == null || command.label().isBlank()
                ? command.source() + " " + command.unit()
                : command.label().strip();
        long id = jdbc.sql("""
                        insert into allowance_grant (operator_id, owner_kind, owner_id, source, unit, resource_types,
                                                     category_ids, label, quantity, valid_from, valid_until, note,
                                                     granted_by, idempotency_key, request_hash)
                        values (:operatorId, :kind, :ownerId, :source, :unit, cast(:types as text[]),
                                cast(:categories as bigint[]), :label, :quantity, :from, :until, :note, :by, :key, :hash)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .param("source", command.source().name())
                .param("unit", command.unit().name())
                .param("types", arrayLiteral(command.resourceTypes()))
                .param("categories", arrayLiteral(command.categoryIds()))
                .param("label", label)
                .param("quantity", command.quantity())
                .param("from", Timestamp.from(from))
                .param("until", Timestamp.from(command.validUntil()))
                .param("note", command.note())
                .param("by", staffUserId)
                .param("key", key.value())
                .param("hash", fingerprint)
                .query(Long.class)
                .single();
        return grantById(operatorId, id);
    }

    Grant grantById(long operatorId, long id) {
        return jdbc.sql("select g.*, false as replayed from allowance_grant g where operator_id = :operatorId"
                        + " and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Allowances::grantRow)
                .single();
    }

    /** The owner's grants, newest validity first: only those valid now when {@code currentOnly}. */
    @Transactional
    public List<Grant> grants(long operatorId, Audience audience, long ownerId, boolean currentOnly) {
        requireOwner(operatorId, audience, ownerId);
        Instant now = clock.instant();
        ensurePeriodicGrants(operatorId, audience, ownerId, now);
        return jdbc.sql("""
                        select g.*, false as replayed from allowance_grant g
                        where operator_id = :operatorId and owner_kind = :kind and owner_id = :ownerId
                          and (not :currentOnly or (valid_from <= :now and valid_until > :now))
                        order by valid_until desc, id desc limit 200
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .param("currentOnly", currentOnly)
                .param("now", Timestamp.from(now))
                .query(Allowances::grantRow)
                .list();
    }

    /** What a member can draw on now: the member's own grants, then the company pool's. */
    @Transactional
    public List<Grant> meters(long operatorId, long memberId) {
        Member member = members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        List<Grant> meters = new ArrayList<>(grants(operatorId, Audience.MEMBER, memberId, true));
        if (member.enterpriseId() != null) {
            meters.addAll(grants(operatorId, Audience.ENTERPRISE, member.enterpriseId(), true));
        }
        return meters;
    }

    private void requireOwner(long operatorId, Audience audience, long ownerId) {
        boolean exists = audience == Audience.MEMBER
                ? members.find(operatorId, ownerId).isPresent()
                : enterprises.find(operatorId, ownerId).isPresent();
        if (!exists) {
            throw new NotFoundException();
        }
    }

    /** One period of a plan: [from, until), and its key. */
    record Span(Instant from, Instant until, String key) {}

    /**
     * Makes sure the owner holds every plan grant of the period that contains {@code at}: the plans of its tier now
     * and the plans it subscribes to, plus the capped rollover of the period before when that one has ended.
     */
    void ensurePeriodicGrants(long operatorId, Audience audience, long ownerId, Instant at) {
        Long tierId =
                evaluation.tierOf(operatorId, audience, ownerId).map(Tier::id).orElse(null);
        List<Plan> plans = plansOf.get(
                List.of(operatorId, audience, ownerId, tierId == null ? -1L : tierId),
                key -> plans(operatorId, audience, ownerId, tierId));
        if (plans.isEmpty()) {
            return;
        }
        ZoneId zone = operators.get(operatorId).timeZone();
        LocalDate anchor = plans.stream().anyMatch(plan -> plan.period() == AllowancePeriod.CONTRACT_MONTH)
                ? anchors.get(
                                List.of(operatorId, audience, ownerId),
                                key -> Optional.ofNullable(contractAnchor(operatorId, audience, ownerId)))
                        .orElse(null)
                : null;
        Instant now = clock.instant();
        for (Plan plan : plans) {
            Span span = spanOf(plan.period(), anchor, at, zone);
            String grantKey = operatorId + "|" + audience + "|" + ownerId + "|" + plan.id() + "|" + span.key();
            if (!granted.contains(grantKey)) {
                insertPlanGrant(operatorId, audience, ownerId, plan, span, span.key(), plan.quantity(), plan.name());
                rememberGranted(grantKey);
            }
            if (plan.rollover() == Rollover.CAPPED && !granted.contains("rollover|" + grantKey)) {
                Span previous = spanOf(plan.period(), anchor, span.from().minusNanos(1), zone);
                if (!previous.until().isAfter(now)) {
                    Long unused = jdbc.sql("""
                                    select quantity - used from allowance_grant
                                    where operator_id = :operatorId and owner_kind = :kind and owner_id = :ownerId
                                      and plan_id = :planId and period_key = :key
                                    """)
                            .param("operatorId", operatorId)
                            .param("kind", audience.name())
                            .param("ownerId", ownerId)
                            .param("planId", plan.id())
                            .param("key", previous.key())
                            .query(Long.class)
                            .optional()
                            .orElse(0L);
                    long carried = Math.min(unused, plan.rolloverCap());
                    if (carried > 0) {
                        insertPlanGrant(
                                operatorId,
                                audience,
                                ownerId,
                                plan,
                                span,
                                "rollover:" + span.key(),
                                carried,
                                plan.name() + " (rollover)");
                    }
                    // The previous period has ended: what it left over is settled and need not be looked at again.
                    rememberGranted("rollover|" + grantKey);
                }
            }
        }
    }

    /**
     * The plans that grant to the owner: its tier's (read once per transaction for all the tier's holders) and those
     * it subscribes to (asked only when someone of its kind subscribes to a plan at all).
     */
    private List<Plan> plans(long operatorId, Audience audience, long ownerId, Long tierId) {
        List<Plan> plans = new ArrayList<>();
        if (tierId != null) {
            plans.addAll(tierPlans.get(
                    List.of(operatorId, tierId),
                    key -> jdbc.sql("""
                            select p.* from allowance_plan p
                            where p.operator_id = :operatorId and p.active and p.tier_id = :tierId
                            """)
                            .param("operatorId", operatorId)
                            .param("tierId", tierId)
                            .query(Allowances::plan)
                            .list()));
        }
        boolean anySubscription = subscribed.get(
                List.of(operatorId, audience),
                key -> jdbc.sql("""
                        select exists (select 1 from allowance_subscription s
                                       join allowance_plan p on p.operator_id = s.operator_id and p.id = s.plan_id
                                       where s.operator_id = :operatorId and s.owner_kind = :kind and p.active
                                         and p.tier_id is null)
                        """)
                        .param("operatorId", operatorId)
                        .param("kind", audience.name())
                        .query(Boolean.class)
                        .single());
        if (anySubscription) {
            plans.addAll(jdbc.sql("""
                            select p.* from allowance_plan p
                            where p.operator_id = :operatorId and p.active and p.tier_id is null
                              and exists (select 1 from allowance_subscription s
                                          where s.operator_id = p.operator_id and s.plan_id = p.id
                                            and s.owner_kind = :kind and s.owner_id = :ownerId)
                            """)
                    .param("operatorId", operatorId)
                    .param("kind", audience.name())
                    .param("ownerId", ownerId)
                    .query(Allowances::plan)
                    .list());
        }
        return plans;
    }

    /**
     * The period grants known to exist (committed): a grant is never deleted, so asking to insert one of these again
     * would only find it there. Every checkout ensures the member's and the company's grants; this spares the inserts.
     */
    private final java.util.Set<String> granted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The plans that grant to an owner, read once per transaction (a batch of checkouts shares a company's). */
    private final io.enjoyspace.shared.TransactionMemo<List<Object>, List<Plan>> plansOf =
            new io.enjoyspace.shared.TransactionMemo<>();

    private final io.enjoyspace.shared.TransactionMemo<List<Object>, List<Plan>> tierPlans =
            new io.enjoyspace.shared.TransactionMemo<>();

    private final io.enjoyspace.shared.TransactionMemo<List<Object>, Boolean> subscribed =
            new io.enjoyspace.shared.TransactionMemo<>();

    /** An owner's contract anchor (its company's lease start), read once per transaction. */
    private final io.enjoyspace.shared.TransactionMemo<List<Object>, Optional<LocalDate>> anchors =
            new io.enjoyspace.shared.TransactionMemo<>();

    private void rememberGranted(String grantKey) {
        io.enjoyspace.shared.TransactionEnd.whenCommitted(() -> {
            if (granted.size() > 100_000) {
                granted.clear();
            }
            granted.add(grantKey);
        });
    }

    private void insertPlanGrant(
            long operatorId,
            Audience audience,
            long ownerId,
            Plan plan,
            Span span,
            String periodKey,
            long quantity,
            String label) {
        jdbc.sql("""
                        insert into allowance_grant (operator_id, owner_kind, owner_id, source, plan_id, unit,
                                                     resource_types, category_ids, label, quantity, valid_from,
                                                     valid_until, period_key)
                        values (:operatorId, :kind, :ownerId, :source, :planId, :unit, cast(:types as text[]),
                                cast(:categories as bigint[]), :label, :quantity, :from, :until, :key)
                        on conflict do nothing
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .param("source", plan.tierId() != null ? AllowanceSource.TIER.name() : AllowanceSource.PLAN.name())
                .param("planId", plan.id())
                .param("unit", plan.unit().name())
                .param("types", arrayLiteral(plan.resourceTypes()))
                .param("categories", arrayLiteral(plan.categoryIds()))
                .param("label", label)
                .param("quantity", quantity)
                .param("from", Timestamp.from(span.from()))
                .param("until", Timestamp.from(span.until()))
                .param("key", periodKey)
                .update();
    }

    /** A contract month starts on the day of the month the company's lease started (a member: the company's). */
    private LocalDate contractAnchor(long operatorId, Audience audience, long ownerId) {
        Long enterpriseId = audience == Audience.ENTERPRISE
                ? Long.valueOf(ownerId)
                : members.find(operatorId, ownerId).map(Member::enterpriseId).orElse(null);
        if (enterpriseId != null) {
            Optional<Enterprise> enterprise = enterprises.find(operatorId, enterpriseId);
            if (enterprise.isPresent() && enterprise.get().lease() != null) {
                return enterprise.get().lease().startsOn();
            }
        }
        return audience == Audience.MEMBER
                ? members.find(operatorId, ownerId).map(Member::registeredOn).orElse(null)
                : null;
    }

    /** The period of the kind that contains {@code at}; a contract month without an anchor is a calendar month. */
    static Span spanOf(AllowancePeriod period, LocalDate anchor, Instant at, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        if (period == AllowancePeriod.CALENDAR_MONTH || anchor == null) {
            YearMonth month = YearMonth.from(day);
            return new Span(
                    month.atDay(1).atStartOfDay(zone).toInstant(),
                    month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant(),
                    month.toString());
        }
        int anchorDay = anchor.getDayOfMonth();
        LocalDate start = startIn(YearMonth.from(day), anchorDay);
        if (start.isAfter(day)) {
            start = startIn(YearMonth.from(day).minusMonths(1), anchorDay);
        }
        LocalDate end = startIn(YearMonth.from(start).plusMonths(1), anchorDay);
        return new Span(
                start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant(), "contract:" + start);
    }

    private static LocalDate startIn(YearMonth month, int anchorDay) {
        return month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
    }

    static String arrayLiteral(List<?> values) {
        if (values == null || values.isEmpty()) {
            return "{}";
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            literal.append(i == 0 ? "" : ",").append(values.get(i));
        }
        return literal.append('}').toString();
    }

    static Plan plan(ResultSet rs, int row) throws SQLException {
        return new Plan(
                rs.getLong("id"),
                rs.getString("name"),
                AllowanceUnit.valueOf(rs.getString("unit")),
                rs.getLong("quantity"),
                strings(rs.getArray("resource_types")),
                longs(rs.getArray("category_ids")),
                AllowancePeriod.valueOf(rs.getString("period")),
                Rollover.valueOf(rs.getString("rollover")),
                rs.getLong("rollover_cap"),
                (Long) rs.getObject("tier_id"),
                rs.getBoolean("active"));
    }

    static Grant grantRow(ResultSet rs, int row) throws SQLException {
        return new Grant(
                rs.getLong("id"),
                Audience.valueOf(rs.getString("owner_kind")),
                rs.getLong("owner_id"),
                AllowanceSource.valueOf(rs.getString("source")),
                (Long) rs.getObject("plan_id"),
                AllowanceUnit.valueOf(rs.getString("unit")),
                strings(rs.getArray("resource_types")),
                longs(rs.getArray("category_ids")),
                rs.getString("label"),
                rs.getLong("quantity"),
                rs.getLong("used"),
                rs.getTimestamp("valid_from").toInstant(),
                rs.getTimestamp("valid_until").toInstant(),
                rs.getString("note"),
                rs.getBoolean("replayed"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : List.of((Long[]) array.getArray());
    }
}
