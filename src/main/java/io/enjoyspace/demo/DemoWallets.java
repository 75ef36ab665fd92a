package io.enjoyspace.demo;

import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Money;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.wallet.MemberWallets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the demo members some wallet money, topped up by the front desk: {@code member} and {@code member2} and a few
 * colleagues of the demo operator, and Harbor Mall's shopper. Runs when the application is ready, so after every demo
 * runner whatever their order, and does nothing once the demo member's wallet has moved.
 */
@Component
@Profile("demo")
class DemoWallets {

    private static final Logger log = LoggerFactory.getLogger(DemoWallets.class);

    /** Demo member mobile numbers (see {@link DemoData}) and what each has topped up, in fen. */
    private static final String[] DEMO_MOBILES = {
        "13800000001", "13800000002", "13800000003", "13800000004", "13800000005", "13800000006"
    };

    private static final long[][] DEMO_TOP_UPS = {
        {50_000, 20_000}, {30_000}, {10_000}, {88_800}, {5_000, 5_000}, {100_000}
    };

    private final Operators operators;
    private final Members members;
    private final MemberWallets wallets;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoWallets(
            Operators operators,
            Members members,
            MemberWallets wallets,
            JdbcClient jdbc,
            TransactionTemplate transaction) {
        this.operators = operators;
        this.members = members;
        this.wallets = wallets;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Optional<Operator> demo = operators.findByCode("demo");
        if (demo.isEmpty()) {
            return;
        }
        long operatorId = demo.get().id();
        Optional<Member> first = members.findByMobile(operatorId, DEMO_MOBILES[0]);
        if (first.isEmpty()
                || wallets.statement(operatorId, first.get().id(), null, 0, 1).total() > 0) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            long staff = staffUser(operatorId, "staff");
            for (int i = 0; i < DEMO_MOBILES.length; i++) {
                Optional<Member> member = members.findByMobile(operatorId, DEMO_MOBILES[i]);
                if (member.isEmpty()) {
                    continue;
                }
                for (int j = 0; j < DEMO_TOP_UPS[i].length; j++) {
                    wallets.topUp(
                            operatorId,
                            member.get().id(),
                            Money.of(DEMO_TOP_UPS[i][j], MemberWallets.CURRENCY),
                            new IdempotencyKey("demo-wallet-" + DEMO_MOBILES[i] + "-" + j),
                            staff,
                            j == 0 ? "Cash at the front desk" : "Bank transfer");
                }
            }
            operators
                    .findByCode("harbor")
                    .ifPresent(harbor -> members.findByMobile(harbor.id(), "13900000001")
                            .ifPresent(shopper -> wallets.topUp(
                                    harbor.id(),
                                    shopper.id(),
                                    Money.of(20_000, MemberWallets.CURRENCY),
                                    new IdempotencyKey("demo-wallet-13900000001-0"),
                                    staffUser(harbor.id(), "mall-admin"),
                                    "Cash at the front desk")));
        });
        log.info("Demo wallets topped up");
    }

    /** Identity offers no lookup by username to other modules; the demo reads the one id it needs. */
    private long staffUser(long operatorId, String username) {
        return jdbc.sql("select id from app_user where operator_id = :operatorId and username = :username")
                .param("operatorId", operatorId)
                .param("username", username)
                .query(Long.class)
                .single();
    }
}
