package io.enjoyspace.demo;

import io.enjoyspace.tenancy.Operators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the demo operator's dashboard a lease history to count: each tenant's current lease (ten square metres a head)
 * renews an earlier one of a year, and each site has room for its tenants plus about 15 %. Runs when the application
 * is ready, so after the demo data, and does nothing once the demo operator has lease rows.
 */
@Component
@Profile("demo")
class DemoInsights {

    private static final Logger log = LoggerFactory.getLogger(DemoInsights.class);

    private final Operators operators;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoInsights(Operators operators, JdbcClient jdbc, TransactionTemplate transaction) {
        this.operators = operators;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        operators
                .findByCode("demo")
                .ifPresent(operator -> transaction.executeWithoutResult(status -> {
                    long operatorId = operator.id();
                    boolean loaded = jdbc.sql("select exists (select 1 from lease where operator_id = :operatorId)")
                            .param("operatorId", operatorId)
                            .query(Boolean.class)
                            .single();
                    if (loaded) {
                        return;
                    }
                    jdbc.sql("""
                            insert into lease (operator_id, enterprise_id, site_id, starts_on, ends_on,
                                               monthly_rent_minor, area_sqm)
                            select operator_id, id, site_id, cast(lease_starts_on - interval '1 year' as date),
                                   lease_starts_on - 1, lease_monthly_rent_minor * 95 / 100, headcount * 10
                            from enterprise where operator_id = :operatorId
                            """).param("operatorId", operatorId).update();
                    jdbc.sql("""
                            insert into lease (operator_id, enterprise_id, site_id, starts_on, ends_on,
                                               monthly_rent_minor, area_sqm, renewed_from)
                            select e.operator_id, e.id, e.site_id, e.lease_starts_on, e.lease_ends_on,
                                   e.lease_monthly_rent_minor, e.headcount * 10, l.id
                            from enterprise e join lease l on l.operator_id = e.operator_id and l.enterprise_id = e.id
                            where e.operator_id = :operatorId
                            """).param("operatorId", operatorId).update();
                    jdbc.sql("""
                            update site s set capacity_area_sqm = greatest(100, (
                                select coalesce(sum(e.headcount), 0) * 10 * 100 / 85 from enterprise e
                                where e.operator_id = s.operator_id and e.site_id = s.id))
                            where s.operator_id = :operatorId and s.capacity_area_sqm is null
                            """).param("operatorId", operatorId).update();
                    log.info("Demo lease history and site capacity loaded for the dashboard");
                }));
    }
}
