package io.enjoyspace.demo;

import io.enjoyspace.insights.SegmentCondition;
import io.enjoyspace.insights.SegmentDefinition;
import io.enjoyspace.insights.Segments;
import io.enjoyspace.insights.TagComputation;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the demo operator a few segments and computes its members' tags, so that the segments page shows something at
 * once. Runs when the application is ready, so after the demo data, and does nothing once the operator has segments.
 */
@Component
@Profile("demo")
class DemoSegments {

    private final io.enjoyspace.tenancy.Operators operators;
    private final Segments segments;
    private final TagComputation computation;

    DemoSegments(io.enjoyspace.tenancy.Operators operators, Segments segments, TagComputation computation) {
        this.operators = operators;
        this.segments = segments;
        this.computation = computation;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        operators.findByCode("demo").ifPresent(operator -> {
            long operatorId = operator.id();
            if (!segments.list(operatorId).isEmpty()) {
                return;
            }
            computation.recomputeAll(operatorId);
            segments.create(
                    operatorId,
                    "Buyers this year",
                    SegmentDefinition.all(SegmentCondition.of("orders12m", "gte", "1")));
            segments.create(
                    operatorId,
                    "Quiet for a month",
                    SegmentDefinition.all(SegmentCondition.of("daysSinceActivity", "gt", "30")));
            segments.create(
                    operatorId,
                    "Small companies",
                    new SegmentDefinition(
                            "ANY",
                            List.of(
                                    SegmentCondition.of("sizeBand", "eq", "1-10"),
                                    SegmentCondition.of("sizeBand", "eq", "11-50"))));
        });
    }
}
