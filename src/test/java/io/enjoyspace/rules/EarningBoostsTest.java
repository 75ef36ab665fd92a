package io.enjoyspace.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Rounding;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The tier multiplier ({@link EarningBoosts}) raises what rules award, before their limits. */
class EarningBoostsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");
    private static final RuleConditions conditions = new RuleConditions();

    private static RuleEngine.Candidate candidate(
            long id, Action action, Integer points, String rate, Rounding rounding, int priority, boolean stop) {
        return candidate(id, action, points, rate, rounding, priority, stop, "", Limits.NONE);
    }

    private static RuleEngine.Candidate candidate(
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

    private static RuleEngine.Facts facts(String attributesJson) {
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

    private static List<RuleEngine.Verdict> boosted(
            int percent, String attributes, RuleEngine.Candidate... candidates) {
        return RuleEngine.grant(
                RuleEngine.match(List.of(candidates), facts(attributes)).boosted(percent), new HashMap<>());
    }

    @Test
    void aBoostRaisesTheAwardRoundedDown() {
        assertThat(boosted(150, "{\"amount\": 99}", candidate(1, Action.PER_YUAN, null, "1", Rounding.DOWN, 100, false))
                        .get(0)
                        .points())
                .isEqualTo(148);
    }

    @Test
    void noBoostLeavesTheAwardAsTheRuleSays() {
        assertThat(boosted(100, "{\"amount\": 99}", candidate(1, Action.PER_YUAN, null, "1", Rounding.DOWN, 100, false))
                        .get(0)
                        .points())
                .isEqualTo(99);
    }

    @Test
    void limitsStillHoldOverABoostedAward() {
        Limits daily = new Limits(120L, null, null, null, null, null, null, null, null);
        RuleEngine.Verdict verdict = boosted(
                        200,
                        "{\"amount\": 100}",
                        candidate(1, Action.PER_YUAN, null, "1", Rounding.DOWN, 100, false, "", daily))
                .get(0);
        assertThat(verdict.computed()).isEqualTo(200);
        assertThat(verdict.points()).isEqualTo(120);
    }

    @Test
    void multipliersWorkOverTheBoostedGrants() {
        List<RuleEngine.Verdict> verdicts = boosted(
                150,
                "{\"amount\": 10}",
                candidate(1, Action.FIXED, 10, null, Rounding.DOWN, 500, false),
                candidate(2, Action.MULTIPLIER, null, "2", Rounding.DOWN, 100, false));
        assertThat(verdicts).extracting(RuleEngine.Verdict::points).containsExactly(15L, 15L);
    }
}
