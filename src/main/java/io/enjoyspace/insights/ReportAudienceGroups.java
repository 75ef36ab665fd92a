package io.enjoyspace.insights;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The report's audiences: the operator's largest saved segments, and the members active in the period (their active
 * days) grouped by their enterprise's industry and by the lifecycle stage the engagement module placed them in.
 */
@Component
class ReportAudienceGroups implements ReportAudiences {

    static final String SEGMENT = "SEGMENT";
    static final String INDUSTRY = "INDUSTRY";
    static final String LIFECYCLE_STAGE = "LIFECYCLE_STAGE";

    private final JdbcClient jdbc;
    private final Segments segments;

    ReportAudienceGroups(JdbcClient jdbc, Segments segments) {
        this.jdbc = jdbc;
        this.segments = segments;
    }

    @Override
    public List<Audience> largest(long operatorId, InsightFilter filter, int perKind) {
        List<Audience> audiences = new ArrayList<>();
        // The operator's saved segments, largest first, by their size at the last count (they span every site).
        segments.list(operatorId).stream()
                .sorted(java.util.Comparator.comparingLong(Segments.Segment::memberCount)
                        .reversed())
                .limit(perKind)
                .map(segment ->
                        new Audience(SEGMENT, Long.toString(segment.id()), segment.name(), segment.memberCount()))
                .forEach(audiences::add);
        audiences.addAll(largestGroups(
                INDUSTRY,
                "join member m on m.operator_id = :operatorId and m.id = a.member_id"
                        + " join enterprise e on e.operator_id = :operatorId and e.id = m.enterprise_id",
                "e.industry",
                operatorId,
                filter,
                perKind));
        audiences.addAll(largestGroups(
                LIFECYCLE_STAGE,
                "join lifecycle_member l on l.operator_id = :operatorId and l.member_id = a.member_id",
                "l.stage",
                operatorId,
                filter,
                perKind));
        return audiences;
    }

    /** The largest groups of the period's active members by {@code key}, reached through {@code joins}. */
    private List<Audience> largestGroups(
            String kind, String joins, String key, long operatorId, InsightFilter filter, int perKind) {
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("from", filter.from());
        params.put("to", filter.to());
        params.put("siteId", filter.siteId());
        params.put("enterpriseId", filter.enterpriseId());
        params.put("limit", perKind);
        return jdbc.sql("""
                        with active as (
                            select distinct d.member_id from insight_member_day d
                            where d.operator_id = :operatorId and d.day between :from and :to
                              and (cast(:siteId as bigint) is null or d.site_id = :siteId)
                              and (cast(:enterpriseId as bigint) is null or d.enterprise_id = :enterpriseId)
                        )
                        select %2$s as key, count(*) as members
                        from active a
                        %1$s
                        where %2$s is not null
                        group by %2$s
                        order by members desc, key
                        limit :limit
                        """.formatted(joins, key))
                .params(params)
                .query((rs, row) -> new Audience(kind, rs.getString("key"), rs.getString("key"), rs.getLong("members")))
                .list();
    }
}
