package io.enjoyspace.coupons;

import io.enjoyspace.Api;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh members for the coupon tests: mobile numbers 1815xxxxxxx, used by no demo account and no other test. */
final class CouponTestMembers {

    private static final AtomicInteger sequence = new AtomicInteger();

    private CouponTestMembers() {}

    static String nextMobile() {
        return "1815%07d".formatted(sequence.incrementAndGet());
    }

    /** A new member of the operator's first site, with no company and no sign-in. */
    static long newMember(Operators operators, Sites sites, Members members, String operatorCode) {
        long operatorId = operators.findByCode(operatorCode).orElseThrow().id();
        return members.register(
                        operatorId,
                        new Members.NewMember(
                                sites.list(operatorId).get(0).id(), null, "Coupon tester", nextMobile(), null))
                .id();
    }

    /** A member who registers with an invitation code of the demo operator and signs in to the API. */
    record SignedIn(Api api, String memberId) {}

    static SignedIn register(int port, String invitationCode) {
        String mobile = nextMobile();
        Api.Response registered = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                invitationCode,
                                "name",
                                "Coupon tester",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        if (registered.status() != 201) {
            throw new IllegalStateException("registration failed: " + registered);
        }
        Api api = Api.as(port, mobile, "correct-horse");
        return new SignedIn(api, api.get("/api/v1/me").json().get("memberId").asString());
    }
}
