package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.Journey;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Paid orders count into their offerings' popularity exactly once, through the sales queue. */
@EnjoySpaceTest
class OrderSalesIT {

    // Mobile numbers 1819xxxxxxx belong to this class only.
    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OrderSales sales;

    private Api newcomer() {
        String mobile = "1819%07d".formatted(mobiles.incrementAndGet());
        Api.Response registration = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "MOFANG33",
                                "name",
                                "Sales tester",
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registration.status()).as(registration.toString()).isEqualTo(201);
        return Api.as(port, mobile, "correct-horse");
    }

    private long soldCount(long offeringId) {
        return jdbc.sql("select sold_count from offering where id = :id")
                .param("id", offeringId)
                .query(Long.class)
                .single();
    }

    @Test
    void eachPaidOrderCountsItsQuantityOnceAndLeavesTheQueue() {
        Api member = newcomer();
        String offeringId = Journey.offeringId(member, "Afternoon coffee set");
        long offering = Long.parseLong(offeringId);
        while (sales.countQueued() > 0) {
            // Count what other tests left in the queue first.
        }
        long before = soldCount(offering);

        String first = Journey.order(member, offeringId, 2).json().get("id").asString();
        String second = Journey.order(member, offeringId, 3).json().get("id").asString();
        // The scheduled job may count them first; either way each sale counts once.
        while (sales.countQueued() > 0) {
            // Drain.
        }
        assertThat(soldCount(offering)).isEqualTo(before + 5);
        assertThat(sales.countQueued()).isZero();
        assertThat(soldCount(offering)).as("counted once").isEqualTo(before + 5);
        assertThat(jdbc.sql("select count(*) from order_sale_pending where order_id in (:ids)")
                        .param("ids", java.util.List.of(Long.parseLong(first), Long.parseLong(second)))
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
