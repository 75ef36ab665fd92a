package io.enjoyspace.insights;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/** Small generated histories for tests: each call a new operator of its own, so tests never share one. */
final class GeneratedHistory {

    static final String PASSWORD = "generated-pw";
    private static final AtomicInteger runs = new AtomicInteger();

    private GeneratedHistory() {}

    static HistoryGenerator.Generated generate(HistoryGenerator generator, LocalDate lastDay) {
        String code = "it-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-" + runs.incrementAndGet();
        return generator
                .generate(new HistoryGenerator.Plan(code, 1, 2, 6, 80, 3, 3.0, 7, lastDay, PASSWORD))
                .get(0);
    }
}
