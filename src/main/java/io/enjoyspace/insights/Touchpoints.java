package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What members look at in the portal (offerings, categories, offers opened), as view facts. A view is only queued in
 * memory: a job writes the queue in batches every second, so a page never waits on the database for it. Views are
 * analytics, not records: the few queued when a node stops, or beyond {@link #CAPACITY} under a flood, are lost.
 */
@Component
class Touchpoints {

    static final int CAPACITY = 100_000;

    private final Queue<Fact> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final FactRecorder recorder;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Touchpoints(FactRecorder recorder, TransactionTemplate transaction, Clock clock) {
        this.recorder = recorder;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Queues a view by the signed-in member; false when the queue is full and the view was dropped. */
    boolean viewed(Actor member, FactKind kind, String subjectId) {
        if (!kind.isView()) {
            throw new IllegalArgumentException(kind + " is not a touchpoint");
        }
        if (queued.incrementAndGet() > CAPACITY) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(Fact.of(member.requireOperator(), kind, subjectId, clock.instant())
                .member(member.memberId())
                .offering(kind == FactKind.OFFERING_VIEW ? Long.valueOf(subjectId) : null)
                .category(kind == FactKind.CATEGORY_VIEW ? Long.valueOf(subjectId) : null));
        return true;
    }

    @Scheduled(initialDelayString = "PT2S", fixedDelayString = "${enjoyspace.insights.touchpoint-interval:PT1S}")
    void scheduled() {
        flush();
    }

    /** Writes every queued view; answers how many. */
    int flush() {
        int written = 0;
        while (true) {
            List<Fact> batch = new ArrayList<>();
            Fact next;
            while (batch.size() < FactRecorder.BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return written;
            }
            queued.addAndGet(-batch.size());
            transaction.executeWithoutResult(status -> recorder.recordAll(batch));
            written += batch.size();
        }
    }
}
