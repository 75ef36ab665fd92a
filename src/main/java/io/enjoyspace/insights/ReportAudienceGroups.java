package io.enjoyspace.insights;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The report's audiences from the members active in the period (their active days): by their enterprise's industry
 * and by the lifecycle stage the engagement module placed them in.
 */
@Component
class ReportAudienceGroups implements ReportAudiences {

    static final String INDUSTRY = "INDUSTRY";
    static final String LIFECYCLE_STAGE = "LIFECYCLE_STAGE";

    private final JdbcClient jdbc;

    ReportAudienceGroups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Audience> largest(long operatorId, InsightFilter filter, int perKind) {
        String site = filter.siteId() == null ? "" : " and d.site_id = " + filter.siteId();
        String enterprise = filter.enterpriseId() == null ? "" : " and d.enterprise_id = " + filter.enterpriseId();
        List<Audience> audiences = new ArrayList<>();
        audiences.addAll(jdbc.sql("""
                        with active as (
                            select distinct d.member_id from insight_member_day d
                            where d.operator_id = :operatorId and d.day between :from and :to %s
                        )
                        select e.industry as key, count(*) as members
                        from active a
                        join member m on m.operator_id = :operatorId and m.id = a.member_id
                        join enterprise e on e.operator_id = :operatorId and e.id = m.enterprise_id
                        group by e.industry
                        order by members desc, key
                        limit :limit
                        """.formatted(site + enterprise))
                .param("operatorId", operatorId)
                .param("from", filter.from())
                .param("to", filter.to())
                .param("limit", perKind)
                .query((rs, row) ->
                        new Audience(INDUSTRY, rs.getString("key"), rs.getString("key"), rs.getLong("members")))
                .list());
        audiences.addAll(jdbc.sql("""
                        with active as (
                            select distinct d.member_id from insight_member_day d
                            where d.operator_id = :operatorId and d.day between :from and :to %s
                        )
                        select l.stage as key, count(*) as members
                        from active a
                        join lifecycle_member l on l.operator_id = :operatorId and l.member_id = a.member_id
                        where l.stage is not null
                        group by l.stage
                        order by members desc, key
                        limit :limit
                        """.formatted(site + enterprise))
                .param("operatorId", operatorId)
                .param("from", filter.from())
                .param("to", filter.to())
                .param("limit", perKind)
                .query((rs, row) ->
                        new Audience(LIFECYCLE_STAGE, rs.getString("key"), rs.getString("key"), rs.getLong("members")))
                .list());
        return audiences;
    }
}
