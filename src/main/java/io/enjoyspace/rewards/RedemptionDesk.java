package io.enjoyspace.rewards;

import io.enjoyspace.points.Hold;
import io.enjoyspace.points.PointsHolds;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.GroupCommit;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Money;
import io.enjoyspace.wallet.InsufficientWalletBalanceException;
import io.enjoyspace.wallet.MemberWallets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The mall's hot path. Redemptions that arrive together are written together by one writer thread (group commit): in
 * one database transaction it locks the rewards concerned once, decides stock and per-member limits in order of
 * arrival, holds everyone's points in one bulk ledger call, takes the stock with one guarded update per reward and
 * inserts the redemptions in one statement. Each request is still refused on its own (out of stock, limit reached, too
 * few points); a replayed key answers with its first redemption. A batch that fails as a whole is written again one
 * request at a time, each under the same reward lock, so stock and limits hold either way.
 */
@Component
class RedemptionDesk implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedemptionDesk.class);
    static final int MAX_BATCH = 200;

    /** A redemption to write, already checked against the reward's shape, window and eligibility. */
    record Reserve(
            long operatorId,
            long memberId,
            Long enterpriseId,
            Reward reward,
            int quantity,
            String deliveryAddress,
            IdempotencyKey key,
            String fingerprint) {}

    /** The redemption written (or found, {@code replayed}). */
    record Reserved(Redemption redemption, boolean replayed) {}

    private final JdbcClient jdbc;
    private final PointsHolds holds;
    private final MemberWallets wallets;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration reservationTimeout;
    private final SecureRandom random = new SecureRandom();
    private final GroupCommit<Reserve, Reserved> group =
            new GroupCommit<>("reward-redemption-writer", 1, MAX_BATCH, this::writeWaiting);

    RedemptionDesk(
            JdbcClient jdbc,
            PointsHolds holds,
            MemberWallets wallets,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${enjoyspace.rewards.reservation-timeout:P3D}") Duration reservationTimeout) {
        this.jdbc = jdbc;
        this.holds = holds;
        this.wallets = wallets;
        this.transaction = transaction;
        this.events = events;
        this.clock = clock;
        this.reservationTimeout = reservationTimeout;
    }

    Reserved reserve(Reserve request) {
        return group.submit(request, () -> alone(request));
    }

    private Reserved alone(Reserve request) {
        Object outcome = transaction.execute(status -> write(List.of(request)).get(0));
        if (outcome instanceof RuntimeException error) {
            throw error;
        }
        return (Reserved) outcome;
    }

    private List<GroupCommit.Answer<Reserved>> writeWaiting(List<Reserve> requests) {
        Map<Long, List<Reserve>> byOperator = new LinkedHashMap<>();
        requests.forEach(request -> byOperator
                .computeIfAbsent(request.operatorId(), id -> new ArrayList<>())
                .add(request));
        Map<Reserve, GroupCommit.Answer<Reserved>> answers = new IdentityHashMap<>();
        for (List<Reserve> batch : byOperator.values()) {
            try {
                List<Object> outcomes = transaction.execute(status -> write(batch));
                for (int i = 0; i < batch.size(); i++) {
                    answers.put(batch.get(i), answer(outcomes.get(i)));
                }
            } catch (RuntimeException e) {
                log.info(
                        "A batch of {} redemptions failed as a whole ({}); writing them one by one",
                        batch.size(),
                        e.toString());
                for (Reserve request : batch) {
                    try {
                        answers.put(request, GroupCommit.Answer.of(alone(request)));
                    } catch (RuntimeException single) {
                        answers.put(request, GroupCommit.Answer.failed(single));
                    }
                }
            }
        }
        return requests.stream().map(answers::get).toList();
    }

    private static GroupCommit.Answer<Reserved> answer(Object outcome) {
        return outcome instanceof RuntimeException error
                ? GroupCommit.Answer.failed(error)
                : GroupCommit.Answer.of((Reserved) outcome);
    }

    /** Writes one operator's requests in the current transaction; each answer is a {@link Reserved} or an error. */
    private List<Object> write(List<Reserve> requests) {
        long operatorId = requests.get(0).operatorId();
        Instant now = clock.instant();
        Object[] outcomes = new Object[requests.size()];

        // Replays: a key already used by the member answers with its redemption, or 409 for a different request.
        Map<String, Integer> firstOfKey = new HashMap<>();
        Map<String, Long> earlier = new HashMap<>();
        Map<String, String> earlierHash = new HashMap<>();
        jdbc.sql("""
                        select id, member_id, idempotency_key, request_hash from reward_redemption
                        where operator_id = :operatorId and member_id in (:members) and idempotency_key in (:keys)
                        """)
                .param("operatorId", operatorId)
                .param(
                        "members",
                        requests.stream().map(Reserve::memberId).distinct().toList())
                .param(
                        "keys",
                        requests.stream().map(r -> r.key().value()).distinct().toList())
                .query((rs, row) -> {
                    String key = rs.getLong("member_id") + "|" + rs.getString("idempotency_key");
                    earlier.put(key, rs.getLong("id"));
                    earlierHash.put(key, rs.getString("request_hash"));
                    return null;
                })
                .list();
        List<Integer> fresh = new ArrayList<>();
        Map<Integer, Integer> duplicateOf = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Reserve request = requests.get(i);
            String key = request.memberId() + "|" + request.key().value();
            if (earlier.containsKey(key)) {
                outcomes[i] = earlierHash.get(key).equals(request.fingerprint())
                        ? new Reserved(Redemptions.find(jdbc, operatorId, earlier.get(key)), true)
                        : keyReused();
            } else if (firstOfKey.containsKey(key)) {
                duplicateOf.put(i, firstOfKey.get(key));
            } else {
                firstOfKey.put(key, i);
                fresh.add(i);
            }
        }

        if (!fresh.isEmpty()) {
            reserveFresh(operatorId, requests, fresh, outcomes, now);
        }
        duplicateOf.forEach((i, first) -> {
            Object firstOutcome = outcomes[first];
            if (!requests.get(i).fingerprint().equals(requests.get(first).fingerprint())) {
                outcomes[i] = keyReused();
            } else if (firstOutcome instanceof Reserved reserved) {
                outcomes[i] = new Reserved(reserved.redemption(), true);
            } else {
                outcomes[i] = firstOutcome;
            }
        });
        return java.util.Arrays.asList(outcomes);
    }

    private void reserveFresh(
            long operatorId, List<Reserve> requests, List<Integer> fresh, Object[] outcomes, Instant now) {
        // Stock, under the rewards' row locks taken in id order (cancellations and stock edits take the same locks).
        TreeSet<Long> rewardIds = new TreeSet<>();
        fresh.forEach(i -> rewardIds.add(requests.get(i).reward().id()));
        Map<Long, Integer> stock = new HashMap<>();
        Map<Long, Integer> limit = new HashMap<>();
        Map<Long, Long> pointsPrice = new HashMap<>();
        Map<Long, Long> cashPrice = new HashMap<>();
        Map<Long, Boolean> published = new HashMap<>();
        Timestamp at = Timestamp.from(now);
        jdbc.sql("""
                        select id, stock, per_member_limit, points_price, cash_price_minor,
                               active and (published_from is null or published_from <= :now)
                                      and (published_until is null or published_until > :now) as published
                        from reward where operator_id = :operatorId and id in (:ids) order by id for update
                        """)
                .param("operatorId", operatorId)
                .param("ids", new ArrayList<>(rewardIds))
                .param("now", at)
                .query((rs, row) -> {
                    long id = rs.getLong("id");
                    stock.put(id, rs.getInt("stock"));
                    Integer perMember = rs.getObject("per_member_limit", Integer.class);
                    if (perMember != null) {
                        limit.put(id, perMember);
                    }
                    pointsPrice.put(id, rs.getLong("points_price"));
                    cashPrice.put(id, rs.getLong("cash_price_minor"));
                    published.put(id, rs.getBoolean("published"));
                    return null;
                })
                .list();

        // What each member already has of each limited reward (open and fulfilled redemptions count).
        Map<String, Long> taken = new HashMap<>();
        List<Long> limited = fresh.stream()
                .map(i -> requests.get(i).reward().id())
                .filter(limit::containsKey)
                .distinct()
                .toList();
        if (!limited.isEmpty()) {
            jdbc.sql("""
                            select reward_id, member_id, sum(quantity) as taken from reward_redemption
                            where operator_id = :operatorId and reward_id in (:rewards) and member_id in (:members)
                              and status in ('RESERVED', 'CONFIRMED', 'FULFILLED')
                            group by reward_id, member_id
                            """)
                    .param("operatorId", operatorId)
                    .param("rewards", limited)
                    .param(
                            "members",
                            fresh.stream()
                                    .map(i -> requests.get(i).memberId())
                                    .distinct()
                                    .toList())
                    .query((rs, row) ->
                            taken.put(rs.getLong("reward_id") + "|" + rs.getLong("member_id"), rs.getLong("taken")))
                    .list();
        }

        // Wallet money for rewards with a cash part: checked before any points are held.
        Map<Long, Long> wallet = new HashMap<>();
        List<Integer> candidates = new ArrayList<>();
        for (int i : fresh) {
            Reserve request = requests.get(i);
            long rewardId = request.reward().id();
            if (!published.getOrDefault(rewardId, false)) {
                outcomes[i] = new io.enjoyspace.shared.NotFoundException();
                continue;
            }
            long cash = cashPrice.get(rewardId) * request.quantity();
            if (cash > 0) {
                long balance = wallet.computeIfAbsent(
                        request.memberId(),
                        member -> wallets.balance(operatorId, member).amountMinor());
                if (balance < cash) {
                    outcomes[i] = new InsufficientWalletBalanceException(
                                    Money.of(balance, MemberWallets.CURRENCY), Money.of(cash, MemberWallets.CURRENCY))
                            .onField("rewardId");
                    continue;
                }
                wallet.put(request.memberId(), balance - cash);
            }
            candidates.add(i);
        }

        // Stock and limits in order of arrival; then the points, in one call. A request refused for points gives its
        // stock back, and those refused for stock meanwhile try again, so nobody loses to a request that failed.
        List<Long> ids = jdbc.sql("select nextval(pg_get_serial_sequence('reward_redemption', 'id'))"
                        + " from generate_series(1, :n)")
                .param("n", candidates.size())
                .query(Long.class)
                .list();
        Map<Integer, Long> idOf = new HashMap<>();
        for (int k = 0; k < candidates.size(); k++) {
            idOf.put(candidates.get(k), ids.get(k));
        }
        Map<Integer, Hold> heldFor = new HashMap<>();
        List<Integer> pending = new ArrayList<>(candidates);
        while (!pending.isEmpty()) {
            List<Integer> round = new ArrayList<>();
            List<Integer> outOfStock = new ArrayList<>();
            for (int i : pending) {
                Reserve request = requests.get(i);
                long rewardId = request.reward().id();
                String memberKey = rewardId + "|" + request.memberId();
                if (limit.containsKey(rewardId)
                        && taken.getOrDefault(memberKey, 0L) + request.quantity() > limit.get(rewardId)) {
                    outcomes[i] = new ConflictException("rewards.limitReached", "the member's limit is reached");
                } else if (stock.get(rewardId) < request.quantity()) {
                    outOfStock.add(i);
                } else {
                    stock.merge(rewardId, -request.quantity(), Integer::sum);
                    taken.merge(memberKey, (long) request.quantity(), Long::sum);
                    round.add(i);
                }
            }
            boolean freed = false;
            if (!round.isEmpty()) {
                List<PointsHolds.Held> held = holds.holdAll(
                        operatorId,
                        round.stream()
                                .map(i -> new PointsHolds.HoldRequest(
                                        "reward-redemption:" + idOf.get(i),
                                        requests.get(i).memberId(),
                                        pointsPrice.get(requests.get(i).reward().id())
                                                * requests.get(i).quantity(),
                                        reservationTimeout.plusDays(1),
                                        "REWARD_REDEMPTION",
                                        "REWARD_REDEMPTION",
                                        Long.toString(idOf.get(i))))
                                .toList());
                for (int k = 0; k < round.size(); k++) {
                    int i = round.get(k);
                    Reserve request = requests.get(i);
                    if (held.get(k).error() != null) {
                        outcomes[i] = new ConflictException("rewards.insufficientPoints", "not enough points");
                        stock.merge(request.reward().id(), request.quantity(), Integer::sum);
                        taken.merge(
                                request.reward().id() + "|" + request.memberId(),
                                (long) -request.quantity(),
                                Long::sum);
                        freed = true;
                    } else {
                        heldFor.put(i, held.get(k).hold());
                    }
                }
            }
            if (freed && !outOfStock.isEmpty()) {
                pending = outOfStock;
            } else {
                outOfStock.forEach(
                        i -> outcomes[i] = new ConflictException("rewards.outOfStock", "the reward is out of stock"));
                pending = List.of();
            }
        }
        if (heldFor.isEmpty()) {
            return;
        }

        // Stock: one guarded update per reward, for the units this batch took.
        Map<Long, Integer> units = new HashMap<>();
        heldFor.keySet()
                .forEach(i -> units.merge(
                        requests.get(i).reward().id(), requests.get(i).quantity(), Integer::sum));
        units.forEach((rewardId, quantity) -> {
            int updated = jdbc.sql("""
                            update reward set stock = stock - :quantity
                            where operator_id = :operatorId and id = :id and stock >= :quantity
                            """)
                    .param("quantity", quantity)
                    .param("operatorId", operatorId)
                    .param("id", rewardId)
                    .update();
            if (updated != 1) {
                throw new IllegalStateException("reward " + rewardId + " has less stock than its lock said");
            }
        });

        // The redemptions, in one statement; then the wallet payments (rare) and the events.
        Instant expiresAt = now.plus(reservationTimeout);
        StringBuilder insert = new StringBuilder("""
                insert into reward_redemption (id, operator_id, reward_id, member_id, enterprise_id, reward_name, kind,
                                               quantity, points, cash_minor, credit_minor, currency, status,
                                               points_hold_id, pickup_code, delivery_status, delivery_address,
                                               idempotency_key, request_hash, reserved_at, expires_at)
                values\s""");
        Map<String, Object> values = new HashMap<>();
        values.put("operatorId", operatorId);
        values.put("now", at);
        values.put("expiresAt", Timestamp.from(expiresAt));
        int row = 0;
        List<Integer> written = new ArrayList<>(new TreeSet<>(heldFor.keySet()));
        Map<Integer, Redemption> redemptions = new HashMap<>();
        for (int i : written) {
            Reserve request = requests.get(i);
            Reward reward = request.reward();
            long points = pointsPrice.get(reward.id()) * request.quantity();
            long cash = cashPrice.get(reward.id()) * request.quantity();
            long credit = reward.creditMinor() * request.quantity();
            String pickupCode = reward.delivery() == Delivery.PICKUP ? pickupCode() : null;
            DeliveryStatus deliveryStatus = reward.delivery() == Delivery.DELIVERY ? DeliveryStatus.PENDING : null;
            insert.append(row == 0 ? "" : ", ")
                    .append(("(:id%1$d, :operatorId, :reward%1$d, :member%1$d, :enterprise%1$d, :name%1$d, :kind%1$d,"
                                    + " :quantity%1$d, :points%1$d, :cash%1$d, :credit%1$d, :currency%1$d, 'RESERVED',"
                                    + " :hold%1$d, :pickup%1$d, :delivery%1$d, :address%1$d, :key%1$d, :hash%1$d, :now,"
                                    + " :expiresAt)")
                            .formatted(row));
            long id = idOf.get(i);
            Long enterpriseId = reward.kind() == RewardKind.RENT_CREDIT ? request.enterpriseId() : null;
            values.put("id" + row, id);
            values.put("reward" + row, reward.id());
            values.put("member" + row, request.memberId());
            values.put("enterprise" + row, enterpriseId);
            values.put("name" + row, reward.name());
            values.put("kind" + row, reward.kind().name());
            values.put("quantity" + row, request.quantity());
            values.put("points" + row, points);
            values.put("cash" + row, cash);
            values.put("credit" + row, credit);
            values.put("currency" + row, reward.currency());
            values.put("hold" + row, heldFor.get(i).id());
            values.put("pickup" + row, pickupCode);
            values.put("delivery" + row, deliveryStatus == null ? null : deliveryStatus.name());
            values.put("address" + row, request.deliveryAddress());
            values.put("key" + row, request.key().value());
            values.put("hash" + row, request.fingerprint());
            row++;
            redemptions.put(
                    i,
                    new Redemption(
                            id,
                            operatorId,
                            reward.id(),
                            request.memberId(),
                            enterpriseId,
                            reward.name(),
                            reward.kind(),
                            request.quantity(),
                            points,
                            cash,
                            credit,
                            reward.currency(),
                            RedemptionStatus.RESERVED,
                            heldFor.get(i).id(),
                            pickupCode,
                            deliveryStatus,
                            request.deliveryAddress(),
                            null,
                            null,
                            now,
                            expiresAt,
                            null,
                            null,
                            null,
                            null));
        }
        jdbc.sql(insert.toString()).params(values).update();
        for (int i : written) {
            Redemption redemption = redemptions.get(i);
            if (redemption.cashMinor() > 0) {
                long paymentId = wallets.pay(
                                operatorId,
                                redemption.memberId(),
                                Money.of(redemption.cashMinor(), MemberWallets.CURRENCY),
                                new IdempotencyKey("reward-redemption:" + redemption.id()),
                                "REWARD_REDEMPTION",
                                Long.toString(redemption.id()))
                        .id();
                jdbc.sql("update reward_redemption set wallet_transaction_id = :payment"
                                + " where operator_id = :operatorId and id = :id")
                        .param("payment", paymentId)
                        .param("operatorId", operatorId)
                        .param("id", redemption.id())
                        .update();
            }
            events.publishEvent(new RewardRedeemed(
                    operatorId,
                    redemption.memberId(),
                    redemption.rewardId(),
                    redemption.id(),
                    redemption.points(),
                    redemption.quantity(),
                    now));
            outcomes[i] = new Reserved(redemption, false);
        }
    }

    private String pickupCode() {
        return "%06d".formatted(random.nextInt(1_000_000));
    }

    private static ConflictException keyReused() {
        return new ConflictException("rewards.idempotencyConflict", "the key was used for a different redemption");
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
