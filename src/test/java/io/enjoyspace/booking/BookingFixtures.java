package io.enjoyspace.booking;

import io.enjoyspace.identity.Users;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Fresh members, sign-ins and resources for booking tests, so that no test shares a calendar with another. */
@Component
@Profile("test")
public class BookingFixtures {

    /** Mobile numbers 1810xxxxxxx belong to booking tests only. */
    private static final AtomicInteger sequence = new AtomicInteger();

    public static final String PASSWORD = "correct-horse";

    private final Operators operators;
    private final Sites sites;
    private final Members members;
    private final Users users;
    private final Resources resources;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final io.enjoyspace.wallet.MemberWallets wallets;

    BookingFixtures(
            io.enjoyspace.wallet.MemberWallets wallets,
            Operators operators,
            Sites sites,
            Members members,
            Users users,
            Resources resources,
            org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.wallets = wallets;
        this.operators = operators;
        this.sites = sites;
        this.members = members;
        this.users = users;
        this.resources = resources;
    }

    /** A member who can sign in: username is the mobile number, the password {@link #PASSWORD}. */
    public record Person(long memberId, String username) {}

    public long operatorId(String code) {
        return operators.findByCode(code).orElseThrow().id();
    }

    public long siteId(String operatorCode) {
        return sites.list(operatorId(operatorCode)).get(0).id();
    }

    /**
     * A new member of the operator's first site, with no company and no sign-in, and ¥10,000 in the wallet: a member
     * without a company pays for priced bookings from the wallet.
     */
    public long member(String operatorCode, String name) {
        long memberId = memberWithoutMoney(operatorCode, name);
        long operatorId = operatorId(operatorCode);
        long staffUserId =
                jdbc.sql("""
                        select min(id) from app_user where operator_id = :operatorId and role = 'OPERATOR_ADMIN'
                        """).param("operatorId", operatorId).query(Long.class).single();
        wallets.topUp(
                operatorId,
                memberId,
                io.enjoyspace.shared.Money.of(1_000_000, "CNY"),
                new io.enjoyspace.shared.IdempotencyKey("booking-fixture-" + memberId),
                staffUserId,
                "booking test fixture");
        return memberId;
    }

    /** A new member with an empty wallet and no company. */
    public long memberWithoutMoney(String operatorCode, String name) {
        long operatorId = operatorId(operatorCode);
        return members.register(
                        operatorId,
                        new Members.NewMember(
                                siteId(operatorCode),
                                null,
                                name,
                                "1810%07d".formatted(sequence.incrementAndGet()),
                                null))
                .id();
    }

    public Person person(String operatorCode, String name) {
        return signIn(operatorCode, name, member(operatorCode, name));
    }

    /** A member who can sign in but has no money in the wallet. */
    public Person personWithoutMoney(String operatorCode, String name) {
        return signIn(operatorCode, name, memberWithoutMoney(operatorCode, name));
    }

    private Person signIn(String operatorCode, String name, long memberId) {
        long operatorId = operatorId(operatorCode);
        String username = members.get(operatorId, memberId).mobile();
        users.create(new Users.NewUser(operatorId, username, PASSWORD, name, Role.MEMBER, memberId, null));
        return new Person(memberId, username);
    }

    public Resources resources() {
        return resources;
    }

    /** The demo front-desk account, as the user who books in service-level tests. */
    public long staffUserId() {
        return jdbc.sql("select id from app_user where username = 'staff'")
                .query(Long.class)
                .single();
    }

    /** A room of the operator's first site, open every day from midnight to 23:59. */
    public Resource room(String operatorCode, String name, long pricePerHourMinor) {
        return room(
                operatorCode,
                Resources.ResourceDraft.simple(
                        siteId(operatorCode), ResourceType.MEETING_ROOM, name, 6, "3F", pricePerHourMinor));
    }

    public Resource room(String operatorCode, Resources.ResourceDraft draft) {
        long operatorId = operatorId(operatorCode);
        Resource resource = resources.create(operatorId, draft);
        List<OpeningHours> hours = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.add(new OpeningHours(day, LocalTime.MIDNIGHT, LocalTime.of(23, 59)));
        }
        resources.setOpeningHours(operatorId, resource.id(), hours);
        return resource;
    }
}
