package io.enjoyspace.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand in requests and wait; writer threads take everything waiting (up to a batch) and post it
 * together, then answer each caller with its own result or error. Before start, after stop or when the queue is
 * full, a request is posted on its own by the caller's thread.
 *
 * @param <T> a request
 * @param <R> its result
 */
public final class GroupCommit<T, R> {

    /** One request's answer from a batch: its result, or the error that refused it. */
    public record Answer<R>(R result, RuntimeException error) {

        public static <R> Answer<R> of(R result) {
            return new Answer<>(result, null);
        }

        public static <R> Answer<R> failed(RuntimeException error) {
            return new Answer<>(null, error);
        }
    }

    private record Waiting<T, R>(T request, CompletableFuture<R> answer) {}

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final String name;
    private final int writers;
    private final int maxBatch;
    private final Function<List<T>, List<Answer<R>>> batch;
    private final BlockingQueue<Waiting<T, R>> queue = new LinkedBlockingQueue<>(100_000);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /** {@code batch} posts the requests it is given and answers them in the same order. */
    public GroupCommit(String name, int writers, int maxBatch, Function<List<T>, List<Answer<R>>> batch) {
        this.name = name;
        this.writers = writers;
        this.maxBatch = maxBatch;
        this.batch = batch;
    }

    /**
     * Splits a batch by a key (its operator, say), posts each part with {@code part} and puts the answers back in the
     * batch's order.
     */
    public static <T, R, K> List<Answer<R>> byKey(
            List<T> requests, Function<T, K> key, java.util.function.BiFunction<K, List<T>, List<Answer<R>>> part) {
        java.util.Map<K, List<Integer>> parts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            parts.computeIfAbsent(key.apply(requests.get(i)), k -> new ArrayList<>())
                    .add(i);
        }
        List<Answer<R>> answers = new ArrayList<>(java.util.Collections.nCopies(requests.size(), null));
        parts.forEach((k, indexes) -> {
            List<Answer<R>> answered =
                    part.apply(k, indexes.stream().map(requests::get).toList());
            for (int j = 0; j < indexes.size(); j++) {
                answers.set(indexes.get(j), answered.get(j));
            }
        });
        return answers;
    }

    /** Posts {@code request} with whatever else is arriving; its result, or its error thrown. */
    public R submit(T request, Supplier<R> alone) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        if (!running || !queue.offer(new Waiting<>(request, answer))) {
            return alone.get();
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
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not answer within 30 seconds", e);
        }
    }

    private void write() {
        List<Waiting<T, R>> waiting = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Waiting<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                waiting.clear();
                waiting.add(first);
                queue.drainTo(waiting, maxBatch - 1);
                List<Answer<R>> answers =
                        batch.apply(waiting.stream().map(Waiting::request).toList());
                for (int i = 0; i < waiting.size(); i++) {
                    Answer<R> answer = answers.get(i);
                    if (answer.error() != null) {
                        waiting.get(i).answer().completeExceptionally(answer.error());
                    } else {
                        waiting.get(i).answer().complete(answer.result());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("{} failed", name, e);
                waiting.forEach(w -> w.answer().completeExceptionally(e));
            }
        }
    }

    public void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::write, name + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

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

    public boolean isRunning() {
        return running;
    }
}
