package io.enjoyspace.rules;

import static io.enjoyspace.rules.RuleEngineTest.candidate;
import static io.enjoyspace.rules.RuleEngineTest.facts;
import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Rounding;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tier multiplier ({@link EarningBoosts}) raises what rules award, before their limits. */
class EarningBoostsTest {

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
