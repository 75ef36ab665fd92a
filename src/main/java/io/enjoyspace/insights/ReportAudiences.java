package io.enjoyspace.insights;

import java.util.List;

/**
 * The groups of members the quarterly report suggests activities for. Until saved segments exist, the active members
 * of the period are grouped by their enterprise's industry and by their lifecycle stage; a segment-based
 * implementation can replace this one.
 */
public interface ReportAudiences {

    /**
     * One group of members.
     *
     * @param kind how the group is formed (INDUSTRY, LIFECYCLE_STAGE, or a segment kind)
     * @param key what identifies it within its kind (the industry, the stage name, a segment id)
     * @param label a name to show (the industry, the stage name, a segment name)
     * @param members how many members of the period are in it
     */
    record Audience(String kind, String key, String label, long members) {}

    /** The largest groups of each kind, largest first, at most {@code perKind} of each kind. */
    List<Audience> largest(long operatorId, InsightFilter filter, int perKind);
}
