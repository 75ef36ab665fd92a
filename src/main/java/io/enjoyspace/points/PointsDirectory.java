package io.enjoyspace.points;

import java.time.ZoneId;

/**
 * What the ledger needs to know about the people and operators it keeps points for, answered by the module that owns
 * them, so that the ledger itself depends on nothing.
 */
public interface PointsDirectory {

    /** Whether {@code memberId} is a member of {@code operatorId}. */
    boolean hasMember(long operatorId, long memberId);

    /** The member of {@code operatorId} registered with this mobile number, if any. */
    java.util.Optional<Long> memberByMobile(long operatorId, String mobile);

    /** A member's name, for lists people read. */
    String memberName(long operatorId, long memberId);

    /** The company a member works for, if any. */
    java.util.Optional<Long> enterpriseOf(long operatorId, long memberId);

    /** Whether {@code enterpriseId} is a tenant company of {@code operatorId}. */
    boolean hasEnterprise(long operatorId, long enterpriseId);

    /** The members who work for the company now. */
    java.util.List<Long> employees(long operatorId, long enterpriseId);

    /** The names of those of {@code memberIds} that are members of {@code operatorId}, for lists people read. */
    java.util.Map<Long, String> memberNames(long operatorId, java.util.Collection<Long> memberIds);

    /** Every tenant company of the operator and its name, in name order, for pickers and lists. */
    java.util.Map<Long, String> enterpriseNames(long operatorId);

    /** The operator's time zone, which decides where its days begin. */
    ZoneId timeZone(long operatorId);
}
