package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.shared.ConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@EnjoySpaceTest
class PointsLedgerIT {

    @Autowired
    io.enjoyspace.TestMembers testMembers;

    @Autowired
    PointsLedger ledger;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    long operatorId;
    long memberId;
    long otherMemberId;

    @BeforeEach
    void freshMembers() {
        operatorId = testMembers.demoOperatorId();
        memberId = newMember();
        otherMemberId = newMember();
    }

    private long newMember() {
        return testMembers.newMember("Ledger test");
    }

    private PointsTransaction award(long member, long points) {
        return ledger.post(PostTransaction.award(
                operatorId, UUID.randomUUID().toString(), Account.member(member), points, "TEST", null, null));
    }

    private PointsTransaction spend(long member, long points) {
        return ledger.post(new PostTransaction(
                operatorId,
                UUID.randomUUID().toString(),
                "REDEEMED",
                null,
                null,
                null,
                null,
                List.of(
                        new Posting(Account.member(member), -points),
                        new Posting(Account.system(AccountType.REDEEMED), points))));
    }

    @Test
    void anAwardMovesPointsFromIssuanceToTheMember() {
        long issuedBefore = ledger.balance(operatorId, Account.system(AccountType.ISSUANCE));

        award(memberId, 150);

        assertThat(ledger.balance(operatorId, Account.member(memberId))).isEqualTo(150);
        assertThat(ledger.balance(operatorId, Account.system(AccountType.ISSUANCE)))
                .isEqualTo(issuedBefore - 150);
        assertThat(ledger.history(operatorId, Account.member(memberId), 0, 10))
                .extracting(HistoryLine::points)
                .containsExactly(150L);
    }

    @Test
    void spendingMoreThanTheBalanceIsRefusedAndLeavesNoTrace() {
        award(memberId, 100);
        long transactionsBefore = countTransactions();

        assertThatThrownBy(() -> spend(memberId, 101)).isInstanceOf(InsufficientPointsException.class);

        assertThat(ledger.balance(operatorId, Account.member(memberId))).isEqualTo(100);
        assertThat(countTransactions()).isEqualTo(transactionsBefore);
    }

    @Test
    void theSameKeyAndRequestReturnTheFirstTransaction() {
        PostTransaction command = PostTransaction.award(
                operatorId, "award-once-" + memberId, Account.member(memberId), 40, "TEST", "ORDER", "1");

        PointsTransaction first = ledger.post(command);
        PointsTransaction second = ledger.post(command);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.replayed()).isTrue();
        assertThat(ledger.balance(operatorId, Account.member(memberId))).isEqualTo(40);
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflict() {
        ledger.post(
                PostTransaction.award(operatorId, "key-" + memberId, Account.member(memberId), 40, "TEST", null, null));

        assertThatThrownBy(() -> ledger.post(PostTransaction.award(
                        operatorId, "key-" + memberId, Account.member(memberId), 41, "TEST", null, null)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void unbalancedPostingsAreRefused() {
        assertThatThrownBy(() -> ledger.post(new PostTransaction(
                        operatorId,
                        UUID.randomUUID().toString(),
                        "TEST",
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new Posting(Account.system(AccountType.ISSUANCE), -10),
                                new Posting(Account.member(memberId), 9)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDatabaseRefusesAnUnbalancedTransactionWrittenBehindTheLedgersBack() {
        award(memberId, 10);
        long accountId = accountId(memberId);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    long id = jdbc.sql("""
                                    insert into points_transaction (operator_id, idempotency_key, request_hash, reason_code, occurred_at)
                                    values (:operatorId, :key, 'x', 'FORGED', now()) returning id
                                    """)
                            .param("operatorId", operatorId)
                            .param("key", UUID.randomUUID().toString())
                            .query(Long.class)
                            .single();
                    jdbc.sql(
                                    "insert into points_entry (operator_id, transaction_id, account_id, amount) values (:o, :t, :a, 500)")
                            .param("o", operatorId)
                            .param("t", id)
                            .param("a", accountId)
                            .update();
                }))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("does not balance");
    }

    @Test
    void theDatabaseRefusesANegativeMemberBalance() {
        award(memberId, 10);

        assertThatThrownBy(() -> jdbc.sql("update points_account set balance = -1 where id = :id")
                        .param("id", accountId(memberId))
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("points_account_balance_not_negative");
    }

    @Test
    void entriesCannotBeChangedOrDeleted() {
        PointsTransaction posted = award(memberId, 10);

        assertThatThrownBy(() -> jdbc.sql("update points_entry set amount = 1000 where transaction_id = :id")
                        .param("id", posted.id())
                        .update())
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from points_transaction where id = :id")
                        .param("id", posted.id())
                        .update())
                .rootCause()
                .hasMessageContaining("append-only");
    }

    @Test
    void twentyRacingSpendsOfOneBalanceNeverOverspend() throws Exception {
        award(memberId, 100);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Callable<Boolean>> spends = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            spends.add(() -> {
                try {
                    spend(memberId, 10);
                    return true;
                } catch (InsufficientPointsException e) {
                    return false;
                }
            });
        }
        int succeeded = 0;
        try {
            for (Future<Boolean> result : pool.invokeAll(spends)) {
                succeeded += result.get() ? 1 : 0;
            }
        } finally {
            pool.shutdown();
        }

        assertThat(succeeded).isEqualTo(10);
        assertThat(ledger.balance(operatorId, Account.member(memberId))).isZero();
    }

    @Test
    void randomSequencesKeepEveryBalanceEqualToItsEntriesAndNeverNegative() {
        Random random = new Random(20261126L);
        long[] expected = new long[2];
        long[] accounts = {memberId, otherMemberId};
        for (int step = 0; step < 200; step++) {
            int who = random.nextInt(2);
            long points = 1 + random.nextInt(50);
            switch (random.nextInt(3)) {
                case 0 -> {
                    award(accounts[who], points);
                    expected[who] += points;
                }
                case 1 -> {
                    try {
                        spend(accounts[who], points);
                        expected[who] -= points;
                    } catch (InsufficientPointsException e) {
                        assertThat(expected[who]).isLessThan(points);
                    }
                }
                default -> {
                    int to = 1 - who;
                    try {
                        ledger.post(new PostTransaction(
                                operatorId,
                                UUID.randomUUID().toString(),
                                "TRANSFER",
                                null,
                                null,
                                null,
                                null,
                                List.of(
                                        new Posting(Account.member(accounts[who]), -points),
                                        new Posting(Account.member(accounts[to]), points))));
                        expected[who] -= points;
                        expected[to] += points;
                    } catch (InsufficientPointsException e) {
                        assertThat(expected[who]).isLessThan(points);
                    }
                }
            }
            for (int i = 0; i < 2; i++) {
                long balance = ledger.balance(operatorId, Account.member(accounts[i]));
                assertThat(balance).isEqualTo(expected[i]).isNotNegative();
                assertThat(ledger.lots(operatorId, Account.member(accounts[i])).stream()
                                .mapToLong(PointsLot::remaining)
                                .sum())
                        .as("open lots sum to the balance")
                        .isEqualTo(balance);
            }
        }
        for (long account : accounts) {
            long fromEntries = jdbc.sql("select coalesce(sum(amount), 0) from points_entry where account_id = :id")
                    .param("id", accountId(account))
                    .query(Long.class)
                    .single();
            assertThat(fromEntries).isEqualTo(ledger.balance(operatorId, Account.member(account)));
        }
        long unbalanced = jdbc.sql(
                        "select count(*) from (select transaction_id from points_entry group by transaction_id having sum(amount) <> 0) t")
                .query(Long.class)
                .single();
        assertThat(unbalanced).isZero();
    }

    private long accountId(long member) {
        return jdbc.sql("select id from points_account where owner_type = 'MEMBER' and owner_id = :id")
                .param("id", member)
                .query(Long.class)
                .single();
    }

    private long countTransactions() {
        return jdbc.sql("select count(*) from points_transaction")
                .query(Long.class)
                .single();
    }
}
