package io.enjoyspace.booking;

/**
 * One ordered rule of an operator's booking policy. Any setting left null is not set by this policy, and the next
 * matching policy in order may set it.
 */
public record BookingPolicy(
        long id,
        int position,
        String name,
        PolicyScope scope,
        String scopeTierCode,
        Long scopeEnterpriseId,
        Long scopeMemberId,
        ResourceType resourceType,
        Integer maxDaysAhead,
        Integer minMinutesAhead,
        Integer minLengthMinutes,
        Integer maxLengthMinutes,
        Integer bufferMinutes,
        Integer weeklyQuotaHours,
        Boolean approvalRequired,
        CancellationTerms cancellation) {

    /** Whether this policy speaks of the member and the resource type. */
    boolean matches(Subject subject, ResourceType type) {
        if (resourceType != null && resourceType != type) {
            return false;
        }
        return switch (scope) {
            case ALL -> true;
            case TIER -> scopeTierCode.equals(subject.tierCode());
            case ENTERPRISE -> scopeEnterpriseId.equals(subject.enterpriseId());
            case MEMBER -> scopeMemberId == subject.memberId();
        };
    }

    /** The member a policy is evaluated for. */
    public record Subject(long memberId, Long enterpriseId, String tierCode) {}
}
