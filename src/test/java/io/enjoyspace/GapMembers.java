package io.enjoyspace;

import io.enjoyspace.identity.Users;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import io.enjoyspace.wallet.MemberWallets;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fresh members for the membership-gap tests (coupons on reservations, birthdays, deposits, enterprise allowances):
 * mobile numbers 1822xxxxxxx belong to these tests only.
 */
@Component
@Profile("test")
public class GapMembers {

    public static final String PASSWORD = "correct-horse";

    private static final AtomicInteger sequence = new AtomicInteger();

    private final Operators operators;
    private final Sites sites;
    private final Members members;
    private final Users users;
    private final MemberWallets wallets;
    private final JdbcClient jdbc;

    GapMembers(Operators operators, Sites sites, Members members, Users users, MemberWallets wallets, JdbcClient jdbc) {
        this.operators = operators;
        this.sites = sites;
        this.members = members;
        this.users = users;
        this.wallets = wallets;
        this.jdbc = jdbc;
    }

    /** A member who can sign in with the mobile number and {@link #PASSWORD}. */
    public record Person(long operatorId, long memberId, String username) {

        public Api api(int port) {
            return Api.as(port, username, PASSWORD);
        }
    }

    public long operatorId(String code) {
        return operators.findByCode(code).orElseThrow().id();
    }

    public long siteId(String operatorCode) {
        return sites.list(operatorId(operatorCode)).get(0).id();
    }

    public static String nextMobile() {
        return "1822%07d".formatted(sequence.incrementAndGet());
    }

    /** A new member of the operator's first site, optionally of a company, who can sign in; the wallet is empty. */
    public Person person(String operatorCode, String name, Long enterpriseId) {
        long operatorId = operatorId(operatorCode);
        long memberId = members.register(
                        operatorId, new Members.NewMember(siteId(operatorCode), enterpriseId, name, nextMobile(), null))
                .id();
        String username = members.get(operatorId, memberId).mobile();
        users.create(new Users.NewUser(operatorId, username, PASSWORD, name, Role.MEMBER, memberId, null));
        return new Person(operatorId, memberId, username);
    }

    /** A new member without a company and with {@code walletMinor} in the wallet. */
    public Person personWithWallet(String operatorCode, String name, long walletMinor) {
        Person person = person(operatorCode, name, null);
        long staffUserId = jdbc.sql(
                        "select min(id) from app_user where operator_id = :operatorId and role = 'OPERATOR_ADMIN'")
                .param("operatorId", person.operatorId())
                .query(Long.class)
                .single();
        wallets.topUp(
                person.operatorId(),
                person.memberId(),
                Money.of(walletMinor, "CNY"),
                new IdempotencyKey("gap-fixture-" + person.memberId()),
                staffUserId,
                "membership gap test fixture");
        return person;
    }
}
