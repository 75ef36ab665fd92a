package io.enjoyspace.rules;

import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Period;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates an event against the rules of its type, without touching the database: first which rules match (status,
 * validity window, campaign, condition, priority and stop flags) and what they would award, then how much of that the
 * limits and budgets still allow, given the usage counted so far. Every rule gets a verdict saying why it awarded what
 * it did, or why not more.
 */
final class RuleEngine {

    private RuleEngine() {}

    /** A rule as the engine sees it: the current version, its compiled condition and its campaign, if any. */
    record Candidate(Rule rule, RuleConditions.Condition condition, Campaign campaign) {

        /** Whether the condition reads member.tags, so that the intake fetches them only then. */
        boolean readsTags() {
            String text = rule.definition().condition();
            return text != null && text.contains("tags");
        }

        /** Whether the condition reads member.segments. */
        boolean readsSegments() {
            String text = rule.definition().condition();
            return text != null && text.contains("segments");
        }
    }

    /** The event with everything conditions and limits need. */
    record Facts(
            String type,
            long memberId,
            Long enterpriseId,
            Instant occurredAt,
            ZoneId zone,
            JsonNode attributes,
            Map<String, Object> variables) {}

    enum Outcome {
        AWARDED,
        LIMITED,
        LIMIT_REACHED,
        CONDITION_FALSE,
        CONDITION_ERROR,
        NO_AMOUNT,
        NOTHING_TO_MULTIPLY,
        OUTSIDE_WINDOW,
        CAMPAIGN_NOT_RUNNING,
        PAUSED,
        STOPPED,
        /** A COUPON rule matched: the coupon named in {@code detail} (the template id) is to be granted. */
        COUPON
    }

    /**
     * One rule's verdict: {@code computed} is what its action gave before limits, {@code points} what it awards;
     * {@code limit} names the cap that held it back, {@code detail} the stopping rule or the condition's error.
     */
    record Verdict(Rule rule, Outcome outcome, long computed, long points, String limit, String detail) {

        boolean awards() {
            return points > 0;
        }
    }

    /** A counter that a limit or budget reads: the points granted to {@code subjectId} in one period. */
    record UsageKey(String scope, long ownerId, long subjectId, Period period, LocalDate periodStart)
            implements Comparable<UsageKey> {

        private static final Comparator<UsageKey> ORDER = Comparator.comparing(UsageKey::scope)
                .thenComparingLong(UsageKey::ownerId)
                .thenComparingLong(UsageKey::subjectId)
                .thenComparing(UsageKey::period)
                .thenComparing(UsageKey::periodStart);

        @Override
        public int compareTo(UsageKey other) {
            return ORDER.compare(this, other);
        }
    }

    record Cap(String label, UsageKey key, long points) {}

    /** The first phase: the verdicts of rules that did not match, and the matching ones with their caps. */
    record Matching(Facts facts, List<Step> steps) {

        /** Every counter the matching rules' caps read, in lock order. */
        Set<UsageKey> usageKeys() {
            return steps.stream()
                    .filter(step -> step.verdict() == null)
                    .flatMap(step -> step.caps().stream())
                    .map(Cap::key)
                    .sorted()
                    .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        }

        boolean anyMatch() {
            return steps.stream().anyMatch(step -> step.verdict() == null);
        }

        /**
         * The same matching with every base award raised to {@code percent} of itself (rounded down), before limits
         * and budgets; multiplier rules then work over the raised grants.
         */
        Matching boosted(int percent) {
            if (percent == 100) {
                return this;
            }
            List<Step> raised = new ArrayList<>(steps.size());
            for (Step step : steps) {
                raised.add(
                        step.verdict() != null
                                ? step
                                : new Step(
                                        step.candidate(),
                                        null,
                                        Math.multiplyExact(step.base(), (long) percent) / 100,
                                        step.caps()));
            }
            return new Matching(facts, raised);
        }
    }

    /** A rule in evaluation order: either decided already ({@code verdict}) or matched with its base award. */
    record Step(Candidate candidate, Verdict verdict, long base, List<Cap> caps) {}

    /** Evaluation order: highest priority first, then the oldest rule. */
    static final Comparator<Candidate> ORDER = Comparator.comparingInt(
                    (Candidate c) -> -c.rule().definition().priority())
            .thenComparingLong(c -> c.rule().id());

    /** {@code candidates} in any order. */
    static Matching match(Collection<Candidate> candidates, Facts facts) {
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(ORDER);
        return matchOrdered(ordered, facts);
    }

    /** {@code ordered} sorted by {@link #ORDER} already, as {@link Rules} keeps them. */
    static Matching matchOrdered(List<Candidate> ordered, Facts facts) {
        List<Step> steps = new ArrayList<>(ordered.size());
        java.util.EnumMap<Period, LocalDate> periodStarts = new java.util.EnumMap<>(Period.class);
        Rule stoppedBy = null;
        for (Candidate candidate : ordered) {
            Rule rule = candidate.rule();
            RuleDefinition definition = rule.definition();
            if (stoppedBy != null) {
                steps.add(decided(candidate, Outcome.STOPPED, stoppedBy.name()));
                continue;
            }
            if (rule.status() != Rule.Status.ACTIVE) {
                steps.add(decided(candidate, Outcome.PAUSED, null));
                continue;
            }
            if (!definition.validAt(facts.occurredAt())) {
                steps.add(decided(candidate, Outcome.OUTSIDE_WINDOW, null));
                continue;
            }
            Campaign campaign = candidate.campaign();
            if (campaign != null && !campaign.runsAt(facts.occurredAt())) {
                steps.add(decided(candidate, Outcome.CAMPAIGN_NOT_RUNNING, campaign.name()));
                continue;
            }
            RuleConditions.Outcome condition = candidate.condition().evaluate(facts.variables());
            if (!condition.holds()) {
                steps.add(decided(
                        candidate,
                        condition.error() == null ? Outcome.CONDITION_FALSE : Outcome.CONDITION_ERROR,
                        condition.error()));
                continue;
            }
            if (definition.stopAfter()) {
                stoppedBy = rule;
            }
            if (definition.action() == Action.COUPON) {
                steps.add(decided(candidate, Outcome.COUPON, Long.toString(definition.couponTemplateId())));
                continue;
            }
            long base = 0;
            if (definition.action() != Action.MULTIPLIER) {
                BigDecimal amount = null;
                if (definition.action() == Action.PER_YUAN) {
                    amount = amount(facts.attributes(), definition.amountAttribute());
                    if (amount == null) {
                        steps.add(decided(candidate, Outcome.NO_AMOUNT, definition.amountAttribute()));
                        continue;
                    }
                }
                base = definition.basePoints(amount);
            }
            steps.add(new Step(candidate, null, base, caps(candidate, facts, periodStarts)));
        }
        return new Matching(facts, steps);
    }

    /**
     * The second phase: grants each matching rule what its caps allow, given {@code used} (the counters' values, which
     * this adds the grants to), multipliers last over the points the other rules granted.
     */
    static List<Verdict> grant(Matching matching, Map<UsageKey, Long> used) {
        Map<Step, Verdict> decided = new java.util.IdentityHashMap<>();
        long granted = 0;
        for (Step step : matching.steps()) {
            if (step.verdict() != null || step.candidate().rule().definition().action() == Action.MULTIPLIER) {
                continue;
            }
            Verdict verdict = capped(step, step.base(), used);
            decided.put(step, verdict);
            granted += verdict.points();
        }
        for (Step step : matching.steps()) {
            if (step.verdict() != null || step.candidate().rule().definition().action() != Action.MULTIPLIER) {
                continue;
            }
            long bonus = step.candidate().rule().definition().bonusOver(granted);
            decided.put(
                    step,
                    bonus == 0
                            ? new Verdict(step.candidate().rule(), Outcome.NOTHING_TO_MULTIPLY, 0, 0, null, null)
                            : capped(step, bonus, used));
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Step step : matching.steps()) {
            verdicts.add(step.verdict() != null ? step.verdict() : decided.get(step));
        }
        return verdicts;
    }

    private static Verdict capped(Step step, long computed, Map<UsageKey, Long> used) {
        Rule rule = step.candidate().rule();
        long points = computed;
        String binding = null;
        for (Cap cap : step.caps()) {
            long left = Math.max(0, cap.points() - used.getOrDefault(cap.key(), 0L));
            if (left < points) {
                points = left;
                binding = cap.label();
            }
        }
        for (Cap cap : step.caps()) {
            used.merge(cap.key(), points, Long::sum);
        }
        Outcome outcome;
        if (binding == null) {
            outcome = Outcome.AWARDED;
        } else {
            outcome = points == 0 ? Outcome.LIMIT_REACHED : Outcome.LIMITED;
        }
        return new Verdict(rule, outcome, computed, points, binding, null);
    }

    private static Step decided(Candidate candidate, Outcome outcome, String detail) {
        return new Step(candidate, new Verdict(candidate.rule(), outcome, 0, 0, null, detail), 0, List.of());
    }

    private static List<Cap> caps(Candidate candidate, Facts facts, java.util.EnumMap<Period, LocalDate> starts) {
        Rule rule = candidate.rule();
        Limits limits = rule.definition().limits();
        Campaign campaign = candidate.campaign();
        if (!limits.any() && (campaign == null || campaign.budgetPoints() == null)) {
            return List.of();
        }
        Instant at = facts.occurredAt();
        ZoneId zone = facts.zone();
        java.util.function.Function<Period, LocalDate> start =
                period -> starts.computeIfAbsent(period, p -> p.start(at, zone));
        List<Cap> caps = new ArrayList<>();
        member(caps, "memberDaily", limits.memberDaily(), Period.DAY, rule, facts, start);
        member(caps, "memberWeekly", limits.memberWeekly(), Period.WEEK, rule, facts, start);
        member(caps, "memberMonthly", limits.memberMonthly(), Period.MONTH, rule, facts, start);
        member(caps, "memberEver", limits.memberEver(), Period.EVER, rule, facts, start);
        if (limits.enterpriseCap() != null && facts.enterpriseId() != null) {
            Period period = limits.enterprisePeriod();
            caps.add(new Cap(
                    "enterpriseCap",
                    new UsageKey("ENTERPRISE", rule.id(), facts.enterpriseId(), period, start.apply(period)),
                    limits.enterpriseCap()));
        }
        if (limits.budgetTotal() != null) {
            caps.add(new Cap(
                    "budgetTotal",
                    new UsageKey("RULE", rule.id(), rule.id(), Period.EVER, LocalDate.EPOCH),
                    limits.budgetTotal()));
        }
        if (limits.budgetPeriodCap() != null) {
            Period period = limits.budgetPeriod();
            caps.add(new Cap(
                    "budgetPeriodCap",
                    new UsageKey("RULE", rule.id(), rule.id(), period, start.apply(period)),
                    limits.budgetPeriodCap()));
        }
        if (campaign != null && campaign.budgetPoints() != null) {
            caps.add(new Cap(
                    "campaignBudget",
                    new UsageKey("CAMPAIGN", campaign.id(), campaign.id(), Period.EVER, LocalDate.EPOCH),
                    campaign.budgetPoints()));
        }
        return caps;
    }

    private static void member(
            List<Cap> caps,
            String label,
            Long cap,
            Period period,
            Rule rule,
            Facts facts,
            java.util.function.Function<Period, LocalDate> start) {
        if (cap != null) {
            caps.add(new Cap(
                    label, new UsageKey("MEMBER", rule.id(), facts.memberId(), period, start.apply(period)), cap));
        }
    }

    /** The amount attribute in yuan: a JSON number or a numeric string; null when absent or not a number. */
    static BigDecimal amount(JsonNode attributes, String name) {
        JsonNode value = attributes == null ? null : attributes.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isString()) {
            try {
                return new BigDecimal(value.asString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
