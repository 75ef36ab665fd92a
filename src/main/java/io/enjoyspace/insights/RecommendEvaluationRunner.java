package io.enjoyspace.insights;

import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The recommender's evaluation as a command: with the profile {@code evaluate} the application evaluates the operator
 * {@code evaluate.operator} (a code), or, when that is blank, generates a history with {@link HistoryGenerator} (the
 * {@code evaluate.*} sizes; an operator of the same code and seed is reused) and evaluates it; prints one line with the
 * hit rates at {@code evaluate.k} and exits.
 */
@Component
@Profile("evaluate")
@Order(1100)
class RecommendEvaluationRunner implements ApplicationRunner {

    private final HistoryGenerator generator;
    private final RecommendEvaluation evaluation;
    private final Operators operators;
    private final ConfigurableApplicationContext context;
    private final Clock clock;
    private final String operator;
    private final int members;
    private final int months;
    private final double sessions;
    private final long seed;
    private final int k;

    RecommendEvaluationRunner(
            HistoryGenerator generator,
            RecommendEvaluation evaluation,
            Operators operators,
            ConfigurableApplicationContext context,
            Clock clock,
            @Value("${evaluate.operator:}") String operator,
            @Value("${evaluate.members:5000}") int members,
            @Value("${evaluate.months:12}") int months,
            @Value("${evaluate.sessions-per-member-month:1.0}") double sessions,
            @Value("${evaluate.seed:42}") long seed,
            @Value("${evaluate.k:5}") int k) {
        this.generator = generator;
        this.evaluation = evaluation;
        this.operators = operators;
        this.context = context;
        this.clock = clock;
        this.operator = operator;
        this.members = members;
        this.months = months;
        this.sessions = sessions;
        this.seed = seed;
        this.k = k;
    }

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        String code = operator.isBlank() ? "eval" + members + "s" + seed + "-1" : operator;
        if (operator.isBlank() && operators.findByCode(code).isEmpty()) {
            generator.generate(new HistoryGenerator.Plan(
                    "eval" + members + "s" + seed,
                    1,
                    3,
                    Math.max(1, members / 50),
                    members,
                    months,
                    sessions,
                    seed,
                    LocalDate.now(clock).minusDays(1),
                    "generated"));
        }
        long operatorId = operators
                .findByCode(code)
                .orElseThrow(() -> new IllegalArgumentException("No operator " + code))
                .id();
        RecommendEvaluation.Result result = evaluation.evaluate(operatorId, k);
        System.out.printf(
                "evaluation operator=%s members=%d hit@%d recommender=%.4f baseline=%.4f evaluate_seconds=%.1f"
                        + " total_seconds=%.1f%n",
                code,
                result.members(),
                result.k(),
                result.recommenderHitRate(),
                result.baselineHitRate(),
                result.millis() / 1000.0,
                (System.nanoTime() - started) / 1e9);
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
