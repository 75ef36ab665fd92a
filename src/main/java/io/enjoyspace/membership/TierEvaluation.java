package io.enjoyspace.membership;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Operators;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps members and companies on the tier their activity earns: counts activity into a monthly rollup, upgrades the
 * moment it qualifies, and at the end of each month lowers a holder whose month did not qualify, by the program's
 * policy and grace. Months are calendar months in the operator's time zone. Work on one holder is serialised by a
 * transaction-scoped lock, so an upgrade and a month's close never interleave.
 */
@Service
public class TierEvaluation {

    private final JdbcClient jdbc;
    private final Tiers tiers;
    private final Operators operators;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transaction;

    TierEvaluation(
            JdbcClient jdbc,
            Tiers tiers,
            Operators operators,
            ApplicationEventPublisher events,
            Clock clock,
            TransactionTemplate transaction) {
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.tiers = tiers;
        this.operators = operators;
        this.events = events;
        this.clock = clock;
    }

    /** A holder's tier, the next one and how far away it is, and the latest changes. */
    public record Standing(
            Audience audience,
            long ownerId,
            Tier tier,
            Tier next,
            Measure measure,
            long value,
            long toNext,
            YearMonth month,
            List<Change> history) {}

    /** One recorded change; codes are null for no tier. */
    public record Change(
            String fromTierCode,
            String toTierCode,
            String reason,
            Long measureValue,
            String detail,
            Instant changedAt) {}

    ZoneId zone(long operatorId) {
        return operators.get(operatorId).timeZone();
    }

    YearMonth monthOf(long operatorId, Instant at) {
        return YearMonth.from(at.atZone(zone(operatorId)));
    }

    /**
     * The holder's tier now: the one held above the entry level, else the entry level (if the operator has one). Within
     * a transaction the answer is remembered until this class moves a holder (a checkout asks for the member's tier for
     * its price, its allowances, its rewards and its counting).
     */
    public Optional<Tier> tierOf(long operatorId, Audience audience, long ownerId) {
        Map<String, Optional<Tier>> known = knownTiers();
        String key = operatorId + "|" + audience + "|" + ownerId;
        if (known != null) {
            Optional<Tier> tier = known.get(key);
            if (tier == null) {
                tier = readTier(operatorId, audience, ownerId);
                known.put(key, tier);
            }
            return tier;
        }
        return readTier(operatorId, audience, ownerId);
    }

    /**
     * The tiers of many owners, read in one statement (those this transaction has read already are not asked again),
     * and remembered for the rest of the transaction as {@link #tierOf} remembers one.
     */
    public Map<Long, Optional<Tier>> tiersOf(long operatorId, Audience audience, java.util.Collection<Long> ownerIds) {
        Map<String, Optional<Tier>> known = knownTiers();
        Map<Long, Optional<Tier>> found = new java.util.HashMap<>();
        List<Long> unknown = new java.util.ArrayList<>();
        for (long ownerId : new java.util.LinkedHashSet<>(ownerIds)) {
            Optional<Tier> tier = known == null ? null : known.get(operatorId + "|" + audience + "|" + ownerId);
            if (tier != null) {
                found.put(ownerId, tier);
            } else {
                unknown.add(ownerId);
            }
        }
        if (unknown.isEmpty()) {
            return found;
        }
        Map<Long, Tier> held = new java.util.HashMap<>();
        jdbc.sql("""
                        select h.owner_id as holder_id, t.* from tier_holder h
                        join membership_tier t on t.operator_id = h.operator_id and t.id = h.tier_id
                        where h.operator_id = :operatorId and h.owner_kind = :kind
                          and h.owner_id = any(cast(:owners as bigint[]))
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("owners", unknown.toArray(Long[]::new))
                .query((rs, row) -> held.put(rs.getLong("holder_id"), Tiers.tier(rs, row)))
                .list();
        Optional<Tier> entry = tiers.list(operatorId, audience).stream()
                .filter(tier -> tier.rank() == 0)
                .findFirst();
        for (long ownerId : unknown) {
            Optional<Tier> tier = held.containsKey(ownerId) ? Optional.of(held.get(ownerId)) : entry;
            found.put(ownerId, tier);
            if (known != null) {
                known.put(operatorId + "|" + audience + "|" + ownerId, tier);
            }
        }
        return found;
    }

    private static final Object KNOWN_TIERS = new Object();

    /** The tiers read in the current transaction, or null outside one. */
    @SuppressWarnings("unchecked")
    private static Map<String, Optional<Tier>> knownTiers() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<String, Optional<Tier>> known =
                (Map<String, Optional<Tier>>) TransactionSynchronizationManager.getResource(KNOWN_TIERS);
        if (known == null) {
            Map<String, Optional<Tier>> created = new java.util.HashMap<>();
            TransactionSynchronizationManager.bindResource(KNOWN_TIERS, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KNOWN_TIERS);
                }
            });
            known = created;
        }
        return known;
    }

    /** Forgets the tiers read in this transaction: a holder is about to move. */
    private static void forgetTiers() {
        Map<String, Optional<Tier>> known = knownTiers();
        if (known != null) {
            known.clear();
        }
    }

    private Optional<Tier> readTier(long operatorId, Audience audience, long ownerId) {
        Optional<Tier> held = jdbc.sql("""
                        select t.* from tier_holder h join membership_tier t on t.operator_id = h.operator_id and t.id = h.tier_id
                        where h.operator_id = :operatorId and h.owner_kind = :kind and h.owner_id = :ownerId
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .query(Tiers::tier)
                .optional();
        if (held.isPresent()) {
            return held;
        }
        return tiers.list(operatorId, audience).stream()
                .filter(tier -> tier.rank() == 0)
                .findFirst();
    }

    /** How many members hold a tier now. */
    public record TierCount(String code, String name, int rank, long members) {}

    /**
     * The members on each member tier now, lowest first (the entry level counts every member who holds no higher
     * tier), optionally of one site or company; empty when the operator has no member tiers.
     */
    public List<TierCount> census(long operatorId, Long siteId, Long enterpriseId) {
        List<Tier> ladder = tiers.list(operatorId, Audience.MEMBER);
        if (ladder.isEmpty()) {
            return List.of();
        }
        long entry = ladder.stream()
                .filter(tier -> tier.rank() == 0)
                .findFirst()
                .map(Tier::id)
                .orElse(-1L);
        java.util.Map<Long, Long> counts = new java.util.HashMap<>();
        jdbc.sql("""
                        select coalesce(h.tier_id, :entry) as tier_id, count(*) as members
                        from member m
                        left join tier_holder h on h.operator_id = m.operator_id and h.owner_kind = 'MEMBER'
                                               and h.owner_id = m.id
                        where m.operator_id = :operatorId
                          and (cast(:siteId as bigint) is null or m.site_id = :siteId)
                          and (cast(:enterpriseId as bigint) is null or m.enterprise_id = :enterpriseId)
                        group by 1
                        """)
                .param("entry", entry)
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .param("enterpriseId", enterpriseId)
                .query(rs -> {
                    counts.put(rs.getLong("tier_id"), rs.getLong("members"));
                });
        return ladder.stream()
                .map(tier -> new TierCount(tier.code(), tier.name(), tier.rank(), counts.getOrDefault(tier.id(), 0L)))
                .toList();
    }

    /**
     * The members whose tier now has the code: its holders, and for the entry level every member who holds no higher
     * tier. None for a code the operator does not use.
     */
    public java.util.List<Long> membersWithTier(long operatorId, String tierCode) {
        Optional<Tier> tier = tiers.findByCode(operatorId, Audience.MEMBER, tierCode);
        if (tier.isEmpty()) {
            return java.util.List.of();
        }
        if (tier.get().rank() == 0) {
            return jdbc.sql("""
                            select m.id from member m
                            where m.operator_id = :operatorId
                              and not exists (
                                  select 1 from tier_holder h
                                  where h.operator_id = m.operator_id and h.owner_kind = 'MEMBER' and h.owner_id = m.id
                                    and h.tier_id <> :tierId)
                            order by m.id
                            """)
                    .param("operatorId", operatorId)
                    .param("tierId", tier.get().id())
                    .query(Long.class)
                    .list();
        }
        return jdbc.sql("""
                        select owner_id from tier_holder
                        where operator_id = :operatorId and owner_kind = 'MEMBER' and tier_id = :tierId
                        order by owner_id
                        """)
                .param("operatorId", operatorId)
                .param("tierId", tier.get().id())
                .query(Long.class)
                .list();
    }

    /** Closes the holder's ended months first, so what is shown is never a tier that should have fallen. */
    @Transactional
    public Standing standing(long operatorId, Audience audience, long ownerId) {
        closeEndedMonths(operatorId, audience, ownerId);
        TierProgram program = tiers.program(operatorId, audience);
        YearMonth month = monthOf(operatorId, clock.instant());
        long value = measureValue(operatorId, audience, ownerId, program.measure(), month);
        Optional<Tier> tier = tierOf(operatorId, audience, ownerId);
        int rank = tier.map(Tier::rank).orElse(-1);
        Tier next = tiers.list(operatorId, audience).stream()
                .filter(candidate -> candidate.rank() > rank)
                .findFirst()
                .orElse(null);
        List<Change> history = jdbc.sql("""
                        select f.code as from_code, t.code as to_code, c.reason, c.measure_value, c.detail, c.changed_at
                        from tier_change c
                        left join membership_tier f on f.operator_id = c.operator_id and f.id = c.from_tier_id
                        left join membership_tier t on t.operator_id = c.operator_id and t.id = c.to_tier_id
                        where c.operator_id = :operatorId and c.owner_kind = :kind and c.owner_id = :ownerId
                        order by c.id desc limit 20
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .query((rs, row) -> new Change(
                        rs.getString("from_code"),
                        rs.getString("to_code"),
                        rs.getString("reason"),
                        (Long) rs.getObject("measure_value"),
                        rs.getString("detail"),
                        rs.getTimestamp("changed_at").toInstant()))
                .list();
        return new Standing(
                audience,
                ownerId,
                tier.orElse(null),
                next,
                program.measure(),
                value,
                next == null ? 0 : Math.max(0, next.threshold() - value),
                month,
                history);
    }

    /**
     * Counts one fact (once per {@code factKey}) for the member, in the month of {@code at}, and upgrades the member if
     * the count qualifies; the company's share (when set) is queued and counted within seconds by
     * {@link #countCompanies}, so a company's employees never wait on each other's checkouts.
     */
    @Transactional
    public void count(
            long operatorId,
            long memberId,
            Long enterpriseId,
            String factKey,
            Instant at,
            int uses,
            long spendMinor,
            long growthPoints) {
        countAll(
                operatorId, List.of(new Activity(memberId, enterpriseId, factKey, at, uses, spendMinor, growthPoints)));
    }

    /** One fact of qualifying activity, as {@link #count} takes it; {@code enterpriseId} is the company that shares it. */
    public record Activity(
            long memberId,
            Long enterpriseId,
            String factKey,
            Instant at,
            int uses,
            long spendMinor,
            long growthPoints) {}

    /**
     * Counts many facts at once (the paid orders of a group commit), as {@link #count} would one by one: the facts,
     * the members' monthly rows and the companies' queued shares in one statement, whatever their number. Then the
     * members counted now are upgraded where their activity earns it (one read finds them); a member counted
     * several times moves once, straight to the tier the sum earns.
     */
    @Transactional
    public void countAll(long operatorId, List<Activity> activity) {
        List<Long> counted = insertCounts(operatorId, activity, false);
        if (counted.isEmpty()) {
            return;
        }
        List<Tier> ladder = tiers.list(operatorId, Audience.MEMBER);
        if (!ladder.isEmpty()) {
            upgradeWhereDue(operatorId, counted, ladder, tiers.program(operatorId, Audience.MEMBER));
        }
    }

    /** Points a member earned in one ledger transaction, as {@link #countGrowth} takes them. */
    public record Earned(long memberId, String factKey, Instant at, long points) {}

    /**
     * Counts the growth points of many awards at once (each once per fact key), as {@link #countAll} counts other
     * facts; each member's company is the one the member belongs to now. Members are then upgraded when the member
     * programme measures growth points; under another measure points cannot move a tier.
     */
    @Transactional
    public void countGrowth(long operatorId, List<Earned> earned) {
        List<Activity> activity = earned.stream()
                .map(one -> new Activity(one.memberId(), null, one.factKey(), one.at(), 0, 0, one.points()))
                .toList();
        List<Long> counted = insertCounts(operatorId, activity, true);
        if (counted.isEmpty()) {
            return;
        }
        List<Tier> ladder = tiers.list(operatorId, Audience.MEMBER);
        if (ladder.isEmpty()) {
            return;
        }
        TierProgram program = tiers.program(operatorId, Audience.MEMBER);
        if (program.measure() == Measure.GROWTH_POINTS_12_MONTHS) {
            upgradeWhereDue(operatorId, counted, ladder, program);
        }
    }

    /**
     * Inserts the facts not counted before (the first of each key in the list), adds them to their members' months and
     * queues their companies' shares, in one statement; answers the members counted now, in id order. The company is
     * the fact's own, or with {@code companyOfMember} the one the member belongs to.
     */
    private List<Long> insertCounts(long operatorId, List<Activity> activity, boolean companyOfMember) {
        Map<String, Activity> unique = new LinkedHashMap<>();
        activity.forEach(one -> unique.putIfAbsent(one.factKey(), one));
        if (unique.isEmpty()) {
            return List.of();
        }
        ZoneId zone = zone(operatorId);
        int size = unique.size();
        Long[] members = new Long[size];
        Long[] enterprises = new Long[size];
        String[] keys = new String[size];
        Date[] months = new Date[size];
        Integer[] uses = new Integer[size];
        Long[] spend = new Long[size];
        Long[] growth = new Long[size];
        int i = 0;
        for (Activity one : unique.values()) {
            members[i] = one.memberId();
            enterprises[i] = one.enterpriseId();
            keys[i] = one.factKey();
            months[i] = Date.valueOf(YearMonth.from(one.at().atZone(zone)).atDay(1));
            uses[i] = one.uses();
            spend[i] = one.spendMinor();
            growth[i] = one.growthPoints();
            i++;
        }
        return jdbc.sql("""
                        with input (member_id, enterprise_id, fact_key, month, uses, spend_minor, growth_points) as (
                            select * from unnest(cast(:members as bigint[]), cast(:enterprises as bigint[]),
                                                 cast(:keys as text[]), cast(:months as date[]), cast(:uses as int[]),
                                                 cast(:spend as bigint[]), cast(:growth as bigint[]))
                        ), fresh as (
                            insert into membership_activity_fact (operator_id, fact_key, owner_id, month)
                            select :operatorId, fact_key, member_id, month from input
                            on conflict do nothing
                            returning fact_key
                        ), counted as (
                            select i.* from input i join fresh f on f.fact_key = i.fact_key
                        ), added as (
                            insert into membership_activity as a (operator_id, owner_kind, owner_id, month, uses,
                                                                  spend_minor, growth_points)
                            select :operatorId, 'MEMBER', member_id, month, sum(uses), sum(spend_minor),
                                   sum(growth_points)
                            from counted
                            group by member_id, month
                            order by member_id, month
                            on conflict (operator_id, owner_kind, owner_id, month) do update
                            set uses = a.uses + excluded.uses,
                                spend_minor = a.spend_minor + excluded.spend_minor,
                                growth_points = a.growth_points + excluded.growth_points
                            returning owner_id
                        ), shares as (
                            insert into membership_enterprise_pending (operator_id, enterprise_id, month, uses,
                                                                       spend_minor, growth_points)
                            select :operatorId, s.enterprise_id, s.month, sum(s.uses), sum(s.spend_minor),
                                   sum(s.growth_points)
                            from (select case when :companyOfMember then m.enterprise_id else c.enterprise_id end
                                             as enterprise_id,
                                         c.month, c.uses, c.spend_minor, c.growth_points
                                  from counted c
                                  left join member m on :companyOfMember and m.operator_id = :operatorId
                                                    and m.id = c.member_id) s
                            where s.enterprise_id is not null
                            group by s.enterprise_id, s.month
                        )
                        select distinct owner_id from added order by owner_id
                        """)
                .param("operatorId", operatorId)
                .param("members", members)
                .param("enterprises", enterprises)
                .param("keys", keys)
                .param("months", months)
                .param("uses", uses)
                .param("spend", spend)
                .param("growth", growth)
                .param("companyOfMember", companyOfMember)
                .query(Long.class)
                .list();
    }

    /**
     * Upgrades the members as {@link #upgradeIfQualified} would each of them, in a few statements for all: under their
     * locks, one read finds those whose activity now earns a higher tier than the one they hold and those with an
     * ended month to close first (which can lower the tier held), and only those are evaluated one by one. Every other
     * member would have been left as is.
     */
    private void upgradeWhereDue(long operatorId, List<Long> memberIds, List<Tier> ladder, TierProgram program) {
        TransactionLocks.lockAll(
                jdbc,
                memberIds.stream()
                        .map(memberId -> lockName(operatorId, Audience.MEMBER, memberId))
                        .toList());
        YearMonth month = monthOf(operatorId, clock.instant());
        YearMonth first = program.measure() == Measure.USES_PER_MONTH ? month : month.minusMonths(11);
        int entryRank = ladder.stream().anyMatch(tier -> tier.rank() == 0) ? 0 : -1;
        List<Long> due = new ArrayList<>();
        jdbc.sql("""
                        select i.member_id, h.evaluated_through, t.rank as held_rank,
                               (select coalesce(sum(%s), 0) from membership_activity a
                                where a.operator_id = :operatorId and a.owner_kind = 'MEMBER'
                                  and a.owner_id = i.member_id and a.month between :first and :last) as value
                        from unnest(cast(:members as bigint[])) as i (member_id)
                        left join tier_holder h on h.operator_id = :operatorId and h.owner_kind = 'MEMBER'
                                               and h.owner_id = i.member_id
                        left join membership_tier t on t.operator_id = h.operator_id and t.id = h.tier_id
                        order by i.member_id
                        """.formatted(measureColumn(program.measure())))
                .param("operatorId", operatorId)
                .param("first", Date.valueOf(first.atDay(1)))
                .param("last", Date.valueOf(month.atDay(1)))
                .param("members", memberIds.toArray(Long[]::new))
                .query(rs -> {
                    Date evaluatedThrough = rs.getDate("evaluated_through");
                    boolean monthsToClose = evaluatedThrough != null
                            && YearMonth.from(evaluatedThrough.toLocalDate())
                                    .plusMonths(1)
                                    .isBefore(month);
                    int heldRank = rs.getObject("held_rank") == null ? entryRank : rs.getInt("held_rank");
                    int earnedRank = qualifying(ladder, rs.getLong("value"))
                            .map(Tier::rank)
                            .orElse(-1);
                    if (monthsToClose || earnedRank > heldRank) {
                        due.add(rs.getLong("member_id"));
                    }
                });
        for (long memberId : due) {
            upgradeIfQualified(operatorId, Audience.MEMBER, memberId);
        }
    }

    /** The company's share of a fact, counted by {@link #countCompanies} (see V48__membership_enterprise_queue.sql). */
    private void queueForCompany(
            long operatorId, long enterpriseId, LocalDate month, int uses, long spendMinor, long growthPoints) {
        jdbc.sql("""
                        insert into membership_enterprise_pending (operator_id, enterprise_id, month, uses, spend_minor,
                                                                   growth_points)
                        values (:operatorId, :enterpriseId, :month, :uses, :spend, :growth)
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .param("month", Date.valueOf(month))
                .param("uses", uses)
                .param("spend", spendMinor)
                .param("growth", growthPoints)
                .update();
    }

    /**
     * Folds up to {@code batch} queued company shares into the companies' monthly activity and upgrades each company
     * concerned, in one transaction; answers how many shares it took. Several nodes may run it: rows are taken with
     * SKIP LOCKED, and each company's work is serialised by its holder lock.
     */
    public int countCompanies(int batch) {
        Integer taken = transaction.execute(status -> {
            List<CompanyShare> shares = jdbc.sql("""
                            with taken as (
                                delete from membership_enterprise_pending
                                where id in (select id from membership_enterprise_pending order by id
                                             limit :batch for update skip locked)
                                returning operator_id, enterprise_id, month, uses, spend_minor, growth_points
                            )
                            select operator_id, enterprise_id, month, sum(uses) as uses, sum(spend_minor) as spend,
                                   sum(growth_points) as growth, count(*) as shares
                            from taken
                            group by operator_id, enterprise_id, month
                            order by operator_id, enterprise_id, month
                            """)
                    .param("batch", batch)
                    .query((rs, row) -> new CompanyShare(
                            rs.getLong("operator_id"),
                            rs.getLong("enterprise_id"),
                            rs.getDate("month").toLocalDate(),
                            rs.getInt("uses"),
                            rs.getLong("spend"),
                            rs.getLong("growth"),
                            rs.getInt("shares")))
                    .list();
            int count = 0;
            for (CompanyShare share : shares) {
                lock(share.operatorId(), Audience.ENTERPRISE, share.enterpriseId());
                add(
                        share.operatorId(),
                        Audience.ENTERPRISE,
                        share.enterpriseId(),
                        share.month(),
                        share.uses(),
                        share.spend(),
                        share.growth());
                count += share.shares();
            }
            shares.stream()
                    .map(share -> List.of(share.operatorId(), share.enterpriseId()))
                    .distinct()
                    .forEach(company -> upgradeIfQualified(company.get(0), Audience.ENTERPRISE, company.get(1)));
            return count;
        });
        return taken == null ? 0 : taken;
    }

    private record CompanyShare(
            long operatorId, long enterpriseId, LocalDate month, int uses, long spend, long growth, int shares) {}

    /**
     * Takes back part of a fact counted earlier ({@code earlierKey}), in the month it was counted in, once per
     * {@code factKey}: a refund lowers the spend of the month of the payment.
     */
    @Transactional
    public void uncount(
            long operatorId, Long enterpriseId, String earlierKey, String factKey, int uses, long spendMinor) {
        record Earlier(long memberId, LocalDate month) {}
        Optional<Earlier> earlier = jdbc.sql("""
                        select owner_id, month from membership_activity_fact
                        where operator_id = :operatorId and fact_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("key", earlierKey)
                .query((rs, row) ->
                        new Earlier(rs.getLong("owner_id"), rs.getDate("month").toLocalDate()))
                .optional();
        if (earlier.isEmpty()) {
            return;
        }
        int inserted = jdbc.sql("""
                        insert into membership_activity_fact (operator_id, fact_key, owner_id, month)
                        values (:operatorId, :key, :memberId, :month)
                        on conflict do nothing
                        """)
                .param("operatorId", operatorId)
                .param("key", factKey)
                .param("memberId", earlier.get().memberId())
                .param("month", Date.valueOf(earlier.get().month()))
                .update();
        if (inserted == 0) {
            return;
        }
        add(operatorId, Audience.MEMBER, earlier.get().memberId(), earlier.get().month(), -uses, -spendMinor, 0);
        if (enterpriseId != null) {
            queueForCompany(operatorId, enterpriseId, earlier.get().month(), -uses, -spendMinor, 0);
        }
    }

    private void add(
            long operatorId,
            Audience audience,
            long ownerId,
            LocalDate month,
            int uses,
            long spendMinor,
            long growthPoints) {
        jdbc.sql("""
                        insert into membership_activity (operator_id, owner_kind, owner_id, month, uses, spend_minor,
                                                         growth_points)
                        values (:operatorId, :kind, :ownerId, :month, :uses, :spend, :growth)
                        on conflict (operator_id, owner_kind, owner_id, month) do update
                        set uses = membership_activity.uses + excluded.uses,
                            spend_minor = membership_activity.spend_minor + excluded.spend_minor,
                            growth_points = membership_activity.growth_points + excluded.growth_points
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .param("month", Date.valueOf(month))
                .param("uses", uses)
                .param("spend", spendMinor)
                .param("growth", growthPoints)
                .update();
    }

    /** The measure over its window ending with {@code month}: that month's uses, or twelve months of spend or points. */
    long measureValue(long operatorId, Audience audience, long ownerId, Measure measure, YearMonth month) {
        YearMonth first = measure == Measure.USES_PER_MONTH ? month : month.minusMonths(11);
        return jdbc.sql("select coalesce(sum(" + measureColumn(measure) + "), 0) from membership_activity"
                        + " where operator_id = :operatorId and owner_kind = :kind and owner_id = :ownerId"
                        + " and month between :first and :last")
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .param("first", Date.valueOf(first.atDay(1)))
                .param("last", Date.valueOf(month.atDay(1)))
                .query(Long.class)
                .single();
    }

    /** The column of membership_activity that the measure sums. */
    private static String measureColumn(Measure measure) {
        return switch (measure) {
            case USES_PER_MONTH -> "uses";
            case SPEND_12_MONTHS -> "spend_minor";
            case GROWTH_POINTS_12_MONTHS -> "growth_points";
        };
    }

    /** The highest tier the value qualifies for. */
    static Optional<Tier> qualifying(List<Tier> ladder, long value) {
        return ladder.stream().filter(tier -> tier.threshold() <= value).max(Comparator.comparingInt(Tier::rank));
    }

    private record Holder(long tierId, int monthsBelow, LocalDate evaluatedThrough) {}

    private Optional<Holder> holder(long operatorId, Audience audience, long ownerId) {
        return jdbc.sql("""
                        select tier_id, months_below, evaluated_through from tier_holder
                        where operator_id = :operatorId and owner_kind = :kind and owner_id = :ownerId
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .query((rs, row) -> new Holder(
                        rs.getLong("tier_id"),
                        rs.getInt("months_below"),
                        rs.getDate("evaluated_through").toLocalDate()))
                .optional();
    }

    private void lock(long operatorId, Audience audience, long ownerId) {
        TransactionLocks.lock(jdbc, lockName(operatorId, audience, ownerId));
    }

    private static String lockName(long operatorId, Audience audience, long ownerId) {
        return "tier|" + operatorId + "|" + audience + "|" + ownerId;
    }

    /** Raises the holder to the tier its activity now qualifies for, if that is higher than the one held. */
    @Transactional
    public void upgradeIfQualified(long operatorId, Audience audience, long ownerId) {
        List<Tier> ladder = tiers.list(operatorId, audience);
        if (ladder.isEmpty()) {
            return;
        }
        lock(operatorId, audience, ownerId);
        closeEndedMonths(operatorId, audience, ownerId);
        TierProgram program = tiers.program(operatorId, audience);
        YearMonth month = monthOf(operatorId, clock.instant());
        long value = measureValue(operatorId, audience, ownerId, program.measure(), month);
        Optional<Tier> current = tierOf(operatorId, audience, ownerId);
        Optional<Tier> earned = qualifying(ladder, value);
        if (earned.isPresent() && earned.get().rank() > current.map(Tier::rank).orElse(-1)) {
            move(
                    operatorId,
                    audience,
                    ownerId,
                    current.orElse(null),
                    earned.get(),
                    "QUALIFIED",
                    value,
                    program.measure() + " " + value + " in " + month,
                    null);
        }
    }

    /** Staff put a holder on a tier, with a note; the month's close treats it like any other tier. */
    @Transactional
    public void assign(long operatorId, Audience audience, long ownerId, long tierId, long staffUserId, String note) {
        Tier target = tiers.get(operatorId, tierId);
        if (target.audience() != audience) {
            throw new InvalidInputException("tierId", "membership.tier.audience");
        }
        if (note == null || note.isBlank() || note.length() > 500) {
            throw new InvalidInputException("note", "membership.tier.note");
        }
        lock(operatorId, audience, ownerId);
        closeEndedMonths(operatorId, audience, ownerId);
        Optional<Tier> current = tierOf(operatorId, audience, ownerId);
        if (current.isPresent() && current.get().id() == tierId) {
            return;
        }
        move(operatorId, audience, ownerId, current.orElse(null), target, "MANUAL", null, note.strip(), staffUserId);
    }

    /** Closes every ended month of every holder of the operator; answers how many tiers fell. */
    public int closeAllEndedMonths(long operatorId) {
        YearMonth current = monthOf(operatorId, clock.instant());
        List<Holder2> due = jdbc.sql("""
                        select owner_kind, owner_id from tier_holder
                        where operator_id = :operatorId and evaluated_through < :month
                        """)
                .param("operatorId", operatorId)
                .param("month", Date.valueOf(current.minusMonths(1).atDay(1)))
                .query((rs, row) -> new Holder2(Audience.valueOf(rs.getString("owner_kind")), rs.getLong("owner_id")))
                .list();
        int fell = 0;
        for (Holder2 holder : due) {
            fell += closeOne(operatorId, holder.audience(), holder.ownerId());
        }
        return fell;
    }

    private record Holder2(Audience audience, long ownerId) {}

    /** Each holder in its own transaction, so one failure does not keep the others up. */
    private int closeOne(long operatorId, Audience audience, long ownerId) {
        Integer fell = transaction.execute(status -> closeEndedMonths(operatorId, audience, ownerId));
        return fell == null ? 0 : fell;
    }

    /**
     * Evaluates each month of the holder that has ended since the last evaluation: a month that qualifies for the
     * tier held resets the count of months below; otherwise, once that count passes the grace, the policy lowers the
     * tier. Answers how many times the tier fell. Runs inside the caller's transaction, under the holder's lock.
     */
    int closeEndedMonths(long operatorId, Audience audience, long ownerId) {
        Optional<Holder> found = holder(operatorId, audience, ownerId);
        if (found.isEmpty()) {
            return 0;
        }
        lock(operatorId, audience, ownerId);
        YearMonth current = monthOf(operatorId, clock.instant());
        YearMonth month = YearMonth.from(found.get().evaluatedThrough()).plusMonths(1);
        if (!month.isBefore(current)) {
            return 0;
        }
        TierProgram program = tiers.program(operatorId, audience);
        List<Tier> ladder = tiers.list(operatorId, audience);
        int fell = 0;
        Holder holder = found.get();
        Tier held = tiers.get(operatorId, holder.tierId());
        int monthsBelow = holder.monthsBelow();
        for (; month.isBefore(current); month = month.plusMonths(1)) {
            long value = measureValue(operatorId, audience, ownerId, program.measure(), month);
            int earnedRank = qualifying(ladder, value).map(Tier::rank).orElse(-1);
            if (earnedRank >= held.rank() || program.downgradePolicy() == DowngradePolicy.NEVER) {
                monthsBelow = 0;
                continue;
            }
            monthsBelow++;
            if (monthsBelow <= program.graceMonths()) {
                continue;
            }
            int heldRank = held.rank();
            Optional<Tier> target = program.downgradePolicy() == DowngradePolicy.ONE_LEVEL
                    ? ladder.stream().filter(tier -> tier.rank() < heldRank).max(Comparator.comparingInt(Tier::rank))
                    : qualifying(ladder, value);
            monthsBelow = 0;
            if (target.isEmpty()) {
                record(
                        operatorId,
                        audience,
                        ownerId,
                        held,
                        null,
                        "PERIOD_END",
                        value,
                        detail(program, value, month),
                        null);
                forgetTiers();
                jdbc.sql("delete from tier_holder where operator_id = :operatorId and owner_kind = :kind"
                                + " and owner_id = :ownerId")
                        .param("operatorId", operatorId)
                        .param("kind", audience.name())
                        .param("ownerId", ownerId)
                        .update();
                return fell + 1;
            }
            record(
                    operatorId,
                    audience,
                    ownerId,
                    held,
                    target.get(),
                    "PERIOD_END",
                    value,
                    detail(program, value, month),
                    null);
            held = target.get();
            fell++;
        }
        forgetTiers();
        jdbc.sql("""
                        update tier_holder set tier_id = :tierId, months_below = :below, evaluated_through = :through
                        where operator_id = :operatorId and owner_kind = :kind and owner_id = :ownerId
                        """)
                .param("tierId", held.id())
                .param("below", monthsBelow)
                .param("through", Date.valueOf(current.minusMonths(1).atDay(1)))
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .update();
        return fell;
    }

    private static String detail(TierProgram program, long value, YearMonth month) {
        return program.measure() + " " + value + " in " + month;
    }

    /** Puts the holder on {@code to} (above or at the entry level), records why and tells the other modules. */
    private void move(
            long operatorId,
            Audience audience,
            long ownerId,
            Tier from,
            Tier to,
            String reason,
            Long value,
            String detail,
            Long staffUserId) {
        YearMonth month = monthOf(operatorId, clock.instant());
        forgetTiers();
        jdbc.sql("""
                        insert into tier_holder (operator_id, owner_kind, owner_id, tier_id, since, months_below,
                                                 evaluated_through)
                        values (:operatorId, :kind, :ownerId, :tierId, :now, 0, :through)
                        on conflict (operator_id, owner_kind, owner_id) do update
                        set tier_id = excluded.tier_id, since = excluded.since, months_below = 0
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .param("tierId", to.id())
                .param("now", Timestamp.from(clock.instant()))
                .param("through", Date.valueOf(month.minusMonths(1).atDay(1)))
                .update();
        record(operatorId, audience, ownerId, from, to, reason, value, detail, staffUserId);
    }

    private void record(
            long operatorId,
            Audience audience,
            long ownerId,
            Tier from,
            Tier to,
            String reason,
            Long value,
            String detail,
            Long staffUserId) {
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into tier_change (operator_id, owner_kind, owner_id, from_tier_id, to_tier_id, reason,
                                                 measure_value, detail, changed_by, changed_at)
                        values (:operatorId, :kind, :ownerId, :from, :to, :reason, :value, :detail, :by, :now)
                        """)
                .param("operatorId", operatorId)
                .param("kind", audience.name())
                .param("ownerId", ownerId)
                .param("from", from == null ? null : from.id())
                .param("to", to == null ? null : to.id())
                .param("reason", reason)
                .param("value", value)
                .param("detail", detail)
                .param("by", staffUserId)
                .param("now", Timestamp.from(now))
                .update();
        int fromRank = from == null ? -1 : from.rank();
        int toRank = to == null ? -1 : to.rank();
        events.publishEvent(new TierChanged(
                operatorId,
                audience,
                ownerId,
                from == null ? null : from.code(),
                to == null ? null : to.code(),
                to == null ? null : to.name(),
                toRank > fromRank,
                reason,
                now));
    }
}
