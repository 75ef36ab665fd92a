package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.rules.RuleDefinition.Action;
import io.enjoyspace.rules.RuleDefinition.Limits;
import io.enjoyspace.rules.RuleDefinition.Rounding;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CPU time the rules engine spends on one event when 50 active rules listen to its type (the worst case: the engine
 * only evaluates the rules of the event's type), measured on this thread after warm-up. The reference in the same run
 * is the CPU time of parsing the event's JSON, which every event costs anyway.
 * Usage (from bench/run): java -cp target/classes:deps:target/bench-classes io.enjoyspace.rules.RuleCpuBench
 */
public class RuleCpuBench {

    private static final String[] CONDITIONS = {
        "",
        "attributes.amount >= 100",
        "attributes.amount >= 50 && attributes.channel == 'app'",
        "enterprise.size == 'LARGE' || enterprise.industry == 'Technology'",
        "site.kind == 'OFFICE_TOWER' && member.tenureDays > 30",
        "occurredAt.getDayOfWeek('Asia/Shanghai') in [0, 6]",
        "'vip' in member.tags",
        "attributes.category in ['coffee', 'lunch', 'laundry']",
        "attributes.amount * 2.0 > 300.0",
        "member.tier == 'GOLD' && attributes.amount > 10",
    };

    public static void main(String[] args) {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        RuleConditions conditions = new RuleConditions();
        List<RuleEngine.Candidate> candidates = new ArrayList<>();
        Instant now = Instant.parse("2026-11-26T04:00:00Z");
        for (int i = 0; i < rules; i++) {
            String condition = CONDITIONS[i % CONDITIONS.length];
            Action action = i % 7 == 6 ? Action.MULTIPLIER : (i % 2 == 0 ? Action.FIXED : Action.PER_YUAN);
            Limits limits = i % 5 == 0 ? new Limits(100L, null, 1000L, null, null, null, null, null, null) : Limits.NONE;
            RuleDefinition definition = new RuleDefinition(
                    "rule " + i, "bench.purchase", condition, action,
                    action == Action.FIXED ? 10 : null,
                    action == Action.FIXED ? null : (action == Action.MULTIPLIER ? new BigDecimal("1.5") : BigDecimal.ONE),
                    "amount", Rounding.DOWN, limits, null, null, 100 + i % 10, false, ExpiryPolicy.NEVER, 0, null);
            candidates.add(new RuleEngine.Candidate(
                    new Rule(i + 1, 1, Rule.Status.ACTIVE, 1, definition, now), conditions.compile(condition), null));
        }
        candidates.sort(RuleEngine.ORDER);
        JsonMapper json = JsonMapper.builder().build();
        String body = "{\"amount\": 128.50, \"channel\": \"app\", \"category\": \"coffee\", \"orderId\": 123456}";
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        double engineMicros = 0;
        double parseMicros = 0;
        for (int round = 0; round < 3; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < events; i++) {
                JsonNode attributes = json.readTree(body);
                sink += attributes.size();
            }
            parseMicros = (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / events;
            JsonNode attributes = json.readTree(body);
            start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < events; i++) {
                Map<String, Object> variables = new HashMap<>();
                variables.put("type", "bench.purchase");
                variables.put("occurredAt", now);
                variables.put("attributes", EventIntake.plain(attributes));
                variables.put("member", Map.of("id", (long) i, "tier", "GOLD", "tags", List.of("vip"), "tenureDays", 90L));
                variables.put("enterprise", Map.of("id", 3L, "industry", "Technology", "size", "LARGE", "headcount", 300L));
                variables.put("site", Map.of("id", 1L, "kind", "OFFICE_TOWER"));
                RuleEngine.Facts facts = new RuleEngine.Facts("bench.purchase", i, 3L, now, zone, attributes, variables);
                RuleEngine.Matching matching = RuleEngine.matchOrdered(candidates, facts);
                List<RuleEngine.Verdict> verdicts = RuleEngine.grant(matching, new HashMap<>());
                sink += verdicts.size();
            }
            engineMicros = (cpu.getCurrentThreadCpuTime() - start) / 1000.0 / events;
        }
        System.out.printf("rule_cpu_us_per_event %.2f%n", engineMicros);
        System.out.printf("rule_cpu_rules %d events %d%n", rules, events);
        System.out.printf("json_parse_cpu_us_per_event %.2f%n", parseMicros);
        System.out.printf("rule_cpu_vs_json_parse %.2f%n", engineMicros / parseMicros);
        System.out.printf("rule_cpu_vs_target_50us %.2f%n", engineMicros / 50.0);
        if (sink == 42) {
            System.out.println();
        }
    }
}
