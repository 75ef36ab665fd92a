package io.enjoyspace.wallet;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only way wallet money moves. Every movement is one transaction of two entries that sum to zero: the member's
 * account against one of the operator's system accounts. The member's balance row is locked, checked and changed in the
 * same database transaction as the entries, and a CHECK constraint keeps it from going below zero, so concurrent
 * payments can never spend the same money twice.
 *
 * <p>Every method joins the caller's transaction, so checkout can pay from the wallet inside its own. A refused
 * movement (not enough money, bad input) writes nothing and leaves the caller's transaction usable. Every mutation
 * takes a client-chosen idempotency key, unique per operator: a retry with the same request answers with the first
 * result, the same key with a different request is a conflict (409).
 */
@Service
public class MemberWallets {

    /** The wallet's currency. */
    public static final String CURRENCY = Money.DEFAULT_CURRENCY;

    /** The largest amount one movement may carry: one million yuan, in fen. */
    public static final long MAX_AMOUNT_MINOR = 100_000_000L;

    static final int MAX_PAGE_SIZE = 100;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MemberWallets(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** Credits money that staff received at the front desk. {@code note} is optional (at most 500 characters). */
    @Transactional(noRollbackFor = {InvalidInputException.class, ConflictException.class})
    public WalletTransaction topUp(
            long operatorId, long memberId, Money amount, IdempotencyKey key, long staffUserId, String note) {
        requirePositive(amount);
        return post(new Movement(
                operatorId,
                memberId,
                WalletTransactionKind.TOP_UP,
                amount.amountMinor(),
                key,
                null,
                null,
                null,
                optionalText("note", note),
                staffUserId));
    }

    /**
     * Pays {@code amount} (positive) from the member's wallet for the referenced thing (an order, say).
     *
     * @throws InsufficientWalletBalanceException when the balance does not cover it; nothing is written
     */
    @Transactional(noRollbackFor = {InvalidInputException.class, ConflictException.class})
    public WalletTransaction pay(
            long operatorId,
            long memberId,
            Money amount,
            IdempotencyKey key,
            String referenceType,
            String referenceId) {
        requirePositive(amount);
        if (referenceType == null || referenceType.isBlank() || referenceId == null || referenceId.isBlank()) {
            throw new IllegalArgumentException("a wallet payment names what it pays for");
        }
        return post(new Movement(
                operatorId,
                memberId,
                WalletTransactionKind.PAYMENT,
                -amount.amountMinor(),
                key,
                referenceType,
                referenceId,
                null,
                null,
                null));
    }

    /**
     * Gives {@code amount} (positive) of a payment back to the member's wallet. Partial refunds add up, never beyond
     * what was paid.
     *
     * @throws NotFoundException when the operator has no such payment
     * @throws InvalidInputException on {@code amountMinor} when the amount exceeds what is left to refund
     */
    @Transactional(noRollbackFor = {InvalidInputException.class, ConflictException.class})
    public WalletTransaction refund(long operatorId, IdempotencyKey key, long paymentTransactionId, Money amount) {
        requirePositive(amount);
        WalletTransaction payment = transaction(operatorId, paymentTransactionId)
                .filter(found -> found.kind() == WalletTransactionKind.PAYMENT)
                .orElseThrow(NotFoundException::new);
        return post(new Movement(
                operatorId,
                payment.memberId(),
                WalletTransactionKind.REFUND,
                amount.amountMinor(),
                key,
                payment.referenceType(),
                payment.referenceId(),
                payment.id(),
                null,
                null));
    }

    /** {@link #refund} of the latest wallet payment made for the reference. */
    @Transactional(noRollbackFor = {InvalidInputException.class, ConflictException.class})
    public WalletTransaction refund(
            long operatorId, IdempotencyKey key, String referenceType, String referenceId, Money amount) {
        long paymentId = jdbc.sql("""
                        select id from wallet_transaction
                        where operator_id = :operatorId and kind = 'PAYMENT'
                          and reference_type = :referenceType and reference_id = :referenceId
                        order by id desc limit 1
                        """)
                .param("operatorId", operatorId)
                .param("referenceType", referenceType)
                .param("referenceId", referenceId)
                .query(Long.class)
                .optional()
                .orElseThrow(NotFoundException::new);
        return refund(operatorId, key, paymentId, amount);
    }

    /** What is left to refund of a payment. */
    @Transactional(readOnly = true)
    public Money refundable(long operatorId, long paymentTransactionId) {
        WalletTransaction payment = transaction(operatorId, paymentTransactionId)
                .filter(found -> found.kind() == WalletTransactionKind.PAYMENT)
                .orElseThrow(NotFoundException::new);
        return Money.of(-payment.amount().amountMinor() - refunded(operatorId, paymentTransactionId), CURRENCY);
    }

    /**
     * An operator admin's correction: {@code amount} positive credits the wallet, negative debits it (never below
     * zero). The reason (3 to 500 characters) is kept with the transaction.
     */
    @Transactional(noRollbackFor = {InvalidInputException.class, ConflictException.class})
    public WalletTransaction adjust(
            long operatorId, long memberId, Money amount, IdempotencyKey key, long staffUserId, String reason) {
        requireCurrency(amount);
        if (amount.amountMinor() == 0 || Math.abs(amount.amountMinor()) > MAX_AMOUNT_MINOR) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "amountMinor",
                    "wallet.adjustmentAmount",
                    List.of(Money.of(MAX_AMOUNT_MINOR, CURRENCY).toDecimalString()))));
        }
        return post(new Movement(
                operatorId,
                memberId,
                WalletTransactionKind.ADJUSTMENT,
                amount.amountMinor(),
                key,
                null,
                null,
                null,
                reason(reason),
                staffUserId));
    }

    /** Pays {@code amount} (positive) of the balance back to the member in cash or by transfer, with a reason. */
    @Transactional(noRollbackFor = {InvalidInputException.class, ConflictException.class})
    public WalletTransaction withdraw(
            long operatorId, long memberId, Money amount, IdempotencyKey key, long staffUserId, String reason) {
        requirePositive(amount);
        return post(new Movement(
                operatorId,
                memberId,
                WalletTransactionKind.WITHDRAWAL,
                -amount.amountMinor(),
                key,
                null,
                null,
                null,
                reason(reason),
                staffUserId));
    }

    /** The member's balance; zero for a member whose wallet never moved. */
    @Transactional(readOnly = true)
    public Money balance(long operatorId, long memberId) {
        long balance = jdbc.sql("""
                        select coalesce((select b.balance_minor from wallet_balance b
                                         join wallet_account a on a.operator_id = b.operator_id and a.id = b.account_id
                                         where a.operator_id = :operatorId and a.owner_type = 'MEMBER'
                                           and a.member_id = :memberId and a.currency = :currency), 0)
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("currency", CURRENCY)
                .query(Long.class)
                .single();
        return Money.of(balance, CURRENCY);
    }

    /** One page ({@code page} from 0, {@code size} 1 to 100) of the member's movements, newest first. */
    @Transactional(readOnly = true)
    public WalletStatement statement(
            long operatorId, long memberId, WalletStatement.Filter filter, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page from 0, size from 1 to " + MAX_PAGE_SIZE);
        }
        WalletStatement.Filter criteria = filter == null ? WalletStatement.Filter.ALL : filter;
        String where = """
                where t.operator_id = :operatorId and t.member_id = :memberId
                  and (cast(:kind as text) is null or t.kind = :kind)
                  and (cast(:from as timestamptz) is null or t.created_at >= :from)
                  and (cast(:to as timestamptz) is null or t.created_at < :to)
                """;
        long total = bind(
                        jdbc.sql("select count(*) from wallet_transaction t " + where), operatorId, memberId, criteria)
                .query(Long.class)
                .single();
        List<WalletTransaction> items = bind(
                        jdbc.sql(SELECT + where + " order by t.id desc limit :limit offset :offset"),
                        operatorId,
                        memberId,
                        criteria)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> map(rs, false))
                .list();
        return new WalletStatement(balance(operatorId, memberId), items, page, size, total);
    }

    /** One of the operator's wallet transactions, of any member. */
    @Transactional(readOnly = true)
    public Optional<WalletTransaction> transaction(long operatorId, long transactionId) {
        return jdbc.sql(SELECT + " where t.operator_id = :operatorId and t.id = :id")
                .param("operatorId", operatorId)
                .param("id", transactionId)
                .query((rs, row) -> map(rs, false))
                .optional();
    }

    private static JdbcClient.StatementSpec bind(
            JdbcClient.StatementSpec sql, long operatorId, long memberId, WalletStatement.Filter filter) {
        return sql.param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("kind", filter.kind() == null ? null : filter.kind().name())
                .param("from", filter.from() == null ? null : Timestamp.from(filter.from()))
                .param("to", filter.to() == null ? null : Timestamp.from(filter.to()));
    }

    /** One movement as the ledger writes it: the member's side; the system side is its negation. */
    private record Movement(
            long operatorId,
            long memberId,
            WalletTransactionKind kind,
            long deltaMinor,
            IdempotencyKey key,
            String referenceType,
            String referenceId,
            Long refundsTransactionId,
            String note,
            Long createdByUserId) {

        String fingerprint() {
            return IdempotencyKey.fingerprint(kind + "|" + memberId + "|" + deltaMinor + "|" + CURRENCY + "|"
                    + referenceType + "|" + referenceId + "|" + refundsTransactionId + "|" + note);
        }
    }

    private WalletTransaction post(Movement movement) {
        if (movement.key() == null) {
            throw new InvalidInputException(IdempotencyKey.HEADER, "validation.idempotencyKey");
        }
        String fingerprint = movement.fingerprint();
        Optional<WalletTransaction> earlier = earlier(movement, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        long accountId = memberAccount(movement.operatorId(), movement.memberId());

        // The member's balance row is the one lock a movement takes, so payments of different members never wait
        // for each other; it also serialises refunds of one payment, which all go to the same member.
        long balance = jdbc.sql("""
                        select balance_minor from wallet_balance
                        where operator_id = :operatorId and account_id = :accountId for update
                        """)
                .param("operatorId", movement.operatorId())
                .param("accountId", accountId)
                .query(Long.class)
                .single();
        if (movement.refundsTransactionId() != null) {
            long paid = -transaction(movement.operatorId(), movement.refundsTransactionId())
                    .orElseThrow(NotFoundException::new)
                    .amount()
                    .amountMinor();
            long left = paid - refunded(movement.operatorId(), movement.refundsTransactionId());
            if (movement.deltaMinor() > left) {
                throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                        "amountMinor",
                        "wallet.refundTooLarge",
                        List.of(Money.of(left, CURRENCY).toDecimalString()))));
            }
        }
        if (balance + movement.deltaMinor() < 0) {
            throw new InsufficientWalletBalanceException(
                    Money.of(balance, CURRENCY), Money.of(-movement.deltaMinor(), CURRENCY));
        }

        Instant now = clock.instant();
        // A concurrent request under the same key waits here on the key's unique index until the first commits,
        // then answers with it.
        Optional<Long> inserted = jdbc.sql("""
                        insert into wallet_transaction (operator_id, kind, member_id, amount_minor, currency,
                                                        idempotency_key, request_hash, reference_type, reference_id,
                                                        refunds_transaction_id, note, created_by_user_id, created_at)
                        values (:operatorId, :kind, :memberId, :amount, :currency, :key, :hash, :referenceType,
                                :referenceId, :refunds, :note, :createdBy, :now)
                        on conflict (operator_id, idempotency_key) do nothing
                        returning id
                        """)
                .param("operatorId", movement.operatorId())
                .param("kind", movement.kind().name())
                .param("memberId", movement.memberId())
                .param("amount", movement.deltaMinor())
                .param("currency", CURRENCY)
                .param("key", movement.key().value())
                .param("hash", fingerprint)
                .param("referenceType", movement.referenceType())
                .param("referenceId", movement.referenceId())
                .param("refunds", movement.refundsTransactionId())
                .param("note", movement.note())
                .param("createdBy", movement.createdByUserId())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .optional();
        if (inserted.isEmpty()) {
            return earlier(movement, fingerprint)
                    .orElseThrow(() -> new IllegalStateException("conflicting key without a transaction"));
        }
        long transactionId = inserted.get();
        long balanceAfter = jdbc.sql("""
                        update wallet_balance set balance_minor = balance_minor + :delta, updated_at = :now
                        where operator_id = :operatorId and account_id = :accountId and balance_minor + :delta >= 0
                        returning balance_minor
                        """)
                .param("delta", movement.deltaMinor())
                .param("now", Timestamp.from(now))
                .param("operatorId", movement.operatorId())
                .param("accountId", accountId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("the locked balance changed"));
        long systemAccountId =
                systemAccount(movement.operatorId(), movement.kind().counterpart());
        jdbc.sql("""
                        insert into wallet_entry (operator_id, transaction_id, account_id, amount_minor, balance_after_minor)
                        values (:operatorId, :transactionId, :member, :delta, :balanceAfter),
                               (:operatorId, :transactionId, :system, -cast(:delta as bigint), null)
                        """)
                .param("operatorId", movement.operatorId())
                .param("transactionId", transactionId)
                .param("member", accountId)
                .param("delta", movement.deltaMinor())
                .param("balanceAfter", balanceAfter)
                .param("system", systemAccountId)
                .update();
        WalletTransaction posted = new WalletTransaction(
                transactionId,
                movement.operatorId(),
                movement.memberId(),
                movement.kind(),
                Money.of(movement.deltaMinor(), CURRENCY),
                Money.of(balanceAfter, CURRENCY),
                movement.referenceType(),
                movement.referenceId(),
                movement.refundsTransactionId(),
                movement.note(),
                movement.createdByUserId(),
                now,
                false);
        events.publishEvent(event(posted));
        return posted;
    }

    private static Object event(WalletTransaction posted) {
        return switch (posted.kind()) {
            case TOP_UP ->
                new WalletToppedUp(
                        posted.operatorId(),
                        posted.memberId(),
                        posted.id(),
                        posted.amount(),
                        posted.balanceAfter(),
                        posted.createdByUserId(),
                        posted.createdAt());
            case PAYMENT ->
                new WalletPaid(
                        posted.operatorId(),
                        posted.memberId(),
                        posted.id(),
                        Money.of(-posted.amount().amountMinor(), CURRENCY),
                        posted.balanceAfter(),
                        posted.referenceType(),
                        posted.referenceId(),
                        posted.createdAt());
            case REFUND ->
                new WalletRefunded(
                        posted.operatorId(),
                        posted.memberId(),
                        posted.id(),
                        posted.refundsTransactionId(),
                        posted.amount(),
                        posted.balanceAfter(),
                        posted.referenceType(),
                        posted.referenceId(),
                        posted.createdAt());
            case ADJUSTMENT, WITHDRAWAL ->
                new WalletAdjusted(
                        posted.operatorId(),
                        posted.memberId(),
                        posted.id(),
                        posted.kind(),
                        posted.amount(),
                        posted.balanceAfter(),
                        posted.createdByUserId(),
                        posted.note(),
                        posted.createdAt());
        };
    }

    private Optional<WalletTransaction> earlier(Movement movement, String fingerprint) {
        record Row(String hash, WalletTransaction transaction) {}
        Optional<Row> row = jdbc.sql(SELECT + " where t.operator_id = :operatorId and t.idempotency_key = :key")
                .param("operatorId", movement.operatorId())
                .param("key", movement.key().value())
                .query((rs, n) -> new Row(rs.getString("request_hash"), map(rs, true)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!row.get().hash().equals(fingerprint)) {
            throw new ConflictException("wallet.idempotencyConflict", "key used for another wallet transaction");
        }
        return Optional.of(row.get().transaction());
    }

    private long refunded(long operatorId, long paymentTransactionId) {
        return jdbc.sql("""
                        select coalesce(sum(amount_minor), 0) from wallet_transaction
                        where operator_id = :operatorId and refunds_transaction_id = :payment
                        """)
                .param("operatorId", operatorId)
                .param("payment", paymentTransactionId)
                .query(Long.class)
                .single();
    }

    /** The member's account with its balance row, created on the first movement. */
    private long memberAccount(long operatorId, long memberId) {
        Optional<Long> existing = findAccount(operatorId, "MEMBER", memberId);
        if (existing.isPresent()) {
            return existing.get();
        }
        jdbc.sql("""
                        insert into wallet_account (operator_id, owner_type, member_id, currency)
                        values (:operatorId, 'MEMBER', :memberId, :currency)
                        on conflict (operator_id, owner_type, member_id, currency) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("currency", CURRENCY)
                .update();
        long accountId = findAccount(operatorId, "MEMBER", memberId).orElseThrow();
        jdbc.sql("""
                        insert into wallet_balance (operator_id, account_id, balance_minor) values (:operatorId, :accountId, 0)
                        on conflict (operator_id, account_id) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("accountId", accountId)
                .update();
        return accountId;
    }

    private long systemAccount(long operatorId, WalletTransactionKind.SystemAccount type) {
        Optional<Long> existing = findAccount(operatorId, type.name(), null);
        if (existing.isPresent()) {
            return existing.get();
        }
        jdbc.sql("""
                        insert into wallet_account (operator_id, owner_type, member_id, currency)
                        values (:operatorId, :type, null, :currency)
                        on conflict (operator_id, owner_type, member_id, currency) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("type", type.name())
                .param("currency", CURRENCY)
                .update();
        return findAccount(operatorId, type.name(), null).orElseThrow();
    }

    private Optional<Long> findAccount(long operatorId, String ownerType, Long memberId) {
        return jdbc.sql("""
                        select id from wallet_account
                        where operator_id = :operatorId and owner_type = :type
                          and member_id is not distinct from cast(:memberId as bigint) and currency = :currency
                        """)
                .param("operatorId", operatorId)
                .param("type", ownerType)
                .param("memberId", memberId)
                .param("currency", CURRENCY)
                .query(Long.class)
                .optional();
    }

    private static final String SELECT = """
            select t.*, (select e.balance_after_minor from wallet_entry e
                         where e.operator_id = t.operator_id and e.transaction_id = t.id
                           and e.balance_after_minor is not null) as balance_after_minor
            from wallet_transaction t
            """;

    private static WalletTransaction map(ResultSet rs, boolean replayed) throws SQLException {
        String currency = rs.getString("currency");
        return new WalletTransaction(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("member_id"),
                WalletTransactionKind.valueOf(rs.getString("kind")),
                Money.of(rs.getLong("amount_minor"), currency),
                Money.of(rs.getLong("balance_after_minor"), currency),
                rs.getString("reference_type"),
                rs.getString("reference_id"),
                Rows.nullableLong(rs, "refunds_transaction_id"),
                rs.getString("note"),
                Rows.nullableLong(rs, "created_by_user_id"),
                rs.getTimestamp("created_at").toInstant(),
                replayed);
    }

    private static void requirePositive(Money amount) {
        requireCurrency(amount);
        if (amount.amountMinor() <= 0) {
            throw new InvalidInputException("amountMinor", "wallet.amountPositive");
        }
        if (amount.amountMinor() > MAX_AMOUNT_MINOR) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "amountMinor",
                    "wallet.amountTooLarge",
                    List.of(Money.of(MAX_AMOUNT_MINOR, CURRENCY).toDecimalString()))));
        }
    }

    private static void requireCurrency(Money amount) {
        if (amount == null) {
            throw new InvalidInputException("amountMinor", "wallet.amountPositive");
        }
        if (!CURRENCY.equals(amount.currency())) {
            throw new InvalidInputException("currency", "wallet.currencyUnsupported");
        }
    }

    private static String reason(String reason) {
        String text = reason == null ? "" : reason.strip();
        if (text.length() < 3 || text.length() > 500) {
            throw new InvalidInputException("reason", "wallet.reasonRequired");
        }
        return text;
    }

    private static String optionalText(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.length() > 500) {
            throw new InvalidInputException(field, "wallet.noteTooLong");
        }
        return stripped;
    }
}
