package io.enjoyspace.points;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only way points move. A transaction is a set of postings that sum to zero, written once and never changed;
 * member and enterprise balances are guarded in the same statement that changes them and by a CHECK constraint, so no
 * race can spend a point twice.
 *
 * <p>System accounts (issuance, redeemed …) take part in every transaction of their kind. Their balance is not kept in a
 * row: updating one row per operator on every award would serialise the whole operator. It is the sum of their entries.
 */
@Service
public class PointsLedger {

    private final JdbcClient jdbc;
    private final Lots lots;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PointsLedger(JdbcClient jdbc, Lots lots, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.lots = lots;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public PointsTransaction post(PostTransaction command) {
        validate(command);
        String fingerprint = fingerprint(command);
        Instant now = clock.instant();
        // The key's unique index decides: a second transaction under the same key waits here until the first
        // commits, then finds it and answers with it (or rolls back, and this one goes ahead).
        Optional<Long> inserted = jdbc.sql("""
                        insert into points_transaction (operator_id, idempotency_key, request_hash, reason_code,
                                                        reference_type, reference_id, memo, created_by_user_id,
                                                        reverses_transaction_id, occurred_at)
                        values (:operatorId, :key, :hash, :reason, :referenceType, :referenceId, :memo, :createdBy,
                                :reverses, :now)
                        on conflict (operator_id, idempotency_key) do nothing
                        returning id
                        """)
                .param("operatorId", command.operatorId())
                .param("key", command.idempotencyKey())
                .param("hash", fingerprint)
                .param("reason", command.reasonCode())
                .param("referenceType", command.referenceType())
                .param("referenceId", command.referenceId())
                .param("memo", command.memo())
                .param("createdBy", command.createdByUserId())
                .param("reverses", command.reversesTransactionId())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .optional();
        if (inserted.isEmpty()) {
            return earlier(command.operatorId(), command.idempotencyKey(), fingerprint)
                    .orElseThrow(() -> new IllegalStateException("conflicting key without a transaction"));
        }
        long transactionId = inserted.get();

        // Liability accounts are locked in id order, so two transactions touching the same accounts cannot
        // deadlock; then debits run before credits, so that a credit can carry the expiry of what was debited.
        record Resolved(long accountId, Posting posting) {}
        List<Resolved> resolved = command.postings().stream()
                .map(posting -> new Resolved(accountId(command.operatorId(), posting.account()), posting))
                .sorted(Comparator.comparingLong(Resolved::accountId))
                .toList();
        List<Long> liabilities = resolved.stream()
                .filter(entry -> entry.posting().account().type().keepsBalance())
                .map(Resolved::accountId)
                .toList();
        if (!liabilities.isEmpty()) {
            long merged = jdbc
                    .sql("""
                            select id, merged_into_account_id from points_account
                            where operator_id = :operatorId and id in (:ids) order by id for update
                            """)
                    .param("operatorId", command.operatorId())
                    .param("ids", liabilities)
                    .query((rs, row) -> rs.getObject("merged_into_account_id"))
                    .list()
                    .stream()
                    .filter(java.util.Objects::nonNull)
                    .count();
            if (merged > 0) {
                throw new ConflictException("points.accountMerged", "the account was merged into another");
            }
        }
        List<Lots.Portion> debited = new ArrayList<>();
        if (command.allowDebt()) {
            jdbc.sql("select set_config('enjoyspace.debt_reversal', 'on', true)")
                    .query()
                    .singleValue();
        }
        for (Resolved entry : resolved) {
            Posting posting = entry.posting();
            if (posting.account().type().keepsBalance() && posting.points() < 0) {
                long lotPoints =
                        -changeBalance(command.operatorId(), entry.accountId(), posting.points(), command.allowDebt());
                if (!posting.account().type().isLiability()) {
                    continue;
                }
                debited.addAll(lots.consume(
                        command.operatorId(),
                        entry.accountId(),
                        transactionId,
                        lotPoints,
                        command.reversesTransactionId()));
            }
        }
        if (command.allowDebt()) {
            jdbc.sql("select set_config('enjoyspace.debt_reversal', 'off', true)")
                    .query()
                    .singleValue();
        }
        for (Resolved entry : resolved) {
            Posting posting = entry.posting();
            if (posting.account().type().keepsBalance() && posting.points() > 0) {
                // Into an account in debt, the credit repays the debt first and only the rest becomes lots.
                long lotPoints = changeBalance(command.operatorId(), entry.accountId(), posting.points(), false);
                if (lotPoints == 0 || !posting.account().type().isLiability()) {
                    continue;
                }
                if (command.reversesTransactionId() != null) {
                    lots.restore(
                            command.operatorId(),
                            entry.accountId(),
                            transactionId,
                            command.reversesTransactionId(),
                            lotPoints);
                } else if (posting.carryExpiry()) {
                    lots.carry(command.operatorId(), entry.accountId(), transactionId, lotPoints, debited, now);
                } else {
                    lots.open(
                            command.operatorId(),
                            entry.accountId(),
                            transactionId,
                            lotPoints,
                            posting.expiresAt(),
                            now);
                }
            }
        }
        StringBuilder entries =
                new StringBuilder("insert into points_entry (operator_id, transaction_id, account_id, amount) values ");
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        values.put("operatorId", command.operatorId());
        values.put("transactionId", transactionId);
        for (int i = 0; i < resolved.size(); i++) {
            entries.append(i == 0 ? "" : ", ")
                    .append("(:operatorId, :transactionId, :account")
                    .append(i)
                    .append(", :amount")
                    .append(i)
                    .append(')');
            values.put("account" + i, resolved.get(i).accountId());
            values.put("amount" + i, resolved.get(i).posting().points());
        }
        jdbc.sql(entries.toString()).params(values).update();
        long issued = -command.postings().stream()
                .filter(posting -> posting.account().type() == AccountType.ISSUANCE)
                .mapToLong(Posting::points)
                .sum();
        events.publishEvent(new PointsPosted(
                command.operatorId(),
                transactionId,
                command.reasonCode(),
                command.referenceType(),
                command.referenceId(),
                issued,
                command.postings(),
                now));
        return new PointsTransaction(
                transactionId,
                command.operatorId(),
                command.reasonCode(),
                command.referenceType(),
                command.referenceId(),
                now,
                command.postings(),
                false);
    }

    /** One award for {@link #awardAll}: points from the issuance account to a member, keyed and explained. */
    public record Award(
            String idempotencyKey,
            long memberId,
            long points,
            Instant expiresAt,
            String reasonCode,
            String referenceType,
            String referenceId,
            String memo) {

        PostTransaction command(long operatorId) {
            PostTransaction award = PostTransaction.award(
                    operatorId,
                    idempotencyKey,
                    Account.member(memberId),
                    points,
                    expiresAt,
                    reasonCode,
                    referenceType,
                    referenceId);
            return new PostTransaction(
                    operatorId, idempotencyKey, reasonCode, referenceType, referenceId, memo, null, award.postings());
        }
    }

    /**
     * Posts many awards to members in a few statements instead of a dozen each: the same transactions, entries, lots
     * and balances as {@link #post} would write one by one, with the same idempotency (a key seen before answers with
     * its first transaction), the accounts locked once in id order, and one {@link PointsPostedTogether} event for all.
     * Answers in the order of {@code awards}, whose keys must differ.
     */
    @Transactional
    public List<PointsTransaction> awardAll(long operatorId, List<Award> awards) {
        if (awards.isEmpty()) {
            return List.of();
        }
        List<PostTransaction> commands = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Award award : awards) {
            PostTransaction command = award.command(operatorId);
            validate(command);
            if (!keys.add(award.idempotencyKey())) {
                throw new IllegalArgumentException("an idempotency key appears once per call");
            }
            commands.add(command);
        }
        Instant now = clock.instant();
        Map<String, Long> inserted = insertTransactions(operatorId, commands, now);

        List<Long> memberIds = awards.stream()
                .filter(award -> inserted.containsKey(award.idempotencyKey()))
                .map(Award::memberId)
                .distinct()
                .toList();
        Map<Long, Long> accountOfMember = new HashMap<>();
        if (!memberIds.isEmpty()) {
            jdbc.sql("select id, owner_id from points_account"
                            + " where operator_id = :operatorId and owner_type = 'MEMBER' and owner_id in (:members)")
                    .param("operatorId", operatorId)
                    .param("members", memberIds)
                    .query((rs, row) -> accountOfMember.put(rs.getLong("owner_id"), rs.getLong("id")))
                    .list();
            for (Long memberId : memberIds) {
                if (!accountOfMember.containsKey(memberId)) {
                    accountOfMember.put(memberId, createOrFind(operatorId, Account.member(memberId)));
                }
            }
            List<Long> accountIds = accountOfMember.values().stream().sorted().toList();
            long merged = jdbc
                    .sql("select id, merged_into_account_id from points_account"
                            + " where operator_id = :operatorId and id in (:ids) order by id for update")
                    .param("operatorId", operatorId)
                    .param("ids", accountIds)
                    .query((rs, row) -> rs.getObject("merged_into_account_id"))
                    .list()
                    .stream()
                    .filter(java.util.Objects::nonNull)
                    .count();
            if (merged > 0) {
                throw new ConflictException("points.accountMerged", "the account was merged into another");
            }
        }

        // Balances move once per account; each award's lot gets what it adds above zero, in order.
        Map<Long, Long> delta = new LinkedHashMap<>();
        for (Award award : awards) {
            if (inserted.containsKey(award.idempotencyKey())) {
                delta.merge(accountOfMember.get(award.memberId()), award.points(), Long::sum);
            }
        }
        Map<Long, Long> running = delta.isEmpty() ? new HashMap<>() : addToBalances(operatorId, delta);
        long issuance = accountId(operatorId, Account.system(AccountType.ISSUANCE));
        StringBuilder lots = new StringBuilder("insert into points_lot (operator_id, account_id, transaction_id,"
                + " points, remaining, expires_at, created_at) values ");
        StringBuilder entries =
                new StringBuilder("insert into points_entry (operator_id, transaction_id, account_id, amount) values ");
        Map<String, Object> lotValues = new HashMap<>();
        Map<String, Object> entryValues = new HashMap<>();
        lotValues.put("operatorId", operatorId);
        lotValues.put("now", Timestamp.from(now));
        entryValues.put("operatorId", operatorId);
        entryValues.put("issuance", issuance);
        int lotCount = 0;
        int entryCount = 0;
        List<PointsTransaction> answers = new ArrayList<>();
        List<PointsPosted> posted = new ArrayList<>();
        for (int i = 0; i < awards.size(); i++) {
            Award award = awards.get(i);
            PostTransaction command = commands.get(i);
            Long transactionId = inserted.get(award.idempotencyKey());
            if (transactionId == null) {
                answers.add(earlier(operatorId, award.idempotencyKey(), fingerprint(command))
                        .orElseThrow(() -> new IllegalStateException("conflicting key without a transaction")));
                continue;
            }
            long account = accountOfMember.get(award.memberId());
            long before = running.get(account);
            long after = before + award.points();
            running.put(account, after);
            long lotPoints = Math.max(0, after) - Math.max(0, before);
            if (lotPoints > 0) {
                lots.append(lotCount == 0 ? "" : ", ")
                        .append("(:operatorId, :account%1$d, :transaction%1$d, :points%1$d, :points%1$d,"
                                .formatted(lotCount))
                        .append(" :expiresAt%d, :now)".formatted(lotCount));
                lotValues.put("account" + lotCount, account);
                lotValues.put("transaction" + lotCount, transactionId);
                lotValues.put("points" + lotCount, lotPoints);
                lotValues.put(
                        "expiresAt" + lotCount, award.expiresAt() == null ? null : Timestamp.from(award.expiresAt()));
                lotCount++;
            }
            entries.append(entryCount == 0 ? "" : ", ")
                    .append("(:operatorId, :transaction%1$d, :issuance, :debit%1$d),".formatted(i))
                    .append(" (:operatorId, :transaction%1$d, :account%1$d, :credit%1$d)".formatted(i));
            entryValues.put("transaction" + i, transactionId);
            entryValues.put("debit" + i, -award.points());
            entryValues.put("account" + i, account);
            entryValues.put("credit" + i, award.points());
            entryCount++;
            answers.add(new PointsTransaction(
                    transactionId,
                    operatorId,
                    command.reasonCode(),
                    command.referenceType(),
                    command.referenceId(),
                    now,
                    command.postings(),
                    false));
            posted.add(new PointsPosted(
                    operatorId,
                    transactionId,
                    command.reasonCode(),
                    command.referenceType(),
                    command.referenceId(),
                    award.points(),
                    command.postings(),
                    now));
        }
        if (lotCount > 0) {
            jdbc.sql(lots.toString()).params(lotValues).update();
        }
        if (entryCount > 0) {
            jdbc.sql(entries.toString()).params(entryValues).update();
            events.publishEvent(new PointsPostedTogether(operatorId, posted));
        }
        return answers;
    }

    /**
     * Posts many allocations from one company pool in a few statements: the same transactions, entries, lot
     * consumptions, carried lots and balances as {@link #post} would write for each, in order. The caller holds the
     * pool's lock and has checked that the pool covers them all and that no key was used before; a key taken
     * meanwhile, or a pool that falls short after all, fails the whole call.
     */
    @Transactional
    public List<PointsTransaction> allocateAll(long operatorId, long enterpriseId, List<PostTransaction> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        Account pool = Account.enterprise(enterpriseId);
        for (PostTransaction command : commands) {
            validate(command);
            List<Posting> postings = command.postings();
            if (!postings.get(0).account().equals(pool)
                    || postings.stream()
                            .skip(1)
                            .anyMatch(p ->
                                    p.account().type() != AccountType.MEMBER || !p.carryExpiry() || p.points() <= 0)) {
                throw new IllegalArgumentException("an allocation debits the pool and credits members");
            }
        }
        Instant now = clock.instant();
        Map<String, Long> inserted = insertTransactions(operatorId, commands, now);
        if (inserted.size() != commands.size()) {
            throw new ConflictException("points.idempotencyConflict", "a key was used meanwhile");
        }

        long poolAccount = accountId(operatorId, pool);
        List<Long> memberIds = commands.stream()
                .flatMap(command -> command.postings().stream().skip(1))
                .map(posting -> posting.account().ownerId())
                .distinct()
                .toList();
        Map<Long, Long> accountOfMember = new HashMap<>();
        jdbc.sql("select id, owner_id from points_account"
                        + " where operator_id = :operatorId and owner_type = 'MEMBER' and owner_id in (:members)")
                .param("operatorId", operatorId)
                .param("members", memberIds)
                .query((rs, row) -> accountOfMember.put(rs.getLong("owner_id"), rs.getLong("id")))
                .list();
        for (Long memberId : memberIds) {
            if (!accountOfMember.containsKey(memberId)) {
                accountOfMember.put(memberId, createOrFind(operatorId, Account.member(memberId)));
            }
        }
        List<Long> locked = new ArrayList<>(accountOfMember.values());
        locked.add(poolAccount);
        long merged = jdbc
                .sql("select id, merged_into_account_id from points_account"
                        + " where operator_id = :operatorId and id in (:ids) order by id for update")
                .param("operatorId", operatorId)
                .param("ids", locked.stream().distinct().sorted().toList())
                .query((rs, row) -> rs.getObject("merged_into_account_id"))
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .count();
        if (merged > 0) {
            throw new ConflictException("points.accountMerged", "the account was merged into another");
        }

        // The pool gives its earliest-expiring lots first, allocation after allocation.
        long debit = commands.stream()
                .mapToLong(command -> -command.postings().get(0).points())
                .sum();
        jdbc.sql("update points_account set balance = balance - :debit"
                        + " where operator_id = :operatorId and id = :id and balance - :debit >= 0 returning balance")
                .param("debit", debit)
                .param("operatorId", operatorId)
                .param("id", poolAccount)
                .query(Long.class)
                .optional()
                .orElseThrow(InsufficientPointsException::new);
        List<Lots.Portion> poolLots = lots.covering(operatorId, poolAccount, debit);
        Map<Long, Long> takenFromLot = new LinkedHashMap<>();
        List<List<Lots.Portion>> debitedBy = new ArrayList<>();
        StringBuilder consumption = new StringBuilder(
                "insert into points_lot_consumption (operator_id, transaction_id, lot_id, points) values ");
        Map<String, Object> consumptionValues = new HashMap<>();
        consumptionValues.put("operatorId", operatorId);
        int consumptionCount = 0;
        int lotIndex = 0;
        long leftInLot = poolLots.isEmpty() ? 0 : poolLots.get(0).points();
        for (PostTransaction command : commands) {
            long needed = -command.postings().get(0).points();
            List<Lots.Portion> debited = new ArrayList<>();
            while (needed > 0) {
                if (lotIndex >= poolLots.size()) {
                    throw new IllegalStateException("the pool's lots do not cover its balance");
                }
                Lots.Portion lot = poolLots.get(lotIndex);
                long take = Math.min(needed, leftInLot);
                debited.add(new Lots.Portion(lot.lotId(), take, lot.expiresAt()));
                takenFromLot.merge(lot.lotId(), take, Long::sum);
                consumption
                        .append(consumptionCount == 0 ? "" : ", ")
                        .append("(:operatorId, :transaction%1$d, :lot%1$d, :points%1$d)".formatted(consumptionCount));
                consumptionValues.put("transaction" + consumptionCount, inserted.get(command.idempotencyKey()));
                consumptionValues.put("lot" + consumptionCount, lot.lotId());
                consumptionValues.put("points" + consumptionCount, take);
                consumptionCount++;
                needed -= take;
                leftInLot -= take;
                if (leftInLot == 0 && ++lotIndex < poolLots.size()) {
                    leftInLot = poolLots.get(lotIndex).points();
                }
            }
            debitedBy.add(debited);
        }
        lots.take(operatorId, takenFromLot);
        jdbc.sql(consumption.toString()).params(consumptionValues).update();

        // Members' balances move once each; every credit opens lots for what it adds above zero, carrying the
        // expiry dates of the pool lots its allocation took, in account order as a single post would.
        Map<Long, Long> delta = new LinkedHashMap<>();
        for (PostTransaction command : commands) {
            command.postings().stream()
                    .skip(1)
                    .forEach(posting ->
                            delta.merge(accountOfMember.get(posting.account().ownerId()), posting.points(), Long::sum));
        }
        Map<Long, Long> running = addToBalances(operatorId, delta);

        StringBuilder newLots = new StringBuilder("insert into points_lot (operator_id, account_id, transaction_id,"
                + " points, remaining, expires_at, created_at) values ");
        StringBuilder entries =
                new StringBuilder("insert into points_entry (operator_id, transaction_id, account_id, amount) values ");
        Map<String, Object> lotValues = new HashMap<>();
        Map<String, Object> entryValues = new HashMap<>();
        lotValues.put("operatorId", operatorId);
        lotValues.put("now", Timestamp.from(now));
        entryValues.put("operatorId", operatorId);
        int lotCount = 0;
        int entryCount = 0;
        List<PointsTransaction> answers = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            PostTransaction command = commands.get(i);
            long transactionId = inserted.get(command.idempotencyKey());
            List<Lots.Portion> debited = new ArrayList<>(debitedBy.get(i));
            record Credit(long account, long points) {}
            List<Credit> credits = command.postings().stream()
                    .skip(1)
                    .map(posting ->
                            new Credit(accountOfMember.get(posting.account().ownerId()), posting.points()))
                    .sorted(Comparator.comparingLong(Credit::account))
                    .toList();
            entries.append(entryCount == 0 ? "" : ", ")
                    .append("(:operatorId, :transaction%1$d, :account%1$d, :amount%1$d)".formatted(entryCount));
            entryValues.put("transaction" + entryCount, transactionId);
            entryValues.put("account" + entryCount, poolAccount);
            entryValues.put("amount" + entryCount, command.postings().get(0).points());
            entryCount++;
            for (Credit credit : credits) {
                long before = running.get(credit.account());
                long after = before + credit.points();
                running.put(credit.account(), after);
                long needed = Math.max(0, after) - Math.max(0, before);
                while (needed > 0 && !debited.isEmpty()) {
                    Lots.Portion portion = debited.remove(0);
                    long take = Math.min(needed, portion.points());
                    newLots.append(lotCount == 0 ? "" : ", ")
                            .append("(:operatorId, :account%1$d, :transaction%1$d, :points%1$d, :points%1$d,"
                                    .formatted(lotCount))
                            .append(" :expiresAt%d, :now)".formatted(lotCount));
                    lotValues.put("account" + lotCount, credit.account());
                    lotValues.put("transaction" + lotCount, transactionId);
                    lotValues.put("points" + lotCount, take);
                    lotValues.put(
                            "expiresAt" + lotCount,
                            portion.expiresAt() == null ? null : Timestamp.from(portion.expiresAt()));
                    lotCount++;
                    if (take < portion.points()) {
                        debited.add(0, new Lots.Portion(portion.lotId(), portion.points() - take, portion.expiresAt()));
                    }
                    needed -= take;
                }
                entries.append(", ")
                        .append("(:operatorId, :transaction%1$d, :account%1$d, :amount%1$d)".formatted(entryCount));
                entryValues.put("transaction" + entryCount, transactionId);
                entryValues.put("account" + entryCount, credit.account());
                entryValues.put("amount" + entryCount, credit.points());
                entryCount++;
            }
            answers.add(new PointsTransaction(
                    transactionId,
                    operatorId,
                    command.reasonCode(),
                    command.referenceType(),
                    command.referenceId(),
                    now,
                    command.postings(),
                    false));
        }
        if (lotCount > 0) {
            jdbc.sql(newLots.toString()).params(lotValues).update();
        }
        jdbc.sql(entries.toString()).params(entryValues).update();
        for (int i = 0; i < commands.size(); i++) {
            PostTransaction command = commands.get(i);
            events.publishEvent(new PointsPosted(
                    operatorId,
                    answers.get(i).id(),
                    command.reasonCode(),
                    command.referenceType(),
                    command.referenceId(),
                    0,
                    command.postings(),
                    now));
        }
        return answers;
    }

    /** One spend's answer from {@link #spendAll}: its transaction and the balance after it, or why it was refused. */
    public record Spent(PointsTransaction transaction, long balance, RuntimeException error) {}

    /**
     * Posts many spends from members' accounts to the redeemed account (or holds, to the held account) in a few statements, in order: each spend is
     * its own transaction under its own key, takes the member's earliest-expiring lots first, and is refused on its
     * own when the member's balance, after the spends before it, falls short. The caller has checked that no key was
     * used before; a key taken meanwhile fails the whole call.
     */
    @Transactional
    public List<Spent> spendAll(long operatorId, List<PostTransaction> spends) {
        if (spends.isEmpty()) {
            return List.of();
        }
        for (PostTransaction spend : spends) {
            validate(spend);
            List<Posting> postings = spend.postings();
            if (postings.size() != 2
                    || postings.get(0).account().type() != AccountType.MEMBER
                    || postings.get(0).points() >= 0
                    || !(postings.get(1).account().equals(Account.system(AccountType.REDEEMED))
                            || postings.get(1).account().equals(Account.system(AccountType.HELD)))) {
                throw new IllegalArgumentException(
                        "a spend debits a member and credits the redeemed (or, for a hold, the held) account");
            }
        }
        Instant now = clock.instant();
        List<Long> memberIds = spends.stream()
                .map(spend -> spend.postings().get(0).account().ownerId())
                .distinct()
                .toList();
        Map<Long, Long> accountOfMember = new HashMap<>();
        Map<Long, Long> running = new HashMap<>();
        jdbc.sql("select id, owner_id, balance, merged_into_account_id from points_account"
                        + " where operator_id = :operatorId and owner_type = 'MEMBER' and owner_id in (:members)"
                        + " order by id for update")
                .param("operatorId", operatorId)
                .param("members", memberIds)
                .query((rs, row) -> {
                    if (rs.getObject("merged_into_account_id") == null) {
                        accountOfMember.put(rs.getLong("owner_id"), rs.getLong("id"));
                        running.put(rs.getLong("id"), rs.getLong("balance"));
                    }
                    return null;
                })
                .list();
        Spent[] answers = new Spent[spends.size()];
        List<Integer> accepted = new ArrayList<>();
        Map<Long, Long> needed = new LinkedHashMap<>();
        for (int i = 0; i < spends.size(); i++) {
            Posting debit = spends.get(i).postings().get(0);
            Long account = accountOfMember.get(debit.account().ownerId());
            long points = -debit.points();
            if (account == null || running.get(account) < points) {
                answers[i] =
                        new Spent(null, account == null ? 0 : running.get(account), new InsufficientPointsException());
                continue;
            }
            running.merge(account, -points, Long::sum);
            needed.merge(account, points, Long::sum);
            accepted.add(i);
        }
        if (accepted.isEmpty()) {
            return List.of(answers);
        }
        Map<Long, Long> debits = new LinkedHashMap<>();
        needed.forEach((account, points) -> debits.put(account, -points));
        Map<String, Long> inserted = insertTransactions(
                operatorId, accepted.stream().map(spends::get).toList(), now, debits);
        if (inserted.size() != accepted.size()) {
            throw new ConflictException("points.idempotencyConflict", "a key was used meanwhile");
        }

        Map<Long, List<Lots.Portion>> lotsOf = lots.coveringEach(operatorId, needed);
        List<Long> consumedBy = new ArrayList<>();
        List<Long> consumedLots = new ArrayList<>();
        List<Long> consumedPoints = new ArrayList<>();
        List<Long> entryTransactions = new ArrayList<>();
        List<Long> entryAccounts = new ArrayList<>();
        List<Long> entryAmounts = new ArrayList<>();

        Map<Long, Long> takenFromLot = new LinkedHashMap<>();
        Map<Long, Long> balanceAfter = new HashMap<>();
        accountOfMember
                .values()
                .forEach(account -> balanceAfter.put(account, running.get(account) + needed.getOrDefault(account, 0L)));
        for (int k = 0; k < accepted.size(); k++) {
            int i = accepted.get(k);
            PostTransaction spend = spends.get(i);
            long account = accountOfMember.get(spend.postings().get(0).account().ownerId());
            long points = -spend.postings().get(0).points();
            long transactionId = inserted.get(spend.idempotencyKey());
            List<Lots.Portion> open = lotsOf.get(account);
            long left = points;
            while (left > 0) {
                if (open.isEmpty()) {
                    throw new IllegalStateException("the lots of account " + account + " do not cover its balance");
                }
                Lots.Portion lot = open.get(0);
                long take = Math.min(left, lot.points());
                consumedBy.add(transactionId);
                consumedLots.add(lot.lotId());
                consumedPoints.add(take);
                takenFromLot.merge(lot.lotId(), take, Long::sum);
                if (take == lot.points()) {
                    open.remove(0);
                } else {
                    open.set(0, new Lots.Portion(lot.lotId(), lot.points() - take, lot.expiresAt()));
                }
                left -= take;
            }
            entryTransactions.add(transactionId);
            entryAccounts.add(account);
            entryAmounts.add(-points);
            entryTransactions.add(transactionId);
            entryAccounts.add(accountId(operatorId, spend.postings().get(1).account()));
            entryAmounts.add(points);
            balanceAfter.merge(account, -points, Long::sum);
            answers[i] = new Spent(
                    new PointsTransaction(
                            transactionId,
                            operatorId,
                            spend.reasonCode(),
                            spend.referenceType(),
                            spend.referenceId(),
                            now,
                            spend.postings(),
                            false),
                    balanceAfter.get(account),
                    null);
        }
        // The lots taken from, what each spend took of them, and the entries, in one statement.
        jdbc.sql("""
                        with taken as (
                            update points_lot l set remaining = l.remaining - v.take
                            from unnest(cast(:lots as bigint[]), cast(:takes as bigint[])) as v (id, take)
                            where l.operator_id = :operatorId and l.id = v.id
                        ), consumed as (
                            insert into points_lot_consumption (operator_id, transaction_id, lot_id, points)
                            select :operatorId, transaction_id, lot_id, points
                            from unnest(cast(:consumedBy as bigint[]), cast(:consumedLots as bigint[]),
                                        cast(:consumedPoints as bigint[])) as v (transaction_id, lot_id, points)
                        )
                        insert into points_entry (operator_id, transaction_id, account_id, amount)
                        select :operatorId, transaction_id, account_id, amount
                        from unnest(cast(:entryTransactions as bigint[]), cast(:entryAccounts as bigint[]),
                                    cast(:entryAmounts as bigint[])) as v (transaction_id, account_id, amount)
                        """)
                .param("operatorId", operatorId)
                .param("lots", takenFromLot.keySet().toArray(Long[]::new))
                .param("takes", takenFromLot.values().toArray(Long[]::new))
                .param("consumedBy", consumedBy.toArray(Long[]::new))
                .param("consumedLots", consumedLots.toArray(Long[]::new))
                .param("consumedPoints", consumedPoints.toArray(Long[]::new))
                .param("entryTransactions", entryTransactions.toArray(Long[]::new))
                .param("entryAccounts", entryAccounts.toArray(Long[]::new))
                .param("entryAmounts", entryAmounts.toArray(Long[]::new))
                .update();
        List<PointsPosted> posted = new ArrayList<>();
        for (int i : accepted) {
            PostTransaction spend = spends.get(i);
            posted.add(new PointsPosted(
                    operatorId,
                    answers[i].transaction().id(),
                    spend.reasonCode(),
                    spend.referenceType(),
                    spend.referenceId(),
                    0,
                    spend.postings(),
                    now));
        }
        events.publishEvent(new PointsPostedTogether(operatorId, posted));
        return List.of(answers);
    }

    /**
     * Inserts the transactions of {@code commands} in one statement; the ids of those whose key was new, by key (a
     * key seen before is left out).
     */
    private static final String INSERT_TRANSACTIONS = """
            insert into points_transaction (operator_id, idempotency_key, request_hash, reason_code, reference_type,
                                            reference_id, memo, created_by_user_id, occurred_at)
            select :operatorId, idempotency_key, request_hash, reason_code, reference_type, reference_id, memo,
                   created_by, :now
            from unnest(cast(:keys as text[]), cast(:hashes as text[]), cast(:reasons as text[]),
                        cast(:referenceTypes as text[]), cast(:referenceIds as text[]), cast(:memos as text[]),
                        cast(:createdBy as bigint[])) with ordinality
                 as v (idempotency_key, request_hash, reason_code, reference_type, reference_id, memo, created_by, n)
            order by n
            on conflict (operator_id, idempotency_key) do nothing
            returning id, idempotency_key
            """;

    /** Put before {@link #INSERT_TRANSACTIONS}: the balances change in the same statement. */
    private static final String ADD_TO_BALANCES = """
            with balances as (
                update points_account a set balance = a.balance + v.delta
                from unnest(cast(:accounts as bigint[]), cast(:deltas as bigint[])) as v (id, delta)
                where a.operator_id = :operatorId and a.id = v.id
            )
            """;

    private Map<String, Long> insertTransactions(long operatorId, List<PostTransaction> commands, Instant now) {
        return insertTransactions(operatorId, commands, now, Map.of());
    }

    /**
     * As {@link #insertTransactions(long, List, Instant)}, adding {@code balanceDelta} to the (locked) accounts'
     * balances in the same statement.
     */
    private Map<String, Long> insertTransactions(
            long operatorId, List<PostTransaction> commands, Instant now, Map<Long, Long> balanceDelta) {
        Map<String, Long> inserted = new HashMap<>();
        jdbc.sql(balanceDelta.isEmpty() ? INSERT_TRANSACTIONS : ADD_TO_BALANCES + INSERT_TRANSACTIONS)
                .param("operatorId", operatorId)
                .param("now", Timestamp.from(now))
                .param(
                        "keys",
                        commands.stream().map(PostTransaction::idempotencyKey).toArray(String[]::new))
                .param(
                        "hashes",
                        commands.stream().map(PointsLedger::fingerprint).toArray(String[]::new))
                .param(
                        "reasons",
                        commands.stream().map(PostTransaction::reasonCode).toArray(String[]::new))
                .param(
                        "referenceTypes",
                        commands.stream().map(PostTransaction::referenceType).toArray(String[]::new))
                .param(
                        "referenceIds",
                        commands.stream().map(PostTransaction::referenceId).toArray(String[]::new))
                .param("memos", commands.stream().map(PostTransaction::memo).toArray(String[]::new))
                .param(
                        "createdBy",
                        commands.stream().map(PostTransaction::createdByUserId).toArray(Long[]::new))
                .param("accounts", balanceDelta.keySet().toArray(Long[]::new))
                .param("deltas", balanceDelta.values().toArray(Long[]::new))
                .query((rs, row) -> inserted.put(rs.getString("idempotency_key"), rs.getLong("id")))
                .list();
        return inserted;
    }

    /**
     * Adds {@code delta} to each account's balance in one statement (the accounts are locked already); each account's
     * balance before the change.
     */
    private Map<Long, Long> addToBalances(long operatorId, Map<Long, Long> delta) {
        Map<Long, Long> before = new HashMap<>();
        jdbc.sql("""
                        update points_account a set balance = a.balance + v.delta
                        from unnest(cast(:accounts as bigint[]), cast(:deltas as bigint[])) as v (id, delta)
                        where a.operator_id = :operatorId and a.id = v.id
                        returning a.id, a.balance
                        """)
                .param("operatorId", operatorId)
                .param("accounts", delta.keySet().toArray(Long[]::new))
                .param("deltas", delta.values().toArray(Long[]::new))
                .query((rs, row) -> before.put(rs.getLong("id"), rs.getLong("balance") - delta.get(rs.getLong("id"))))
                .list();
        return before;
    }

    /**
     * Changes a member or enterprise balance and answers how far the part above zero moved, which is what the
     * account's lots must follow: lots hold exactly the positive balance, a debt has no lots.
     */
    private long changeBalance(long operatorId, long accountId, long points, boolean allowDebt) {
        Long balance = jdbc.sql("""
                        update points_account set balance = balance + :points
                        where operator_id = :operatorId and id = :id
                          and (balance + :points >= 0 or cast(:allowDebt as boolean) or :points > 0)
                        returning balance
                        """)
                .param("points", points)
                .param("operatorId", operatorId)
                .param("id", accountId)
                .param("allowDebt", allowDebt)
                .query(Long.class)
                .optional()
                .orElseThrow(InsufficientPointsException::new);
        long before = balance - points;
        return Math.max(0, balance) - Math.max(0, before);
    }

    /** The account's balance: points available to spend for a member or company, the net total for a system account. */
    @Transactional(readOnly = true)
    public long balance(long operatorId, Account account) {
        if (account.type().keepsBalance()) {
            return jdbc.sql("""
                            select balance from points_account
                            where operator_id = :operatorId and owner_type = :type and owner_id = :ownerId
                            """)
                    .param("operatorId", operatorId)
                    .param("type", account.type().name())
                    .param("ownerId", account.ownerId())
                    .query(Long.class)
                    .optional()
                    .orElse(0L);
        }
        return jdbc.sql("""
                        select coalesce(sum(e.amount), 0) from points_entry e
                        join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where a.operator_id = :operatorId and a.owner_type = :type
                        """)
                .param("operatorId", operatorId)
                .param("type", account.type().name())
                .query(Long.class)
                .single();
    }

    /** Whether a transaction with this idempotency key has been posted. */
    @Transactional(readOnly = true)
    public boolean isPosted(long operatorId, String idempotencyKey) {
        return jdbc.sql(
                                "select count(*) from points_transaction where operator_id = :operatorId and idempotency_key = :key")
                        .param("operatorId", operatorId)
                        .param("key", idempotencyKey)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The account's open lots, the soonest to expire first. */
    @Transactional(readOnly = true)
    public List<PointsLot> lots(long operatorId, Account account) {
        return lots.listOpen(operatorId, account);
    }

    /** Points that expire before {@code until}, summed per expiry time, the soonest first. */
    @Transactional(readOnly = true)
    public List<ExpiringPoints> expiringBefore(long operatorId, Account account, java.time.Instant until) {
        return lots.listOpen(operatorId, account).stream()
                .filter(lot -> lot.expiresAt() != null && lot.expiresAt().isBefore(until))
                .collect(java.util.stream.Collectors.groupingBy(
                        PointsLot::expiresAt,
                        java.util.TreeMap::new,
                        java.util.stream.Collectors.summingLong(PointsLot::remaining)))
                .entrySet()
                .stream()
                .map(entry -> new ExpiringPoints(entry.getValue(), entry.getKey()))
                .toList();
    }

    /** {@code points} that expire at {@code expiresAt}. */
    public record ExpiringPoints(long points, java.time.Instant expiresAt) {}

    /** The account's statement, newest first. */
    @Transactional(readOnly = true)
    /** Which lines of a statement to show: earned (credits), spent (debits) or all, since a time (null: ever). */
    public record HistoryFilter(Direction direction, Instant since) {

        public static final HistoryFilter ALL = new HistoryFilter(Direction.ALL, null);

        public enum Direction {
            ALL,
            EARNED,
            SPENT
        }
    }

    public List<HistoryLine> history(long operatorId, Account account, int offset, int limit) {
        return history(operatorId, account, HistoryFilter.ALL, offset, limit);
    }

    /** The account's statement lines that pass {@code filter}, newest first. */
    public List<HistoryLine> history(long operatorId, Account account, HistoryFilter filter, int offset, int limit) {
        return jdbc.sql("""
                        select t.id, e.amount, t.reason_code, t.reference_type, t.reference_id, t.memo, t.occurred_at
                        from points_account a
                        join points_entry e on e.operator_id = a.operator_id and e.account_id = a.id
                        join points_transaction t on t.operator_id = e.operator_id and t.id = e.transaction_id
                        where a.operator_id = :operatorId and a.owner_type = :type
                          and %s
                          and (:direction = 'ALL' or (:direction = 'EARNED') = (e.amount > 0))
                          and (cast(:since as timestamptz) is null or t.occurred_at >= cast(:since as timestamptz))
                        order by t.occurred_at desc, t.id desc
                        offset :offset limit :limit
                        """.formatted(owner(account, "a.")))
                .param("operatorId", operatorId)
                .param("type", account.type().name())
                .param("ownerId", account.ownerId())
                .param("direction", filter.direction().name())
                .param("since", filter.since() == null ? null : Timestamp.from(filter.since()))
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, row) -> new HistoryLine(
                        rs.getLong("id"),
                        rs.getLong("amount"),
                        rs.getString("reason_code"),
                        rs.getString("reference_type"),
                        rs.getString("reference_id"),
                        rs.getString("memo"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    long accountId(long operatorId, Account account) {
        String systemKey =
                account.ownerId() == null ? operatorId + ":" + account.type().name() : null;
        if (systemKey != null) {
            // System accounts never change once they exist: no need to ask twice.
            Long known = systemAccounts.get(systemKey);
            if (known != null) {
                return known;
            }
        }
        java.util.Optional<Long> existing = jdbc.sql("""
                        select id from points_account
                        where operator_id = :operatorId and owner_type = :type and %s
                        """.formatted(owner(account, "")))
                .param("operatorId", operatorId)
                .param("type", account.type().name())
                .param("ownerId", account.ownerId())
                .query(Long.class)
                .optional();
        if (existing.isPresent()) {
            // Remembered once committed: an account created by a transaction that rolls back must not be.
            if (systemKey != null) {
                long id = existing.get();
                io.enjoyspace.shared.TransactionEnd.whenCommitted(() -> systemAccounts.put(systemKey, id));
            }
            return existing.get();
        }
        return createOrFind(operatorId, account);
    }

    /**
     * The condition on an account's owner: {@code is not distinct from} would read the same, but no index answers it,
     * so a member's account would be looked for among all the operator's member accounts.
     */
    private static String owner(Account account, String alias) {
        return account.ownerId() == null ? alias + "owner_id is null" : alias + "owner_id = :ownerId";
    }

    private final java.util.concurrent.ConcurrentMap<String, Long> systemAccounts =
            new java.util.concurrent.ConcurrentHashMap<>();

    private long createOrFind(long operatorId, Account account) {
        jdbc.sql("""
                        insert into points_account (operator_id, owner_type, owner_id) values (:operatorId, :type, :ownerId)
                        on conflict (operator_id, owner_type, owner_id) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("type", account.type().name())
                .param("ownerId", account.ownerId())
                .update();
        return jdbc.sql("""
                        select id from points_account
                        where operator_id = :operatorId and owner_type = :type and %s
                        """.formatted(owner(account, "")))
                .param("operatorId", operatorId)
                .param("type", account.type().name())
                .param("ownerId", account.ownerId())
                .query(Long.class)
                .single();
    }

    private static void validate(PostTransaction command) {
        if (command.idempotencyKey() == null
                || command.idempotencyKey().isBlank()
                || command.idempotencyKey().length() > 200) {
            throw new IllegalArgumentException("a points transaction needs an idempotency key of 1 to 200 characters");
        }
        if (command.reasonCode() == null || command.reasonCode().isBlank()) {
            throw new IllegalArgumentException("a points transaction needs a reason code");
        }
        if (command.postings().size() < 2) {
            throw new IllegalArgumentException("a points transaction needs at least two postings");
        }
        Set<Account> seen = new HashSet<>();
        long sum = 0;
        for (Posting posting : command.postings()) {
            if (posting.points() == 0) {
                throw new IllegalArgumentException("a posting moves at least one point");
            }
            if (!seen.add(posting.account())) {
                throw new IllegalArgumentException("an account appears once per transaction");
            }
            sum = Math.addExact(sum, posting.points());
        }
        if (sum != 0) {
            throw new IllegalArgumentException("postings must sum to zero, not " + sum);
        }
        long carried = command.postings().stream()
                .filter(Posting::carryExpiry)
                .mapToLong(Posting::points)
                .sum();
        long debitedFromLiabilities = -command.postings().stream()
                .filter(posting -> posting.account().type().isLiability() && posting.points() < 0)
                .mapToLong(Posting::points)
                .sum();
        if (carried > debitedFromLiabilities) {
            throw new IllegalArgumentException("only points taken from a member or enterprise can carry their expiry");
        }
        for (Posting posting : command.postings()) {
            if ((posting.carryExpiry() || posting.expiresAt() != null)
                    && (posting.points() < 0 || !posting.account().type().isLiability())) {
                throw new IllegalArgumentException("only credits to members and enterprises expire");
            }
        }
    }

    private Optional<PointsTransaction> earlier(long operatorId, String idempotencyKey, String fingerprint) {
        record Row(long id, String hash, String reason, String referenceType, String referenceId, Instant at) {}
        Optional<Row> row = jdbc.sql("""
                        select id, request_hash, reason_code, reference_type, reference_id, occurred_at
                        from points_transaction where operator_id = :operatorId and idempotency_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("key", idempotencyKey)
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        rs.getString("request_hash"),
                        rs.getString("reason_code"),
                        rs.getString("reference_type"),
                        rs.getString("reference_id"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!row.get().hash().equals(fingerprint)) {
            throw new ConflictException("points.idempotencyConflict", "key used for another transaction");
        }
        List<Posting> postings = new ArrayList<>(jdbc.sql("""
                        select a.owner_type, a.owner_id, e.amount from points_entry e
                        join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where e.operator_id = :operatorId and e.transaction_id = :id order by e.id
                        """)
                .param("operatorId", operatorId)
                .param("id", row.get().id())
                .query((rs, n) -> {
                    Long ownerId = io.enjoyspace.shared.Rows.nullableLong(rs, "owner_id");
                    return new Posting(
                            new Account(AccountType.valueOf(rs.getString("owner_type")), ownerId),
                            rs.getLong("amount"));
                })
                .list());
        return Optional.of(new PointsTransaction(
                row.get().id(),
                operatorId,
                row.get().reason(),
                row.get().referenceType(),
                row.get().referenceId(),
                row.get().at(),
                postings,
                true));
    }

    private static String fingerprint(PostTransaction command) {
        return IdempotencyKey.fingerprint(command.reasonCode() + "|" + command.referenceType() + "|"
                + command.reversesTransactionId() + "|"
                + command.referenceId() + "|"
                + command.postings().stream()
                        .sorted(Comparator.comparing((Posting p) -> p.account().type())
                                .thenComparing(p -> p.account().ownerId() == null
                                        ? 0L
                                        : p.account().ownerId()))
                        .map(p -> p.account().type() + ":" + p.account().ownerId() + ":" + p.points() + ":"
                                + p.expiresAt() + ":" + p.carryExpiry())
                        .collect(Collectors.joining(",")));
    }
}
