package io.enjoyspace.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.enjoyspace.MutableClock;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Random sequences of top-ups, payments, partial refunds, adjustments either way, withdrawals and replayed requests,
 * against real PostgreSQL. After every step: each transaction has two or more entries that sum to zero, every balance
 * row equals the sum of its entries and the balance a simple model of the wallet expects, no balance is below zero,
 * refunds of a payment never add up to more than it paid, and the members' balances and the system accounts net to
 * zero.
 */
class WalletLedgerPropertiesIT {

    private static final int MEMBERS = 3;
    private static final AtomicInteger operators = new AtomicInteger();

    static EmbeddedPostgres postgres;
    static HikariDataSource dataSource;
    static JdbcClient jdbc;
    static TransactionTemplate transaction;

    @BeforeContainer
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterContainer
    static void stopDatabase() throws IOException {
        dataSource.close();
        postgres.close();
    }

    sealed interface Step {}

    record TopUp(int member, long amountMinor) implements Step {}

    record Pay(int member, long amountMinor) implements Step {}

    record Refund(int payment, int percent) implements Step {}

    record Adjust(int member, long amountMinor) implements Step {}

    record Withdraw(int member, long amountMinor) implements Step {}

    /** Sends the previous successful request again under its key. */
    record Replay() implements Step {}

    /** Sends a different request under the previous successful request's key. */
    record ReuseKey(long amountMinor) implements Step {}

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Integer> member = Arbitraries.integers().between(0, MEMBERS - 1);
        Arbitrary<Long> amount = Arbitraries.longs().between(1, 5_000);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(member, amount).as(TopUp::new)),
                Tuple.of(4, Combinators.combine(member, amount).as(Pay::new)),
                Tuple.of(
                        3,
                        Combinators.combine(
                                        Arbitraries.integers().between(0, 9),
                                        Arbitraries.integers().between(1, 100))
                                .as(Refund::new)),
                Tuple.of(
                        2,
                        Combinators.combine(
                                        member,
                                        Arbitraries.longs()
                                                .between(-5_000, 5_000)
                                                .filter(a -> a != 0))
                                .as(Adjust::new)),
                Tuple.of(1, Combinators.combine(member, amount).as(Withdraw::new)),
                Tuple.of(1, Arbitraries.just(new Replay())),
                Tuple.of(1, amount.map(ReuseKey::new)));
        return step.list().ofMinSize(5).ofMaxSize(40);
    }

    /** What the last successful request was, to replay it. */
    private record Sent(Supplier<WalletTransaction> request, long transactionId, String key) {}

    @Property(tries = 150)
    void theWalletLedgerKeepsItsInvariantsWhateverHappens(@ForAll("sequences") List<Step> steps) {
        MutableClock clock = new MutableClock();
        clock.pin(Instant.parse("2030-01-01T00:00:00Z"));
        MemberWallets wallets = new MemberWallets(jdbc, event -> {}, clock);
        long operatorId = jdbc.sql("insert into operator (code, name) values (:code, 'Property') returning id")
                .param("code", "wallet-prop-" + operators.incrementAndGet())
                .query(Long.class)
                .single();
        long siteId = jdbc.sql("""
                        insert into site (operator_id, name, kind, invitation_code)
                        values (:o, 'Site', 'OFFICE_TOWER', :code) returning id
                        """)
                .param("o", operatorId)
                .param("code", "WPROP" + operatorId)
                .query(Long.class)
                .single();
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(jdbc.sql("""
                            insert into member (operator_id, site_id, name, mobile, registered_on)
                            values (:o, :site, :name, :mobile, date '2030-01-01') returning id
                            """)
                    .param("o", operatorId)
                    .param("site", siteId)
                    .param("name", "Member " + i)
                    .param("mobile", "1812%03d%04d".formatted(operatorId % 1000, i))
                    .query(Long.class)
                    .single());
        }
        long staffId = jdbc.sql("""
                        insert into app_user (operator_id, username, password_hash, display_name, role)
                        values (:o, :username, 'x', 'Property staff', 'OPERATOR_ADMIN') returning id
                        """)
                .param("o", operatorId)
                .param("username", "wallet-prop-staff-" + operatorId)
                .query(Long.class)
                .single();

        Map<Long, Long> expected = new HashMap<>();
        members.forEach(id -> expected.put(id, 0L));
        List<WalletTransaction> payments = new ArrayList<>();
        Map<Long, Long> refunded = new HashMap<>();
        Sent last = null;

        for (Step step : steps) {
            clock.advance(Duration.ofMinutes(7));
            String key = UUID.randomUUID().toString();
            Supplier<WalletTransaction> request = null;
            if (step instanceof TopUp topUp) {
                long member = members.get(topUp.member());
                request = () -> wallets.topUp(
                        operatorId, member, cny(topUp.amountMinor()), new IdempotencyKey(key), staffId, "cash");
            } else if (step instanceof Pay pay) {
                long member = members.get(pay.member());
                request = () ->
                        wallets.pay(operatorId, member, cny(pay.amountMinor()), new IdempotencyKey(key), "ORDER", key);
            } else if (step instanceof Refund refund && refund.payment() < payments.size()) {
                WalletTransaction payment = payments.get(refund.payment());
                long amount = Math.max(1, -payment.amount().amountMinor() * refund.percent() / 100);
                request = () -> wallets.refund(operatorId, new IdempotencyKey(key), payment.id(), cny(amount));
            } else if (step instanceof Adjust adjust) {
                long member = members.get(adjust.member());
                request = () -> wallets.adjust(
                        operatorId, member, cny(adjust.amountMinor()), new IdempotencyKey(key), staffId, "property");
            } else if (step instanceof Withdraw withdraw) {
                long member = members.get(withdraw.member());
                request = () -> wallets.withdraw(
                        operatorId, member, cny(withdraw.amountMinor()), new IdempotencyKey(key), staffId, "cash back");
            } else if (step instanceof Replay && last != null) {
                Sent previous = last;
                WalletTransaction replayed = inTransaction(previous.request());
                assertThat(replayed).as("a replay answers").isNotNull();
                assertThat(replayed.id())
                        .as("a replay answers with the first transaction")
                        .isEqualTo(previous.transactionId());
                assertThat(replayed.replayed()).isTrue();
            } else if (step instanceof ReuseKey reuse && last != null) {
                String reusedKey = last.key();
                long member = members.get(0);
                WalletTransaction answered = inTransaction(() -> wallets.topUp(
                        operatorId,
                        member,
                        cny(reuse.amountMinor() + 100_000),
                        new IdempotencyKey(reusedKey),
                        staffId,
                        "another body"));
                assertThat(answered)
                        .as("a key reused for another request is refused")
                        .isNull();
            }
            if (request != null) {
                WalletTransaction posted = inTransaction(request);
                if (posted != null) {
                    assertThat(posted.replayed()).isFalse();
                    expected.merge(posted.memberId(), posted.amount().amountMinor(), Long::sum);
                    assertThat(posted.balanceAfter().amountMinor())
                            .as("balance after " + step)
                            .isEqualTo(expected.get(posted.memberId()));
                    if (posted.kind() == WalletTransactionKind.PAYMENT) {
                        payments.add(posted);
                    } else if (posted.kind() == WalletTransactionKind.REFUND) {
                        refunded.merge(
                                posted.refundsTransactionId(), posted.amount().amountMinor(), Long::sum);
                    }
                    last = new Sent(request, posted.id(), key);
                } else {
                    assertRefusedForCause(step, members, expected, payments, refunded);
                }
            }
            checkInvariants(operatorId, expected, step);
        }
    }

    /** A request is refused only when the model says it must be: not enough money, or too much refunded. */
    private static void assertRefusedForCause(
            Step step,
            List<Long> members,
            Map<Long, Long> expected,
            List<WalletTransaction> payments,
            Map<Long, Long> refunded) {
        if (step instanceof Pay pay) {
            assertThat(expected.get(members.get(pay.member())))
                    .as("refused " + step)
                    .isLessThan(pay.amountMinor());
        } else if (step instanceof Withdraw withdraw) {
            assertThat(expected.get(members.get(withdraw.member())))
                    .as("refused " + step)
                    .isLessThan(withdraw.amountMinor());
        } else if (step instanceof Adjust adjust) {
            assertThat(expected.get(members.get(adjust.member())))
                    .as("refused " + step)
                    .isLessThan(-adjust.amountMinor());
        } else if (step instanceof Refund refund) {
            WalletTransaction payment = payments.get(refund.payment());
            long paid = -payment.amount().amountMinor();
            long amount = Math.max(1, paid * refund.percent() / 100);
            assertThat(refunded.getOrDefault(payment.id(), 0L) + amount)
                    .as("refused " + step)
                    .isGreaterThan(paid);
        } else {
            throw new AssertionError("refused " + step);
        }
    }

    private static Money cny(long amountMinor) {
        return Money.of(amountMinor, "CNY");
    }

    /** Runs one request in its own transaction; a refusal (a 4xx in the API) answers null. */
    private static WalletTransaction inTransaction(Supplier<WalletTransaction> work) {
        try {
            return transaction.execute(status -> work.get());
        } catch (InvalidInputException | io.enjoyspace.shared.ConflictException e) {
            return null;
        }
    }

    private static void checkInvariants(long operatorId, Map<Long, Long> expected, Step step) {
        String after = "after " + step;
        long unbalanced = jdbc.sql("""
                        select count(*) from (select t.id from wallet_transaction t
                                              left join wallet_entry e on e.operator_id = t.operator_id and e.transaction_id = t.id
                                              where t.operator_id = :o
                                              group by t.id having coalesce(sum(e.amount_minor), 0) <> 0 or count(e.id) < 2) x
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(unbalanced)
                .as("transactions that do not sum to zero " + after)
                .isZero();
        long balanceNotEntries =
                jdbc.sql("""
                        select count(*) from wallet_balance b
                        where b.operator_id = :o
                          and b.balance_minor <> (select coalesce(sum(e.amount_minor), 0) from wallet_entry e
                                                  where e.operator_id = b.operator_id and e.account_id = b.account_id)
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(balanceNotEntries)
                .as("balances that differ from their entries " + after)
                .isZero();
        long negative = jdbc.sql("select count(*) from wallet_balance where operator_id = :o and balance_minor < 0")
                .param("o", operatorId)
                .query(Long.class)
                .single();
        assertThat(negative).as("negative balances " + after).isZero();
        long overRefunded =
                jdbc.sql("""
                        select count(*) from wallet_transaction p
                        where p.operator_id = :o and p.kind = 'PAYMENT'
                          and -p.amount_minor < (select coalesce(sum(r.amount_minor), 0) from wallet_transaction r
                                                 where r.operator_id = p.operator_id and r.refunds_transaction_id = p.id)
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(overRefunded)
                .as("payments refunded beyond what they paid " + after)
                .isZero();
        long net = jdbc.sql("select coalesce(sum(amount_minor), 0) from wallet_entry where operator_id = :o")
                .param("o", operatorId)
                .query(Long.class)
                .single();
        assertThat(net).as("all accounts together " + after).isZero();
        Map<Long, Long> actual = new HashMap<>();
        jdbc.sql("""
                        select a.member_id, b.balance_minor from wallet_balance b
                        join wallet_account a on a.operator_id = b.operator_id and a.id = b.account_id
                        where b.operator_id = :o
                        """).param("o", operatorId).query(rs -> {
            actual.put(rs.getLong("member_id"), rs.getLong("balance_minor"));
        });
        expected.forEach((member, balance) -> assertThat(actual.getOrDefault(member, 0L))
                .as("balance of member " + member + " " + after)
                .isEqualTo(balance));
        WalletReports.Reconciliation reconciliation = new WalletReports(jdbc, null, null).reconcile(operatorId);
        assertThat(reconciliation.ok()).as("the report reconciles " + after).isTrue();
    }
}
