package io.enjoyspace.points;

import io.enjoyspace.points.PointsAllocations.Grant;
import io.enjoyspace.shared.GroupCommit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            long operatorId, long enterpriseId, String idempotencyKey, List<Grant> grants, long byUserId) {}

    private final PointsAllocations allocations;
    private final PointsLedger ledger;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final GroupCommit<Waiting, Allocated> group =
            new GroupCommit<>("allocation-writer", 1, MAX_BATCH, this::postWaiting);

    AllocationBatcher(
            PointsAllocations allocations, PointsLedger ledger, JdbcClient jdbc, TransactionTemplate transaction) {
        this.allocations = allocations;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    Allocated allocate(long operatorId, long enterpriseId, String idempotencyKey, List<Grant> grants, long byUserId) {
        allocations.check(operatorId, enterpriseId, grants);
        Waiting request = new Waiting(operatorId, enterpriseId, idempotencyKey, grants, byUserId);
        return group.submit(request, () -> alone(request));
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

    private List<GroupCommit.Answer<Allocated>> postWaiting(List<Waiting> requests) {
        Map<List<Long>, List<Waiting>> byPool = new LinkedHashMap<>();
        for (Waiting waiting : requests) {
            byPool.computeIfAbsent(List.of(waiting.operatorId(), waiting.enterpriseId()), pool -> new ArrayList<>())
                    .add(waiting);
        }
        Map<Waiting, GroupCommit.Answer<Allocated>> answers = new java.util.IdentityHashMap<>();
        byPool.values().forEach(pool -> answers.putAll(post(pool)));
        return requests.stream().map(answers::get).toList();
    }

    private Map<Waiting, GroupCommit.Answer<Allocated>> post(List<Waiting> pool) {
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
            Map<Waiting, GroupCommit.Answer<Allocated>> answers = new java.util.IdentityHashMap<>();
            for (Waiting waiting : pool) {
                try {
                    answers.put(waiting, GroupCommit.Answer.of(alone(waiting)));
                } catch (RuntimeException single) {
                    answers.put(waiting, GroupCommit.Answer.failed(single));
                }
            }
            return answers;
        }
        Map<Waiting, GroupCommit.Answer<Allocated>> answers = new java.util.IdentityHashMap<>();
        for (Waiting waiting : pool) {
            Object outcome = outcomes.get(waiting);
            answers.put(
                    waiting,
                    outcome instanceof Allocated allocated
                            ? GroupCommit.Answer.of(allocated)
                            : GroupCommit.Answer.failed((RuntimeException) outcome));
        }
        return answers;
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
        group.start();
    }

    @Override
    public void stop() {
        group.stop();
    }

    @Override
    public boolean isRunning() {
        return group.isRunning();
    }
}
