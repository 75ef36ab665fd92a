package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A company's monthly bill adds up to its employees' orders billed to it, less their refunds, line by line. */
@EnjoySpaceTest
class EnterpriseStatementsIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theBillEqualsTheOrdersChargedToTheCompanyLessTheirRefunds() {
        Api member = Api.as(port, "member");
        Api staff = Api.as(port, "staff");
        String first = Journey.order(member, Journey.offeringId(member, "Afternoon coffee set"), 1)
                .json()
                .get("id")
                .asString();
        Api.Response refund = staff.post(
                "/api/v1/orders/" + first + "/refund",
                Map.of("amountMinor", 2_500, "reason", "Late delivery"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        long enterpriseId = jdbc.sql("select enterprise_id from service_order where id = :id")
                .param("id", Long.parseLong(first))
                .query(Long.class)
                .single();
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();

        JsonNode statement = Api.as(port, "ent-admin")
                .get("/api/v1/enterprises/" + enterpriseId + "/statements/" + month)
                .json();

        long charged = jdbc.sql("""
                        select coalesce(sum(p.amount_minor), 0) from order_payment p
                        join service_order o on o.operator_id = p.operator_id and o.id = p.order_id
                        where o.enterprise_id = :enterpriseId and p.method = 'ENTERPRISE_BILLING'
                          and o.paid_at is not null
                          and to_char(o.paid_at at time zone 'Asia/Shanghai', 'YYYY-MM') = :month
                        """)
                .param("enterpriseId", enterpriseId)
                .param("month", month)
                .query(Long.class)
                .single();
        long refunded = jdbc.sql("""
                        select coalesce(sum(part.amount_minor), 0) from order_refund_part part
                        join order_refund r on r.operator_id = part.operator_id and r.id = part.refund_id
                        join service_order o on o.operator_id = r.operator_id and o.id = r.order_id
                        where o.enterprise_id = :enterpriseId and part.method = 'ENTERPRISE_BILLING'
                          and to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM') = :month
                        """)
                .param("enterpriseId", enterpriseId)
                .param("month", month)
                .query(Long.class)
                .single();
        long billedOrders = charged - refunded;
        long lines = 0;
        for (JsonNode line : statement.get("lines")) {
            lines += line.get("amount").get("amountMinor").asLong();
        }
        assertThat(statement.get("total").get("amountMinor").asLong())
                .isEqualTo(lines)
                .isEqualTo(billedOrders);
        assertThat(statement.get("credits").get("amountMinor").asLong()).isLessThanOrEqualTo(-2_500);

        Api.Response csv = Api.as(port, "ent-admin")
                .get("/api/v1/enterprises/" + enterpriseId + "/statements/" + month + "?format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("TOTAL");
        assertThat(Api.as(port, "mall-admin")
                        .get("/api/v1/enterprises/" + enterpriseId + "/statements/" + month)
                        .status())
                .isEqualTo(404);
        long otherCompany =
                jdbc.sql("""
                        select id from enterprise where operator_id = (select operator_id from enterprise where id = :id)
                          and id <> :id order by id limit 1
                        """).param("id", enterpriseId).query(Long.class).single();
        assertThat(Api.as(port, "ent-admin")
                        .get("/api/v1/enterprises/" + otherCompany + "/statements/" + month)
                        .status())
                .isEqualTo(404);
    }
}
