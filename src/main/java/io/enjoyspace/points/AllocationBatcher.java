package io.enjoyspace.points;

import io.enjoyspace.points.PointsAllocations.Grant;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for a company pool, the hottest account there is. Allocations that arrive together from one pool are
 * posted in one database transaction that takes the pool's lock once, instead of each waiting its turn for the lock
 * and a commit. Each allocation is still its own ledger transaction under its own key, checked against the pool's
 * balance as it stands after the ones before it; if the batch fails as a whole, every allocation in it is posted
 * again on its own.
 */
@Component
class AllocationBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AllocationBatcher.class);
    static final int MAX_BATCH = 200;

    /** An allocation posted, and the pool's balance right after it. */
    record Allocated(PointsTransaction transaction, long poolBalance) {}

    private record Waiting(
            long operatorId,
            long enterpriseId,
            String idempotencyKey,
            List<Grant> grants,
            long byUserId,
            CompletableFuture<Allocated> answer) {}

    private final PointsAllocations allocations;
    private final PointsLedger ledger;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>(50_000);
    private volatile boolean running;
    private Thread writer;

    AllocationBatcher(
            PointsAllocations allocations, PointsLedger ledger, JdbcClient jdbc, TransactionTemplate transaction) {
        this.allocations = allocations;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    Allocated allocate(long operatorId, long enterpriseId, String idempotencyKey, List<Grant> grants, long byUserId) {
        allocations.check(operatorId, enterpriseId, grants);
        CompletableFuture<Allocated> answer = new CompletableFuture<>();
        if (!running || !queue.offer(new Waiting(operatorId, enterpriseId, idempotencyKey, grants, byUserId, answer))) {
            return alone(new Waiting(operatorId, enterpriseId, idempotencyKey, grants, byUserId, answer));
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
            throw new IllegalStateException("interrupted while allocating", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the allocation was not posted within 30 seconds", e);
        }
    }

    private Allocated alone(Waiting waiting) {
        PointsTransaction posted = allocations.allocate(
                waiting.operatorId(),
                waiting.enterpriseId(),
                waiting.idempotencyKey(),
                waiting.grants(),
                waiting.byUserId());
        return new Allocated(posted, ledger.balance(waiting.operatorId(), Account.enterprise(waiting.enterpriseId())));
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
                Map<List<Long>, List<Waiting>> byPool = new LinkedHashMap<>();
                for (Waiting waiting : batch) {
                    byPool.computeIfAbsent(
                                    List.of(waiting.operatorId(), waiting.enterpriseId()), pool -> new ArrayList<>())
                            .add(waiting);
                }
                byPool.values().forEach(this::post);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void post(List<Waiting> pool) {
        Map<Waiting, Object> outcomes = new java.util.IdentityHashMap<>();
        try {
            transaction.executeWithoutResult(status -> {
                outcomes.clear();
                Waiting first = pool.get(0);
                long balance = jdbc.sql("""
                                select balance from points_account
                                where operator_id = :operatorId and owner_type = 'ENTERPRISE' and owner_id = :enterpriseId
                                for update
                                """)
                        .param("operatorId", first.operatorId())
                        .param("enterpriseId", first.enterpriseId())
                        .query(Long.class)
                        .optional()
                        .orElse(0L);
                List<PostTransaction> commands = new ArrayList<>();
                for (Waiting waiting : pool) {
                    commands.add(PointsAllocations.command(
                            waiting.operatorId(),
                            waiting.enterpriseId(),
                            waiting.idempotencyKey(),
                            waiting.grants(),
                            waiting.byUserId()));
                }
                java.util.Set<String> seen = seen(
                        first.operatorId(),
                        commands.stream().map(PostTransaction::idempotencyKey).toList());
                List<PostTransaction> accepted = new ArrayList<>();
                List<Waiting> acceptedFor = new ArrayList<>();
                List<Long> balanceAfter = new ArrayList<>();
                java.util.Set<String> keysInBatch = new java.util.HashSet<>();
                for (int i = 0; i < pool.size(); i++) {
                    Waiting waiting = pool.get(i);
                    PostTransaction command = commands.get(i);
                    if (seen.contains(command.idempotencyKey()) || !keysInBatch.add(command.idempotencyKey())) {
                        continue; // a replay: answered below, once the new ones are posted
                    }
                    long total = -command.postings().get(0).points();
                    if (total > balance) {
                        outcomes.put(waiting, new InsufficientPointsException());
                        continue;
                    }
                    balance -= total;
                    accepted.add(command);
                    acceptedFor.add(waiting);
                    balanceAfter.add(balance);
                }
                List<PointsTransaction> posted = ledger.allocateAll(first.operatorId(), first.enterpriseId(), accepted);
                for (int k = 0; k < posted.size(); k++) {
                    outcomes.put(acceptedFor.get(k), new Allocated(posted.get(k), balanceAfter.get(k)));
                }
                for (int i = 0; i < pool.size(); i++) {
                    if (!outcomes.containsKey(pool.get(i))) {
                        outcomes.put(pool.get(i), new Allocated(ledger.post(commands.get(i)), balance));
                    }
                }
            });
        } catch (RuntimeException e) {
            log.info(
                    "A batch of {} allocations failed as a whole ({}); posting them one by one",
                    pool.size(),
                    e.toString());
            for (Waiting waiting : pool) {
                try {
                    waiting.answer().complete(alone(waiting));
                } catch (RuntimeException single) {
                    waiting.answer().completeExceptionally(single);
                }
            }
            return;
        }
        for (Waiting waiting : pool) {
            Object outcome = outcomes.get(waiting);
            if (outcome instanceof Allocated allocated) {
                waiting.answer().complete(allocated);
            } else {
                waiting.answer().completeExceptionally((RuntimeException) outcome);
            }
        }
    }

    /** The keys among {@code keys} that name a transaction already. */
    private java.util.Set<String> seen(long operatorId, List<String> keys) {
        return new java.util.HashSet<>(jdbc.sql("select idempotency_key from points_transaction"
                        + " where operator_id = :operatorId and idempotency_key in (:keys)")
                .param("operatorId", operatorId)
                .param("keys", keys)
                .query(String.class)
                .list());
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::write, "allocation-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
