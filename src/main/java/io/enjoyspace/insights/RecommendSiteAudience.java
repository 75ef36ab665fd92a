package io.enjoyspace.insights;

import io.enjoyspace.tenancy.Sites;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every member registered at a site. */
@Component
class RecommendSiteAudience implements RecommendAudience {

    private final JdbcClient jdbc;
    private final Sites sites;

    RecommendSiteAudience(JdbcClient jdbc, Sites sites) {
        this.jdbc = jdbc;
        this.sites = sites;
    }

    @Override
    public String kind() {
        return "SITE";
    }

    @Override
    public List<Long> memberIds(long operatorId, long siteId) {
        sites.get(operatorId, siteId);
        return jdbc.sql("select id from member where operator_id = :operatorId and site_id = :siteId order by id")
                .param("operatorId", operatorId)
                .param("siteId", siteId)
                .query(Long.class)
                .list();
    }

    @Override
    public String name(long operatorId, long siteId) {
        return sites.get(operatorId, siteId).name();
    }
}
