package io.enjoyspace.shared;

import java.io.Serializable;

/**
 * Who is signed in, and for which operator. Every query a module runs on behalf of a request takes its
 * operator from here, never from the request.
 *
 * @param operatorId null only for a platform admin
 * @param memberId set for a member
 * @param enterpriseId a member's company, or the company an enterprise admin manages
 */
public record Actor(
        long userId, Long operatorId, String username, String displayName, Role role, Long memberId, Long enterpriseId)
        implements Serializable {

    /** Implemented by the security principal so that controllers can ask for an {@link Actor}. */
    public interface Holder {
        Actor actor();
    }

    public long requireOperator() {
        if (operatorId == null) {
            throw new NotFoundException();
        }
        return operatorId;
    }

    public long requireMember() {
        if (memberId == null) {
            throw new NotFoundException();
        }
        return memberId;
    }

    public boolean isStaff() {
        return role.isOperatorStaff();
    }

    public boolean isMember() {
        return role == Role.MEMBER;
    }

    public boolean isEnterpriseAdmin() {
        return role == Role.ENTERPRISE_ADMIN;
    }
}
