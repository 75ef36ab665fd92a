package io.enjoyspace.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Rule conditions in CEL. A condition is compiled and type-checked once, when the rule is saved (a bad one is refused
 * with the line and column of the error), and the compiled program is cached by its text for evaluation.
 *
 * <p>Variables: {@code type} (string), {@code occurredAt} (timestamp), {@code attributes} (the event's attributes),
 * {@code member} ({@code id}, {@code tier}, {@code tags}, {@code segments}, {@code tenureDays}), {@code enterprise} ({@code id},
 * {@code industry}, {@code size}, {@code headcount}; empty for members without one) and {@code site} ({@code id},
 * {@code kind}). The condition must be a boolean.
 */
@Component
public class RuleConditions {

    public static final List<String> VARIABLES =
            List.of("type", "occurredAt", "attributes", "member", "enterprise", "site");

    private static final int CACHE_LIMIT = 10_000;

    private final Cel cel = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current()
                    .enableTimestampEpoch(true)
                    .enableHeterogeneousNumericComparisons(true)
                    .build())
            .addVar("type", SimpleType.STRING)
            .addVar("occurredAt", SimpleType.TIMESTAMP)
            .addVar("attributes", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("member", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("enterprise", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("site", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();

    private final Map<String, Condition> compiled = new ConcurrentHashMap<>();

    /** Why a condition does not compile, at 1-based {@code line} and {@code column}. */
    public record Problem(String message, int line, int column) {}

    /** The problems of {@code expression}; empty when it compiles to a boolean (an empty expression always does). */
    public List<Problem> check(String expression) {
        if (expression == null || expression.isBlank()) {
            return List.of();
        }
        try {
            cel.compile(expression).getAst();
            return List.of();
        } catch (CelValidationException e) {
            return e.getErrors().stream().map(RuleConditions::problem).toList();
        }
    }

    private static Problem problem(CelIssue issue) {
        return new Problem(
                issue.getMessage(),
                Math.max(1, issue.getSourceLocation().getLine()),
                issue.getSourceLocation().getColumn() + 1);
    }

    /** The compiled condition; {@code expression} must have passed {@link #check}. */
    Condition compile(String expression) {
        if (expression == null || expression.isBlank()) {
            return Condition.ALWAYS;
        }
        Condition condition = compiled.get(expression);
        if (condition != null) {
            return condition;
        }
        try {
            condition = new Condition(cel.createProgram(cel.compile(expression).getAst()));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("condition does not compile: " + expression, e);
        }
        if (compiled.size() >= CACHE_LIMIT) {
            compiled.clear();
        }
        compiled.put(expression, condition);
        return condition;
    }

    /** A compiled condition. */
    static final class Condition {

        static final Condition ALWAYS = new Condition(null);

        private final CelRuntime.Program program;

        private Condition(CelRuntime.Program program) {
            this.program = program;
        }

        /**
         * True when the condition holds for {@code variables}. A condition that fails at run time (an attribute the
         * event lacks, a wrong type) does not hold; the message says why.
         */
        Outcome evaluate(Map<String, Object> variables) {
            if (program == null) {
                return Outcome.TRUE;
            }
            try {
                CelVariableResolver resolver = name -> Optional.ofNullable(variables.get(name));
                return Boolean.TRUE.equals(program.eval(resolver)) ? Outcome.TRUE : Outcome.FALSE;
            } catch (CelEvaluationException e) {
                return new Outcome(false, e.getMessage());
            }
        }
    }

    record Outcome(boolean holds, String error) {
        static final Outcome TRUE = new Outcome(true, null);
        static final Outcome FALSE = new Outcome(false, null);
    }
}
