package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Rounding;
import io.enjoyspace.rules.RuleEngine.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RuleEngineTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");
    private static final RuleConditions conditions = new RuleConditions();

    static RuleEngine.Candidate candidate(
            long id, Action action, Integer points, String rate, Rounding rounding, int priority, boolean stop) {
        return candidate(id, action, points, rate, rounding, priority, stop, "", Limits.NONE);
    }

    static RuleEngine.Candidate candidate(
            long id,
            Action action,
            Integer points,
            String rate,
            Rounding rounding,
            int priority,
            boolean stop,
            String condition,
            Limits limits) {
        RuleDefinition definition = new RuleDefinition(
                "rule " + id,
                "test.event",
                condition,
                action,
                points,
                rate == null ? null : new BigDecimal(rate),
                "amount",
                rounding,
                limits,
                null,
                null,
                priority,
                stop,
                ExpiryPolicy.NEVER,
                0,
                null);
        return new RuleEngine.Candidate(
                new Rule(id, 1, Rule.Status.ACTIVE, 1, definition, NOW), conditions.compile(condition), null);
    }

    static RuleEngine.Facts facts(String attributesJson) {
        var attributes = JsonMapper.builder().build().readTree(attributesJson);
        Map<String, Object> variables = new HashMap<>();
        variables.put("type", "test.event");
        variables.put("occurredAt", NOW);
        variables.put("attributes", EventIntake.plain(attributes));
        variables.put("member", Map.of("id", 7L, "tier", "", "tags", List.of(), "tenureDays", 10L));
        variables.put("enterprise", Map.of());
        variables.put("site", Map.of("id", 1L, "kind", "OFFICE_TOWER"));
        return new RuleEngine.Facts("test.event", 7, null, NOW, SHANGHAI, attributes, variables);
    }

    private static List<RuleEngine.Verdict> evaluate(String attributes, RuleEngine.Candidate... candidates) {
        return RuleEngine.grant(RuleEngine.match(List.of(candidates), facts(attributes)), new HashMap<>());
    }

    @Test
    void perYuanRoundsAsTheRuleSays() {
        assertThat(evaluate("{\"amount\": 10.5}", candidate(1, Action.PER_YUAN, null, "1", Rounding.DOWN, 100, false))
                        .get(0)
                        .points())
                .isEqualTo(10);
        assertThat(evaluate(
                                "{\"amount\": 10.5}",
                                candidate(1, Action.PER_YUAN, null, "1", Rounding.HALF_UP, 100, false))
                        .get(0)
                        .points())
                .isEqualTo(11);
        assertThat(evaluate(
                                "{\"amount\": \"10.01\"}",
                                candidate(1, Action.PER_YUAN, null, "1", Rounding.UP, 100, false))
                        .get(0)
                        .points())
                .isEqualTo(11);
        assertThat(evaluate("{}", candidate(1, Action.PER_YUAN, null, "1", Rounding.UP, 100, false))
                        .get(0)
                        .outcome())
                .isEqualTo(Outcome.NO_AMOUNT);
    }

    @Test
    void aMultiplierAddsOnWhatTheOtherRulesGrantedAfterTheirCaps() {
        Limits capped = new Limits(8L, null, null, null, null, null, null, null, null);
        List<RuleEngine.Verdict> verdicts = evaluate(
                "{}",
                candidate(1, Action.MULTIPLIER, null, "3", Rounding.DOWN, 500, false),
                candidate(2, Action.FIXED, 10, null, Rounding.DOWN, 100, false, "", capped));

        assertThat(verdicts.get(0).points()).isEqualTo(16); // (3 - 1) x 8, though it runs first
        assertThat(verdicts.get(1).outcome()).isEqualTo(Outcome.LIMITED);
        assertThat(verdicts.get(1).limit()).isEqualTo("memberDaily");
        assertThat(verdicts.get(1).points()).isEqualTo(8);
    }

    @Test
    void higherPriorityRunsFirstAndStopEndsTheEvaluation() {
        List<RuleEngine.Verdict> verdicts = evaluate(
                "{\"vip\": true}",
                candidate(1, Action.FIXED, 1, null, Rounding.DOWN, 10, false),
                candidate(2, Action.FIXED, 2, null, Rounding.DOWN, 900, true, "attributes.vip", Limits.NONE),
                candidate(3, Action.FIXED, 3, null, Rounding.DOWN, 500, false));

        assertThat(verdicts).extracting(v -> v.rule().id()).containsExactly(2L, 3L, 1L);
        assertThat(verdicts)
                .extracting(RuleEngine.Verdict::outcome)
                .containsExactly(Outcome.AWARDED, Outcome.STOPPED, Outcome.STOPPED);
    }

    @Test
    void aConditionThatFailsAtRunTimeDoesNotHoldAndSaysWhy() {
        RuleEngine.Verdict verdict = evaluate(
                        "{\"amount\": \"lots\"}",
                        candidate(
                                1,
                                Action.FIXED,
                                1,
                                null,
                                Rounding.DOWN,
                                100,
                                false,
                                "attributes.amount > 10",
                                Limits.NONE))
                .get(0);

        assertThat(verdict.outcome()).isEqualTo(Outcome.CONDITION_ERROR);
        assertThat(verdict.detail()).isNotBlank();
        assertThat(verdict.points()).isZero();
    }

    @Test
    void limitsCountUsageAlreadyGranted() {
        Limits weekly = new Limits(null, 25L, null, null, null, null, null, null, null);
        RuleEngine.Candidate rule = candidate(1, Action.FIXED, 10, null, Rounding.DOWN, 100, false, "", weekly);
        RuleEngine.Matching matching = RuleEngine.match(List.of(rule), facts("{}"));
        Map<RuleEngine.UsageKey, Long> used = new HashMap<>();
        used.put(matching.usageKeys().iterator().next(), 20L);

        RuleEngine.Verdict verdict = RuleEngine.grant(matching, used).get(0);

        assertThat(verdict.points()).isEqualTo(5);
        assertThat(used.values()).containsExactly(25L);
        // 2026-11-26 is a Thursday: the week counted from Monday the 23rd.
        assertThat(matching.usageKeys().iterator().next().periodStart()).hasToString("2026-11-23");
    }
}
