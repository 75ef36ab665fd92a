package io.enjoyspace.tenancy;

import io.enjoyspace.points.PointsDirectory;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/** Tells the points ledger who the members are and where each operator's day begins. */
@Component
class MemberDirectory implements PointsDirectory {

    private final Members members;
    private final Operators operators;

    MemberDirectory(Members members, Operators operators) {
        this.members = members;
        this.operators = operators;
    }

    @Override
    public boolean hasMember(long operatorId, long memberId) {
        return members.find(operatorId, memberId).isPresent();
    }

    @Override
    public java.util.Optional<Long> memberByMobile(long operatorId, String mobile) {
        return members.findByMobile(operatorId, mobile).map(Member::id);
    }

    @Override
    public ZoneId timeZone(long operatorId) {
        return operators.get(operatorId).timeZone();
    }
}
