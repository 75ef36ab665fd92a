package io.enjoyspace.insights;

import java.time.Instant;
import java.util.Objects;

/**
 * One activity fact to record: its kind, the subject it describes, who and what it concerns, and its measures. Site,
 * enterprise and category may be left out: the recorder fills them in from the member and the offering.
 */
record Fact(
        long operatorId,
        FactKind kind,
        String subjectId,
        Long memberId,
        Long enterpriseId,
        Long siteId,
        Long offeringId,
        Long categoryId,
        Long providerId,
        long amountMinor,
        long points,
        Integer stars,
        Boolean onTime,
        Instant occurredAt) {

    Fact {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(subjectId);
        Objects.requireNonNull(occurredAt);
    }

    static Fact of(long operatorId, FactKind kind, Object subjectId, Instant occurredAt) {
        return new Fact(
                operatorId,
                kind,
                String.valueOf(subjectId),
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                null,
                occurredAt);
    }

    Fact member(Long memberId) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact enterprise(Long enterpriseId) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact site(Long siteId) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact offering(Long offeringId) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact category(Long categoryId) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact provider(Long providerId) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact amount(long amountMinor) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact points(long points) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact stars(Integer stars) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }

    Fact onTime(Boolean onTime) {
        return new Fact(
                operatorId,
                kind,
                subjectId,
                memberId,
                enterpriseId,
                siteId,
                offeringId,
                categoryId,
                providerId,
                amountMinor,
                points,
                stars,
                onTime,
                occurredAt);
    }
}
