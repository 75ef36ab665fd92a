package io.enjoyspace.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

/** The wallet's Java API as checkout and the front desk use it, against the running application's database. */
@EnjoySpaceTest
@RecordApplicationEvents
class MemberWalletsIT {

    @Autowired
    MemberWallets wallets;

    @Autowired
    WalletReports reports;

    @Autowired
    Operators operators;

    @Autowired
    Sites sites;

    @Autowired
    Members members;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    ApplicationEvents events;

    long operatorId;
    long memberId;
    long staffId;

    @BeforeEach
    void aFreshMember() {
        operatorId = operators.findByCode("demo").orElseThrow().id();
        memberId = WalletTestMembers.newMember(operators, sites, members, "demo", "Wallet holder");
        staffId = jdbc.sql("select id from app_user where username = 'staff'")
                .query(Long.class)
                .single();
    }

    private static Money cny(long fen) {
        return Money.of(fen, "CNY");
    }

    private static IdempotencyKey key() {
        return new IdempotencyKey(UUID.randomUUID().toString());
    }

    @Test
    void fiftyConcurrentPaymentsNeverOverdrawTheWallet() throws Exception {
        wallets.topUp(operatorId, memberId, cny(20_500), key(), staffId, "cash");
        int payments = 50;
        ExecutorService pool = Executors.newFixedThreadPool(payments);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < payments; i++) {
                String order = "race-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        wallets.pay(operatorId, memberId, cny(1_000), key(), "ORDER", order);
                        return true;
                    } catch (InsufficientWalletBalanceException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int paid = 0;
            for (Future<Boolean> answer : answers) {
                if (answer.get(60, TimeUnit.SECONDS)) {
                    paid++;
                }
            }
            assertThat(paid).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
        assertThat(wallets.balance(operatorId, memberId)).isEqualTo(cny(500));
        WalletStatement statement = wallets.statement(
                operatorId, memberId, new WalletStatement.Filter(WalletTransactionKind.PAYMENT, null, null), 0, 100);
        assertThat(statement.total()).isEqualTo(20);
        assertThat(statement.items())
                .allSatisfy(
                        line -> assertThat(line.balanceAfter().amountMinor()).isNotNegative());
        assertThat(statement.items().stream().map(line -> line.balanceAfter().amountMinor()))
                .containsExactlyInAnyOrderElementsOf(List.of(
                        500L, 1_500L, 2_500L, 3_500L, 4_500L, 5_500L, 6_500L, 7_500L, 8_500L, 9_500L, 10_500L, 11_500L,
                        12_500L, 13_500L, 14_500L, 15_500L, 16_500L, 17_500L, 18_500L, 19_500L));
    }

    @Test
    void aReplayAnswersWithTheFirstTransactionAndAnotherRequestUnderTheKeyIsAConflict() {
        IdempotencyKey key = key();
        WalletTransaction first = wallets.topUp(operatorId, memberId, cny(5_000), key, staffId, "cash");
        WalletTransaction again = wallets.topUp(operatorId, memberId, cny(5_000), key, staffId, "cash");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.replayed()).isTrue();
        assertThat(again.balanceAfter()).isEqualTo(cny(5_000));
        assertThat(wallets.balance(operatorId, memberId)).isEqualTo(cny(5_000));
        assertThatThrownBy(() -> wallets.topUp(operatorId, memberId, cny(6_000), key, staffId, "cash"))
                .isInstanceOf(ConflictException.class)
                .extracting(e -> ((ConflictException) e).code())
                .isEqualTo("wallet.idempotencyConflict");
        assertThatThrownBy(() -> wallets.pay(operatorId, memberId, cny(5_000), key, "ORDER", "1"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aPaymentPublishesWalletPaidAndTopUpsPublishWalletToppedUp() {
        WalletTransaction topUp = wallets.topUp(operatorId, memberId, cny(3_000), key(), staffId, null);
        WalletTransaction payment = wallets.pay(operatorId, memberId, cny(1_200), key(), "ORDER", "77");

        assertThat(events.stream(WalletToppedUp.class))
                .contains(new WalletToppedUp(
                        operatorId, memberId, topUp.id(), cny(3_000), cny(3_000), staffId, topUp.createdAt()));
        assertThat(events.stream(WalletPaid.class))
                .contains(new WalletPaid(
                        operatorId,
                        memberId,
                        payment.id(),
                        cny(1_200),
                        cny(1_800),
                        "ORDER",
                        "77",
                        payment.createdAt()));
        assertThat(payment.amount()).isEqualTo(cny(-1_200));
    }

    @Test
    void partialRefundsAddUpExactlyToThePaymentAndNeverBeyond() {
        wallets.topUp(operatorId, memberId, cny(10_000), key(), staffId, "cash");
        WalletTransaction payment = wallets.pay(operatorId, memberId, cny(9_999), key(), "ORDER", "refund-me");

        wallets.refund(operatorId, key(), payment.id(), cny(3_333));
        wallets.refund(operatorId, key(), "ORDER", "refund-me", cny(3_333));
        assertThat(wallets.refundable(operatorId, payment.id())).isEqualTo(cny(3_333));
        assertThatThrownBy(() -> wallets.refund(operatorId, key(), payment.id(), cny(3_334)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(
                                ((InvalidInputException) e).errors().get(0).field())
                        .isEqualTo("amountMinor"));
        WalletTransaction last = wallets.refund(operatorId, key(), payment.id(), cny(3_333));

        assertThat(last.balanceAfter()).isEqualTo(cny(10_000));
        assertThat(wallets.refundable(operatorId, payment.id())).isEqualTo(cny(0));
        assertThat(events.stream(WalletRefunded.class).filter(e -> e.paymentTransactionId() == payment.id()))
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.referenceId()).isEqualTo("refund-me"));
        assertThatThrownBy(() -> wallets.refund(operatorId, key(), payment.id(), cny(1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> wallets.refund(operatorId, key(), "ORDER", "never-paid", cny(1)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aRefusedPaymentWritesNothingAndLeavesTheCheckoutTransactionUsable() {
        wallets.topUp(operatorId, memberId, cny(1_000), key(), staffId, "cash");
        long transactionsBefore = count();

        String outcome = transaction.execute(status -> {
            try {
                wallets.pay(operatorId, memberId, cny(1_001), key(), "ORDER", "too-dear");
                return "paid";
            } catch (InsufficientWalletBalanceException e) {
                assertThat(e.available()).isEqualTo(cny(1_000));
                assertThat(e.requested()).isEqualTo(cny(1_001));
                assertThat(e.onField("paymentMethod").errors().get(0).field()).isEqualTo("paymentMethod");
                // Checkout falls back to another method within the same transaction.
                wallets.pay(operatorId, memberId, cny(400), key(), "ORDER", "cheaper");
                return "fell back";
            }
        });

        assertThat(outcome).isEqualTo("fell back");
        assertThat(count()).isEqualTo(transactionsBefore + 1);
        assertThat(wallets.balance(operatorId, memberId)).isEqualTo(cny(600));
    }

    @Test
    void aPaymentInsideACheckoutThatRollsBackLeavesNoTrace() {
        wallets.topUp(operatorId, memberId, cny(1_000), key(), staffId, "cash");

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    wallets.pay(operatorId, memberId, cny(700), key(), "ORDER", "rolled-back");
                    throw new IllegalStateException("checkout failed later");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(wallets.balance(operatorId, memberId)).isEqualTo(cny(1_000));
        assertThat(wallets.statement(operatorId, memberId, null, 0, 10).total()).isEqualTo(1);
    }

    @Test
    void adjustmentsNeedAReasonAndNeverTakeTheBalanceBelowZero() {
        wallets.topUp(operatorId, memberId, cny(500), key(), staffId, "cash");

        assertThatThrownBy(() -> wallets.adjust(operatorId, memberId, cny(100), key(), staffId, " "))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(
                                ((InvalidInputException) e).errors().get(0).field())
                        .isEqualTo("reason"));
        assertThatThrownBy(() -> wallets.adjust(operatorId, memberId, cny(-501), key(), staffId, "typo"))
                .isInstanceOf(InsufficientWalletBalanceException.class);
        WalletTransaction down = wallets.adjust(operatorId, memberId, cny(-200), key(), staffId, "double top-up");
        WalletTransaction back = wallets.withdraw(operatorId, memberId, cny(300), key(), staffId, "moving out");

        assertThat(down.note()).isEqualTo("double top-up");
        assertThat(back.kind()).isEqualTo(WalletTransactionKind.WITHDRAWAL);
        assertThat(wallets.balance(operatorId, memberId)).isEqualTo(cny(0));
        assertThat(reports.reconcile(operatorId).ok()).isTrue();
    }

    @Test
    void amountsMustBePositiveBoundedAndInYuan() {
        assertThatThrownBy(() -> wallets.topUp(operatorId, memberId, cny(0), key(), staffId, null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> wallets.topUp(
                        operatorId, memberId, cny(MemberWallets.MAX_AMOUNT_MINOR + 1), key(), staffId, null))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> wallets.pay(operatorId, memberId, Money.of(100, "USD"), key(), "ORDER", "1"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(
                                ((InvalidInputException) e).errors().get(0).field())
                        .isEqualTo("currency"));
    }

    @Test
    void anotherOperatorsWalletsAreOutOfReach() {
        long harbor = operators.findByCode("harbor").orElseThrow().id();
        WalletTransaction payment = transactionWithPayment();

        assertThat(wallets.transaction(harbor, payment.id())).isEmpty();
        assertThatThrownBy(() -> wallets.refund(harbor, key(), payment.id(), cny(1)))
                .isInstanceOf(NotFoundException.class);
        assertThat(wallets.balance(harbor, memberId)).isEqualTo(cny(0));
        assertThat(wallets.statement(harbor, memberId, null, 0, 10).total()).isZero();
    }

    private WalletTransaction transactionWithPayment() {
        wallets.topUp(operatorId, memberId, cny(100), key(), staffId, "cash");
        return wallets.pay(operatorId, memberId, cny(100), key(), "ORDER", "mine");
    }

    private long count() {
        return jdbc.sql("select count(*) from wallet_transaction where member_id = :m")
                .param("m", memberId)
                .query(Long.class)
                .single();
    }
}
