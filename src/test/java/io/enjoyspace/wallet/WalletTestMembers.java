package io.enjoyspace.wallet;

import io.enjoyspace.Api;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh members for the wallet tests: mobile numbers 1812xxxxxxx, used by no demo account and no other test. */
final class WalletTestMembers {

    private static final AtomicInteger sequence = new AtomicInteger();

    private WalletTestMembers() {}

    static String nextMobile() {
        return "1812%07d".formatted(sequence.incrementAndGet());
    }

    /** A new member of the operator's first site, with no company and no sign-in. */
    static long newMember(Operators operators, Sites sites, Members members, String operatorCode, String name) {
        long operatorId = operators.findByCode(operatorCode).orElseThrow().id();
        return members.register(
                        operatorId,
                        new Members.NewMember(sites.list(operatorId).get(0).id(), null, name, nextMobile(), null))
                .id();
    }

    /** A member who registers with an invitation code and signs in to the API. */
    record SignedIn(Api api, String memberId, String mobile) {}

    static SignedIn register(int port, String invitationCode, String name) {
        String mobile = nextMobile();
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                invitationCode,
                                "name",
                                name,
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        if (registered.status() != 201) {
            throw new IllegalStateException("registration failed: " + registered);
        }
        Api api = Api.as(port, mobile, "correct-horse");
        return new SignedIn(api, api.get("/api/v1/me").json().get("memberId").asString(), mobile);
    }
}
