package io.enjoyspace.points;

import io.enjoyspace.shared.GroupCommit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for redemptions: spends that arrive together are posted in one database transaction through the
 * ledger's bulk spend, each still its own transaction under its own key and refused on its own when the member falls
 * short. A replayed key answers with its first transaction; if a batch fails as a whole, its spends are posted again
 * one by one.
 */
@Component
class RedemptionBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedemptionBatcher.class);
    static final int MAX_BATCH = 250;

    /** A spend posted, and the member's balance right after it. */
    record Redeemed(PointsTransaction transaction, long balance) {}

    private record Waiting(PostTransaction spend) {}

    private final PointsLedger ledger;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final GroupCommit<Waiting, Redeemed> group =
            new GroupCommit<>("redemption-writer", 1, MAX_BATCH, this::postWaiting);

    RedemptionBatcher(PointsLedger ledger, JdbcClient jdbc, TransactionTemplate transaction) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Posts {@code spend} (a member debit and a redeemed credit) together with whatever else is arriving. */
    Redeemed redeem(PostTransaction spend) {
        return group.submit(new Waiting(spend), () -> alone(spend));
    }

    private Redeemed alone(PostTransaction spend) {
        PointsTransaction posted = ledger.post(spend);
        return new Redeemed(
                posted,
                ledger.balance(spend.operatorId(), spend.postings().get(0).account()));
    }

    private List<GroupCommit.Answer<Redeemed>> postWaiting(List<Waiting> requests) {
        Map<Long, List<Waiting>> byOperator = new LinkedHashMap<>();
        for (Waiting waiting : requests) {
            byOperator
                    .computeIfAbsent(waiting.spend().operatorId(), id -> new ArrayList<>())
                    .add(waiting);
        }
        Map<Waiting, GroupCommit.Answer<Redeemed>> answers = new java.util.IdentityHashMap<>();
        byOperator.values().forEach(group -> answers.putAll(post(group)));
        return requests.stream().map(answers::get).toList();
    }

    private Map<Waiting, GroupCommit.Answer<Redeemed>> post(List<Waiting> waiting) {
        long operatorId = waiting.get(0).spend().operatorId();
        Map<Waiting, Object> outcomes = new java.util.IdentityHashMap<>();
        try {
            transaction.executeWithoutResult(status -> {
                outcomes.clear();
                Set<String> seen = new HashSet<>(jdbc.sql("select idempotency_key from points_transaction"
                                + " where operator_id = :operatorId and idempotency_key in (:keys)")
                        .param("operatorId", operatorId)
                        .param(
                                "keys",
                                waiting.stream()
                                        .map(w -> w.spend().idempotencyKey())
                                        .toList())
                        .query(String.class)
                        .list());
                List<Waiting> fresh = new ArrayList<>();
                Set<String> keys = new HashSet<>();
                for (Waiting w : waiting) {
                    if (!seen.contains(w.spend().idempotencyKey())
                            && keys.add(w.spend().idempotencyKey())) {
                        fresh.add(w);
                    }
                }
                List<PointsLedger.Spent> spent = ledger.spendAll(
                        operatorId, fresh.stream().map(Waiting::spend).toList());
                for (int i = 0; i < fresh.size(); i++) {
                    PointsLedger.Spent one = spent.get(i);
                    outcomes.put(
                            fresh.get(i),
                            one.error() != null ? one.error() : new Redeemed(one.transaction(), one.balance()));
                }
                for (Waiting w : waiting) {
                    if (!outcomes.containsKey(w)) {
                        // A replay, of an earlier request or of one in this batch: its first transaction.
                        PointsTransaction first = ledger.post(w.spend());
                        outcomes.put(
                                w,
                                new Redeemed(
                                        first,
                                        ledger.balance(
                                                operatorId,
                                                w.spend().postings().get(0).account())));
                    }
                }
            });
        } catch (RuntimeException e) {
            log.info(
                    "A batch of {} redemptions failed as a whole ({}); posting them one by one",
                    waiting.size(),
                    e.toString());
            Map<Waiting, GroupCommit.Answer<Redeemed>> answers = new java.util.IdentityHashMap<>();
            for (Waiting w : waiting) {
                try {
                    answers.put(w, GroupCommit.Answer.of(alone(w.spend())));
                } catch (RuntimeException single) {
                    answers.put(w, GroupCommit.Answer.failed(single));
                }
            }
            return answers;
        }
        Map<Waiting, GroupCommit.Answer<Redeemed>> answers = new java.util.IdentityHashMap<>();
        for (Waiting w : waiting) {
            Object outcome = outcomes.get(w);
            answers.put(
                    w,
                    outcome instanceof Redeemed redeemed
                            ? GroupCommit.Answer.of(redeemed)
                            : GroupCommit.Answer.failed((RuntimeException) outcome));
        }
        return answers;
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
