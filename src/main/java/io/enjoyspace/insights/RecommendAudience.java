package io.enjoyspace.insights;

import java.util.List;

/**
 * Who a targeted recommendation message goes to. Each implementation answers for one {@link #kind()}: the members of a
 * site ({@code SITE}) for now; a segment audience plugs in as another bean of this type.
 */
public interface RecommendAudience {

    /** The audience kind this answers for, in capitals, e.g. SITE. */
    String kind();

    /**
     * The members of the audience, by id.
     *
     * @throws io.enjoyspace.shared.NotFoundException when the audience is not the operator's
     */
    List<Long> memberIds(long operatorId, long audienceId);

    /** The audience's name for the console. */
    String name(long operatorId, long audienceId);
}
