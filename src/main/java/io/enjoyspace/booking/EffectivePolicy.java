package io.enjoyspace.booking;

import java.util.List;

/**
 * The settings that apply to one member booking one type of resource: for each setting, the first policy in order
 * that matches and sets it. A setting no policy sets is unlimited (no approval, no buffer, free cancellation).
 */
public record EffectivePolicy(
        Integer maxDaysAhead,
        Integer minMinutesAhead,
        Integer minLengthMinutes,
        Integer maxLengthMinutes,
        int bufferMinutes,
        Integer weeklyQuotaHours,
        boolean approvalRequired,
        CancellationTerms cancellation) {

    static EffectivePolicy merge(List<BookingPolicy> ordered, BookingPolicy.Subject subject, ResourceType type) {
        Integer maxDaysAhead = null;
        Integer minMinutesAhead = null;
        Integer minLength = null;
        Integer maxLength = null;
        Integer buffer = null;
        Integer quota = null;
        Boolean approval = null;
        CancellationTerms cancellation = null;
        for (BookingPolicy policy : ordered) {
            if (!policy.matches(subject, type)) {
                continue;
            }
            maxDaysAhead = maxDaysAhead != null ? maxDaysAhead : policy.maxDaysAhead();
            minMinutesAhead = minMinutesAhead != null ? minMinutesAhead : policy.minMinutesAhead();
            minLength = minLength != null ? minLength : policy.minLengthMinutes();
            maxLength = maxLength != null ? maxLength : policy.maxLengthMinutes();
            buffer = buffer != null ? buffer : policy.bufferMinutes();
            quota = quota != null ? quota : policy.weeklyQuotaHours();
            approval = approval != null ? approval : policy.approvalRequired();
            cancellation = cancellation != null ? cancellation : policy.cancellation();
        }
        return new EffectivePolicy(
                maxDaysAhead,
                minMinutesAhead,
                minLength,
                maxLength,
                buffer == null ? 0 : buffer,
                quota,
                approval != null && approval,
                cancellation);
    }
}
