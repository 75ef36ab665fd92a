package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The offline evaluation on a small generated history (members with planted favourite categories): the recommender
 * finds the held-out last order in its top five more often than the top five at the member's site.
 */
@EnjoySpaceTest
class RecommendEvaluationIT {

    @Autowired
    HistoryGenerator generator;

    @Autowired
    RecommendEvaluation evaluation;

    @Test
    void theRecommenderBeatsThePopularityBaselineOnGeneratedHistory() {
        String code = "rec-eval-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        long operatorId = generator
                .generate(new HistoryGenerator.Plan(
                        code, 1, 2, 10, 400, 6, 2.0, 11, LocalDate.of(2026, 6, 30), GeneratedHistory.PASSWORD))
                .get(0)
                .operatorId();

        RecommendEvaluation.Result result = evaluation.evaluate(operatorId, 5);
        System.out.println("recommend evaluation: " + result);

        assertThat(result.members()).isBetween(100L, 400L);
        assertThat(result.k()).isEqualTo(5);
        assertThat(result.recommenderHitRate()).isBetween(0.0, 1.0);
        assertThat(result.baselineHitRate()).isBetween(0.0, 1.0);
        assertThat(result.recommenderHitRate()).isGreaterThan(result.baselineHitRate());
    }
}
