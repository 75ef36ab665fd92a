package io.enjoyspace.membership;

import io.enjoyspace.identity.Users;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * A fresh operator per test for the membership tests: tiers and allowances belong to an operator, and the demo
 * operator's members are shared by every other test class. Member mobiles are 1814xxxxxxx, used by no one else.
 */
@Component
@Profile("test")
public class MembershipWorlds {

    private static final AtomicInteger sequence = new AtomicInteger();
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final Operators operators;
    private final Sites sites;
    private final Members members;
    private final Enterprises enterprises;
    private final Users users;

    MembershipWorlds(Operators operators, Sites sites, Members members, Enterprises enterprises, Users users) {
        this.operators = operators;
        this.sites = sites;
        this.members = members;
        this.enterprises = enterprises;
        this.users = users;
    }

    /** An operator with one site, one company (lease from the 15th), and an admin who signs in as {@code admin}. */
    public record World(long operatorId, long siteId, long enterpriseId, String admin, long adminUserId) {}

    public World create() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long operatorId = operators
                .create("m1814-" + tag, "Membership test " + tag, SHANGHAI)
                .id();
        long siteId = sites.create(operatorId, "Tower " + tag, SiteKind.OFFICE_TOWER, "1 Test Road", "M1814" + tag)
                .id();
        Enterprise company = enterprises.create(
                operatorId,
                new Enterprises.NewEnterprise(
                        siteId,
                        "Company " + tag,
                        "Software",
                        20,
                        new Enterprise.Lease(1_000_000, LocalDate.of(2030, 1, 15), LocalDate.of(2035, 1, 14)),
                        null));
        String admin = "m1814-admin-" + tag;
        long adminUserId = users.create(
                new Users.NewUser(operatorId, admin, "demo", "Admin " + tag, Role.OPERATOR_ADMIN, null, null));
        return new World(operatorId, siteId, company.id(), admin, adminUserId);
    }

    public long member(World world, Long enterpriseId) {
        return members.register(
                        world.operatorId(),
                        new Members.NewMember(
                                world.siteId(),
                                enterpriseId,
                                "Member " + sequence.get(),
                                "1814%07d".formatted(sequence.incrementAndGet()),
                                null))
                .id();
    }

    /** A member with a sign-in; the username is returned, the password is {@code demo}. */
    public String memberUser(World world, long memberId, Long enterpriseId) {
        String username = "m1814-member-" + memberId;
        users.create(new Users.NewUser(
                world.operatorId(), username, "demo", "Member " + memberId, Role.MEMBER, memberId, enterpriseId));
        return username;
    }
}
