package io.enjoyspace.points;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.enjoyspace.MutableClock;
import io.enjoyspace.shared.ConflictException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Random sequences of earning (one by one and in bulk), spending, holding, capturing, releasing, transferring, refunding and expiring, with
 * time moving on, under either reversal policy, against real PostgreSQL. After every step: each transaction sums to
 * zero, every balance equals its entries, open lots sum to the positive part of the balance, no member balance is below
 * zero unless the debt policy allows it, and the HELD account holds exactly the pending holds.
 */
class PointsLedgerPropertiesIT {

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

    record Earn(int member, long points, int validDays) implements Step {}

    record EarnInBulk(List<Integer> members, long points, int validDays) implements Step {}

    record Spend(int member, long points) implements Step {}

    record SpendInBulk(List<Integer> members, long points) implements Step {}

    record HoldPoints(int member, long points) implements Step {}

    record Capture(int hold, int percent) implements Step {}

    record Release(int hold) implements Step {}

    record Transfer(int from, int to, long points) implements Step {}

    record Advance(int hours) implements Step {}

    record Expire() implements Step {}

    record TimeOutHolds() implements Step {}

    record Refund(int award, int percent) implements Step {}

    record EarnPending(int member, long points, int waitHours) implements Step {}

    record ReleasePending() implements Step {}

    record FundPool(long points) implements Step {}

    record Allocate(int member, long points) implements Step {}

    record AllocateInBulk(List<List<Integer>> allocations, long points) implements Step {}

    record Merge(int from, int into) implements Step {}

    /** The property's world: members 0..2, all employees of company 1, in Shanghai. */
    static final class Directory implements PointsDirectory {

        @Override
        public boolean hasMember(long operatorId, long memberId) {
            return memberId >= 0 && memberId < MEMBERS;
        }

        @Override
        public java.util.Optional<Long> memberByMobile(long operatorId, String mobile) {
            return java.util.Optional.empty();
        }

        @Override
        public String memberName(long operatorId, long memberId) {
            return "Member " + memberId;
        }

        @Override
        public java.util.Optional<Long> enterpriseOf(long operatorId, long memberId) {
            return hasMember(operatorId, memberId) ? java.util.Optional.of(ENTERPRISE) : java.util.Optional.empty();
        }

        @Override
        public boolean hasEnterprise(long operatorId, long enterpriseId) {
            return enterpriseId == ENTERPRISE;
        }

        @Override
        public List<Long> employees(long operatorId, long enterpriseId) {
            return enterpriseId == ENTERPRISE
                    ? java.util.stream.LongStream.range(0, MEMBERS).boxed().toList()
                    : List.of();
        }

        @Override
        public java.util.Map<Long, String> memberNames(long operatorId, java.util.Collection<Long> memberIds) {
            java.util.Map<Long, String> names = new java.util.HashMap<>();
            memberIds.stream()
                    .filter(id -> hasMember(operatorId, id))
                    .forEach(id -> names.put(id, memberName(operatorId, id)));
            return names;
        }

        @Override
        public java.util.Map<Long, String> enterpriseNames(long operatorId) {
            return java.util.Map.of(ENTERPRISE, "Company " + ENTERPRISE);
        }

        @Override
        public java.time.ZoneId timeZone(long operatorId) {
            return java.time.ZoneId.of("Asia/Shanghai");
        }
    }

    private static final long ENTERPRISE = 1;

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Integer> member = Arbitraries.integers().between(0, MEMBERS - 1);
        Arbitrary<Long> points = Arbitraries.longs().between(1, 80);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        4,
                        Combinators.combine(
                                        member, points, Arbitraries.integers().between(0, 10))
                                .as(Earn::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(
                                        member.list().ofMinSize(1).ofMaxSize(6),
                                        points,
                                        Arbitraries.integers().between(0, 10))
                                .as(EarnInBulk::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(member, points).as(Spend::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(member.list().ofMinSize(1).ofMaxSize(6), points)
                                .as(SpendInBulk::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(member, points).as(HoldPoints::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(
                                        Arbitraries.integers().between(0, 9),
                                        Arbitraries.integers().between(1, 100))
                                .as(Capture::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 9).map(Release::new)),
                net.jqwik.api.Tuple.of(
                        2, Combinators.combine(member, member, points).as(Transfer::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 72).map(Advance::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Expire())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new TimeOutHolds())),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(
                                        Arbitraries.integers().between(0, 9),
                                        Arbitraries.integers().between(1, 100))
                                .as(Refund::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(
                                        member, points, Arbitraries.integers().between(1, 96))
                                .as(EarnPending::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new ReleasePending())),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 200).map(FundPool::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(member, points).as(Allocate::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(
                                        member.set()
                                                .ofMinSize(1)
                                                .ofMaxSize(3)
                                                .map(List::copyOf)
                                                .list()
                                                .ofMinSize(1)
                                                .ofMaxSize(4),
                                        Arbitraries.longs().between(1, 30))
                                .as(AllocateInBulk::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(member, member).as(Merge::new)));
        return step.list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 200)
    void theLedgerKeepsItsInvariantsWhateverHappens(
            @ForAll("sequences") List<Step> steps, @ForAll PointsPolicy.ReversalPolicy reversalPolicy) {
        MutableClock clock = new MutableClock();
        clock.pin(Instant.parse("2030-01-01T00:00:00Z"));
        Lots lots = new Lots(jdbc);
        PointsLedger ledger = new PointsLedger(jdbc, lots, event -> {}, clock);
        PointsHolds holds = new PointsHolds(jdbc, ledger, transaction, clock);
        PointsExpiry expiry = new PointsExpiry(jdbc, ledger, transaction, clock);
        long operatorId = jdbc.sql("insert into operator (code, name) values (:code, 'Property') returning id")
                .param("code", "prop-" + operators.incrementAndGet())
                .query(Long.class)
                .single();
        List<Long> holdIds = new ArrayList<>();
        List<Long> awardIds = new ArrayList<>();
        PointsPolicies policies = new PointsPolicies(jdbc);
        policies.save(operatorId, new PointsPolicy(true, 10_000, 20_000, reversalPolicy));
        PointsReversals reversals = new PointsReversals(jdbc, ledger, policies, clock);
        PointsPending pending = new PointsPending(jdbc, ledger, transaction, clock);
        Directory directory = new Directory();
        PointsAllocations allocations = new PointsAllocations(ledger, directory, jdbc);
        PointsConsolidations consolidations = new PointsConsolidations(jdbc, ledger, holds, directory);
        long adminId = jdbc.sql("""
                        insert into app_user (operator_id, username, password_hash, display_name, role)
                        values (:o, :username, 'x', 'Property admin', 'OPERATOR_ADMIN') returning id
                        """)
                .param("o", operatorId)
                .param("username", "prop-admin-" + operatorId)
                .query(Long.class)
                .single();

        for (Step step : steps) {
            if (step instanceof Refund refund) {
                if (refund.award() < awardIds.size()) {
                    long award = awardIds.get(refund.award());
                    inTransaction(() -> reversals.reverse(new PointsReversals.ReverseEarning(
                            operatorId, UUID.randomUUID().toString(), award, refund.percent(), 100)));
                }
            } else if (step instanceof EarnPending earn) {
                PointsTransaction awarded = inTransaction(() -> pending.award(
                        operatorId,
                        UUID.randomUUID().toString(),
                        earn.member(),
                        earn.points(),
                        clock.instant().plus(Duration.ofHours(earn.waitHours())),
                        clock.instant().plus(Duration.ofDays(5)),
                        "EARN",
                        null,
                        null));
                if (awarded != null) {
                    awardIds.add(awarded.id());
                }
            } else if (step instanceof ReleasePending) {
                pending.releaseDue(10);
            } else if (step instanceof FundPool fund) {
                inTransaction(() -> ledger.post(PostTransaction.award(
                        operatorId,
                        UUID.randomUUID().toString(),
                        Account.enterprise(ENTERPRISE),
                        fund.points(),
                        clock.instant().plus(Duration.ofDays(3)),
                        "FUND",
                        null,
                        null)));
            } else if (step instanceof Allocate allocate) {
                inTransaction(() -> allocations.allocate(
                        operatorId,
                        ENTERPRISE,
                        UUID.randomUUID().toString(),
                        List.of(new PointsAllocations.Grant(allocate.member(), allocate.points())),
                        adminId));
            } else if (step instanceof AllocateInBulk bulk) {
                // As the pool's batcher does: lock the pool, take the allocations it covers, post them together.
                inTransaction(() -> {
                    long balance = jdbc.sql("select coalesce((select balance from points_account where operator_id = :o"
                                    + " and owner_type = 'ENTERPRISE' and owner_id = :e for update), 0)")
                            .param("o", operatorId)
                            .param("e", ENTERPRISE)
                            .query(Long.class)
                            .single();
                    List<PostTransaction> commands = new java.util.ArrayList<>();
                    for (List<Integer> members : bulk.allocations()) {
                        List<PointsAllocations.Grant> grants = members.stream()
                                .map(member -> new PointsAllocations.Grant(member, bulk.points() + member))
                                .toList();
                        long total = grants.stream()
                                .mapToLong(PointsAllocations.Grant::points)
                                .sum();
                        if (total <= balance) {
                            balance -= total;
                            commands.add(PointsAllocations.command(
                                    operatorId, ENTERPRISE, UUID.randomUUID().toString(), grants, adminId));
                        }
                    }
                    return ledger.allocateAll(operatorId, ENTERPRISE, commands);
                });
            } else if (step instanceof Merge merge) {
                inTransaction(() -> consolidations.merge(operatorId, merge.from(), merge.into(), adminId));
            } else {
                apply(step, operatorId, clock, ledger, holds, expiry, holdIds, awardIds);
            }
            checkInvariants(operatorId, step);
        }
    }

    private static void apply(
            Step step,
            long operatorId,
            MutableClock clock,
            PointsLedger ledger,
            PointsHolds holds,
            PointsExpiry expiry,
            List<Long> holdIds,
            List<Long> awardIds) {
        if (step instanceof Earn earn) {
            PointsTransaction awarded = inTransaction(() -> ledger.post(PostTransaction.award(
                    operatorId,
                    UUID.randomUUID().toString(),
                    Account.member(earn.member()),
                    earn.points(),
                    earn.validDays() == 0 ? null : clock.instant().plus(Duration.ofDays(earn.validDays())),
                    "EARN",
                    null,
                    null)));
            if (awarded != null) {
                awardIds.add(awarded.id());
            }
        } else if (step instanceof EarnInBulk bulk) {
            List<PointsLedger.Award> awards = new java.util.ArrayList<>();
            for (int member : bulk.members()) {
                awards.add(new PointsLedger.Award(
                        UUID.randomUUID().toString(),
                        member,
                        bulk.points() + awards.size(),
                        bulk.validDays() == 0 ? null : clock.instant().plus(Duration.ofDays(bulk.validDays())),
                        "EARN",
                        null,
                        null,
                        "bulk"));
            }
            List<PointsTransaction> awarded = inTransaction(() -> ledger.awardAll(operatorId, awards));
            if (awarded != null) {
                awarded.forEach(transaction -> awardIds.add(transaction.id()));
            }
        } else if (step instanceof SpendInBulk bulk) {
            List<PostTransaction> spends = new java.util.ArrayList<>();
            for (int member : bulk.members()) {
                long points = bulk.points() + spends.size();
                spends.add(new PostTransaction(
                        operatorId,
                        UUID.randomUUID().toString(),
                        "SPEND",
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new Posting(Account.member(member), -points),
                                new Posting(Account.system(AccountType.REDEEMED), points))));
            }
            inTransaction(() -> ledger.spendAll(operatorId, spends));
        } else if (step instanceof Spend spend) {
            inTransaction(() -> ledger.post(new PostTransaction(
                    operatorId,
                    UUID.randomUUID().toString(),
                    "SPEND",
                    null,
                    null,
                    null,
                    null,
                    List.of(
                            new Posting(Account.member(spend.member()), -spend.points()),
                            new Posting(Account.system(AccountType.REDEEMED), spend.points())))));
        } else if (step instanceof HoldPoints hold) {
            Hold held = inTransaction(() -> holds.hold(
                    operatorId,
                    UUID.randomUUID().toString(),
                    Account.member(hold.member()),
                    hold.points(),
                    Duration.ofHours(24),
                    "HOLD",
                    null,
                    null));
            if (held != null) {
                holdIds.add(held.id());
            }
        } else if (step instanceof Capture capture) {
            if (capture.hold() < holdIds.size()) {
                long id = holdIds.get(capture.hold());
                inTransaction(() -> {
                    Hold hold = holds.get(operatorId, id);
                    long points = Math.max(1, hold.points() * capture.percent() / 100);
                    return holds.capture(operatorId, id, points);
                });
            }
        } else if (step instanceof Release release) {
            if (release.hold() < holdIds.size()) {
                inTransaction(() -> holds.release(operatorId, holdIds.get(release.hold())));
            }
        } else if (step instanceof Transfer transfer) {
            if (transfer.from() != transfer.to()) {
                inTransaction(() -> ledger.post(new PostTransaction(
                        operatorId,
                        UUID.randomUUID().toString(),
                        "TRANSFER",
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new Posting(Account.member(transfer.from()), -transfer.points()),
                                Posting.carryingExpiry(Account.member(transfer.to()), transfer.points())))));
            }
        } else if (step instanceof Advance advance) {
            clock.advance(Duration.ofHours(advance.hours()));
        } else if (step instanceof Expire) {
            expiry.expireDue(10);
        } else if (step instanceof TimeOutHolds) {
            holds.releaseTimedOut(10);
        }
    }

    private static <T> T inTransaction(Supplier<T> work) {
        try {
            return transaction.execute(status -> work.get());
        } catch (ConflictException | io.enjoyspace.shared.InvalidInputException e) {
            return null;
        }
    }

    private static void checkInvariants(long operatorId, Step step) {
        String after = "after " + step;
        long unbalanced = jdbc.sql("""
                        select count(*) from (select transaction_id from points_entry where operator_id = :o
                                              group by transaction_id having sum(amount) <> 0) t
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(unbalanced)
                .as("transactions that do not sum to zero " + after)
                .isZero();
        long balanceNotEntries =
                jdbc.sql("""
                        select count(*) from points_account a
                        where a.operator_id = :o and a.owner_type in ('MEMBER', 'ENTERPRISE')
                          and a.balance <> (select coalesce(sum(e.amount), 0) from points_entry e
                                            where e.operator_id = a.operator_id and e.account_id = a.id)
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(balanceNotEntries)
                .as("balances that differ from their entries " + after)
                .isZero();
        long lotsNotBalance =
                jdbc.sql("""
                        select count(*) from points_account a
                        where a.operator_id = :o and a.owner_type in ('MEMBER', 'ENTERPRISE')
                          and greatest(a.balance, 0) <> (select coalesce(sum(l.remaining), 0) from points_lot l
                                            where l.operator_id = a.operator_id and l.account_id = a.id)
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(lotsNotBalance)
                .as("accounts whose open lots differ from the balance " + after)
                .isZero();
        long negative = jdbc.sql("""
                        select count(*) from points_account a where a.operator_id = :o and a.owner_type = 'MEMBER'
                          and a.balance < 0
                          and not exists (select 1 from points_policy p where p.operator_id = a.operator_id
                                          and p.reversal_policy = 'DEBT')
                        """).param("o", operatorId).query(Long.class).single();
        assertThat(negative)
                .as("negative member balances without a debt policy " + after)
                .isZero();
        long held = jdbc.sql("""
                        select coalesce(sum(e.amount), 0) from points_entry e
                        join points_account a on a.operator_id = e.operator_id and a.id = e.account_id
                        where a.operator_id = :o and a.owner_type = 'HELD'
                        """).param("o", operatorId).query(Long.class).single();
        long pending = jdbc.sql(
                        "select coalesce(sum(points), 0) from points_hold where operator_id = :o and status = 'PENDING'")
                .param("o", operatorId)
                .query(Long.class)
                .single();
        assertThat(held).as("points in HELD versus pending holds " + after).isEqualTo(pending);
        long waiting = jdbc.sql(
                        "select coalesce(sum(balance), 0) from points_account where operator_id = :o and owner_type = 'PENDING'")
                .param("o", operatorId)
                .query(Long.class)
                .single();
        long unreleased = jdbc.sql(
                        "select coalesce(sum(remaining), 0) from points_pending where operator_id = :o and release_transaction_id is null")
                .param("o", operatorId)
                .query(Long.class)
                .single();
        assertThat(waiting)
                .as("PENDING accounts versus unreleased pending awards " + after)
                .isEqualTo(unreleased);
    }
}
