package io.enjoyspace.coupons;

import java.util.List;

/**
 * Whom a push reaches: every member (ALL), the members of a site, of an enterprise, of a tier (by code), or an explicit
 * list, or the members of an insights segment (SEGMENT, by id) as the segment selects them at the push.
 */
public record Audience(
        Kind kind, Long siteId, Long enterpriseId, String tierCode, List<Long> memberIds, Long segmentId) {

    public Audience {
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }

    public Audience(Kind kind, Long siteId, Long enterpriseId, String tierCode, List<Long> memberIds) {
        this(kind, siteId, enterpriseId, tierCode, memberIds, null);
    }

    public static Audience segment(long segmentId) {
        return new Audience(Kind.SEGMENT, null, null, null, List.of(), segmentId);
    }

    public enum Kind {
        ALL,
        SITE,
        ENTERPRISE,
        TIER,
        MEMBERS,
        SEGMENT
    }

    public static Audience members(List<Long> memberIds) {
        return new Audience(Kind.MEMBERS, null, null, null, memberIds);
    }

    /** A stable text of the audience, for request fingerprints and the push log. */
    String describe() {
        return switch (kind) {
            case ALL -> "ALL";
            case SITE -> "SITE:" + siteId;
            case ENTERPRISE -> "ENTERPRISE:" + enterpriseId;
            case TIER -> "TIER:" + tierCode;
            case SEGMENT -> "SEGMENT:" + segmentId;
            case MEMBERS ->
                "MEMBERS:"
                        + memberIds.stream()
                                .sorted()
                                .map(String::valueOf)
                                .reduce((a, b) -> a + "," + b)
                                .orElse("");
        };
    }
}
