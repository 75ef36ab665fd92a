package io.enjoyspace;

import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Fresh members of the demo operator for tests that need an account nobody else touches. */
@Component
@Profile("test")
public class TestMembers {

    // Mobile numbers 110xxxxxxxx are used by no demo account and no other test.
    private static final AtomicInteger sequence = new AtomicInteger();

    private final Operators operators;
    private final Sites sites;
    private final Members members;

    TestMembers(Operators operators, Sites sites, Members members) {
        this.operators = operators;
        this.sites = sites;
        this.members = members;
    }

    public long demoOperatorId() {
        return operators.findByCode("demo").orElseThrow().id();
    }

    /** A new member of the demo operator's first site, with no company. */
    public long newMember(String name) {
        long operatorId = demoOperatorId();
        return members.register(
                        operatorId,
                        new Members.NewMember(
                                sites.list(operatorId).get(0).id(),
                                null,
                                name,
                                "110%08d".formatted(sequence.incrementAndGet()),
                                null))
                .id();
    }
}
