package io.enjoyspace.insights;

import io.enjoyspace.tenancy.Operators;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The full tag computation as a command, to measure it: with the profile {@code tags} the application saves a few
 * sample segments for the operator {@code tags.operator} (when it has none), recomputes every member's scores and
 * tags and every segment's size, prints the duration and the member count, and exits.
 */
@Component
@Profile("tags")
@Order(1100)
class TagRecomputeRunner implements ApplicationRunner {

    private final TagComputation computation;
    private final Segments segments;
    private final Operators operators;
    private final JdbcClient jdbc;
    private final ConfigurableApplicationContext context;
    private final String operatorCode;

    TagRecomputeRunner(
            TagComputation computation,
            Segments segments,
            Operators operators,
            JdbcClient jdbc,
            ConfigurableApplicationContext context,
            @Value("${tags.operator:bench-1}") String operatorCode) {
        this.computation = computation;
        this.segments = segments;
        this.operators = operators;
        this.jdbc = jdbc;
        this.context = context;
        this.operatorCode = operatorCode;
    }

    @Override
    public void run(ApplicationArguments args) {
        long operatorId = operators.findByCode(operatorCode).orElseThrow().id();
        if (segments.list(operatorId).isEmpty()) {
            segments.create(
                    operatorId, "Champions", SegmentDefinition.all(SegmentCondition.of("tag", "has", "rfm:champions")));
            segments.create(
                    operatorId,
                    "Active spenders",
                    SegmentDefinition.all(
                            SegmentCondition.of("activeDays30", "gte", "3"),
                            SegmentCondition.of("spend12m", "gte", "500")));
            segments.create(
                    operatorId,
                    "Lapsing small companies",
                    new SegmentDefinition(
                            "ALL",
                            List.of(
                                    SegmentCondition.of("daysSinceActivity", "gt", "30"),
                                    SegmentCondition.group(
                                            "ANY",
                                            List.of(
                                                    SegmentCondition.of("tag", "has", "size:1-10"),
                                                    SegmentCondition.of("tag", "has", "size:11-50"))))));
        }
        TagComputation.Run run = computation.recomputeAll(operatorId);
        long tags = jdbc.sql("select count(*) from member_tag where operator_id = ?")
                .param(operatorId)
                .query(Long.class)
                .single();
        System.out.printf(
                "tags_members %d%ntags_rows %d%ntags_segments %d%ntags_seconds %.1f%n",
                run.members(), tags, segments.list(operatorId).size(), run.millis() / 1000.0);
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
