package io.enjoyspace.rules;

import java.util.List;

/**
 * A member's tags (keys such as rfm:champions, activity:high, rule:code, manual:VIP) and segments (ids as text), for
 * rule and campaign conditions on {@code member.tags} and {@code member.segments}: {@code 'rfm:champions' in
 * member.tags}, {@code '12' in member.segments}. Implemented by insights; without an implementation both are empty.
 * Read only for rules whose condition names them, so other events cost no query.
 */
public interface RuleMemberTags {

    List<String> tagsOf(long operatorId, long memberId);

    /** The ids of the operator's segments the member belongs to now. */
    List<String> segmentsOf(long operatorId, long memberId);
}
