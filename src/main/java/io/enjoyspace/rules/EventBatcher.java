package io.enjoyspace.rules;

import io.enjoyspace.rules.EventIntake.EventCommand;
import io.enjoyspace.rules.EventIntake.EventResult;
import io.enjoyspace.rules.EventIntake.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit for events. Requests that arrive together are taken in together: a few writer threads each take
 * whatever is waiting (up to {@value #MAX_BATCH} events) and ingest it in one database transaction, then answer every
 * request. A request waits for at most one batch before its own, and gets exactly the answer it would have got alone.
 * If a batch fails as a whole (a deadlock between two batches, say), its events are ingested again one by one, each in
 * its own transaction, so one event never fails another.
 */
@Component
class EventBatcher implements SmartLifecycle {

    static final int MAX_BATCH = 250;
    private static final Logger log = LoggerFactory.getLogger(EventBatcher.class);

    private record Waiting(long operatorId, EventCommand command, CompletableFuture<EventResult> answer) {}

    private final EventIntake intake;
    private final int writers;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>(100_000);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    EventBatcher(EventIntake intake, @Value("${enjoyspace.events.writers:1}") int writers) {
        this.intake = intake;
        this.writers = writers;
    }

    /** Ingests one event together with whatever else is arriving; its result, or its error thrown. */
    EventResult ingest(long operatorId, EventCommand command) {
        if (!running) {
            return intake.ingest(operatorId, command);
        }
        CompletableFuture<EventResult> answer = new CompletableFuture<>();
        if (!queue.offer(new Waiting(operatorId, command, answer))) {
            return intake.ingest(operatorId, command);
        }
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the event was ingested", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the event was not ingested within 30 seconds", e);
        }
    }

    /** Ingests {@code commands} in transactions of up to {@value #MAX_BATCH}, one by one where a batch fails. */
    List<Outcome> ingestAll(long operatorId, List<EventCommand> commands) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int from = 0; from < commands.size(); from += MAX_BATCH) {
            List<EventCommand> chunk = commands.subList(from, Math.min(commands.size(), from + MAX_BATCH));
            try {
                outcomes.addAll(intake.ingestAll(operatorId, chunk, false));
            } catch (RuntimeException e) {
                log.info(
                        "A batch of {} events failed as a whole ({}); ingesting them one by one",
                        chunk.size(),
                        e.toString());
                for (EventCommand command : chunk) {
                    try {
                        outcomes.add(new Outcome(intake.ingest(operatorId, command), null));
                    } catch (RuntimeException single) {
                        outcomes.add(new Outcome(null, single));
                    }
                }
            }
        }
        return outcomes;
    }

    private void write() {
        List<Waiting> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                Map<Long, List<Waiting>> byOperator = new LinkedHashMap<>();
                for (Waiting waiting : batch) {
                    byOperator
                            .computeIfAbsent(waiting.operatorId(), id -> new ArrayList<>())
                            .add(waiting);
                }
                byOperator.forEach(this::answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Event writer failed", e);
                batch.forEach(waiting -> waiting.answer().completeExceptionally(e));
            }
        }
    }

    private void answer(long operatorId, List<Waiting> waiting) {
        List<Outcome> outcomes =
                ingestAll(operatorId, waiting.stream().map(Waiting::command).toList());
        for (int i = 0; i < waiting.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome.error() != null) {
                waiting.get(i).answer().completeExceptionally(outcome.error());
            } else {
                waiting.get(i).answer().complete(outcome.result());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::write, "event-writer-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
