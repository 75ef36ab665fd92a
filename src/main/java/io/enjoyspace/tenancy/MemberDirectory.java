package io.enjoyspace.tenancy;

import io.enjoyspace.points.PointsDirectory;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/** Tells the points ledger who the members are and where each operator's day begins. */
@Component
class MemberDirectory implements PointsDirectory {

    private final Members members;
    private final Enterprises enterprises;
    private final Operators operators;

    MemberDirectory(Members members, Enterprises enterprises, Operators operators) {
        this.members = members;
        this.enterprises = enterprises;
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
    public String memberName(long operatorId, long memberId) {
        return members.find(operatorId, memberId).map(Member::name).orElse("#" + memberId);
    }

    @Override
    public java.util.Optional<Long> enterpriseOf(long operatorId, long memberId) {
        return members.find(operatorId, memberId).map(Member::enterpriseId);
    }

    @Override
    public boolean hasEnterprise(long operatorId, long enterpriseId) {
        return enterprises.find(operatorId, enterpriseId).isPresent();
    }

    @Override
    public java.util.List<Long> employees(long operatorId, long enterpriseId) {
        return members.idsOf(operatorId, enterpriseId);
    }

    @Override
    public java.util.Map<Long, String> memberNames(long operatorId, java.util.Collection<Long> memberIds) {
        return members.names(operatorId, memberIds);
    }

    @Override
    public java.util.Map<Long, String> enterpriseNames(long operatorId) {
        java.util.Map<Long, String> names = new java.util.LinkedHashMap<>();
        enterprises.list(operatorId).forEach(enterprise -> names.put(enterprise.id(), enterprise.name()));
        return names;
    }

    @Override
    public ZoneId timeZone(long operatorId) {
        return operators.get(operatorId).timeZone();
    }
}
