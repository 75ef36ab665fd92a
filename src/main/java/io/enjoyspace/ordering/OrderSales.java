package io.enjoyspace.ordering;

import io.enjoyspace.catalog.Catalog;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts paid orders into the catalog's popularity. Every sale of an offering updates the same row, so doing it inside
 * checkout would make one popular offering serialise all its buyers. Payment queues the order instead (one insert in
 * its own transaction), and this job counts a batch of queued orders per offering and removes them from the queue in
 * one transaction: each sale is counted exactly once, and one update covers many sales of a popular offering.
 */
@Component
class OrderSales {

    static final int BATCH = 2_000;

    private final Catalog catalog;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    OrderSales(Catalog catalog, JdbcClient jdbc, TransactionTemplate transaction) {
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Queues a paid order's sales, in the payment's transaction. */
    void queue(long operatorId, long orderId) {
        jdbc.sql("insert into order_sale_pending (operator_id, order_id) values (:operatorId, :orderId)")
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .update();
    }

    /** Counts up to a batch of queued orders; answers how many orders it counted. */
    int countQueued() {
        Integer counted = transaction.execute(status -> {
            record Sold(long operatorId, long offeringId, long quantity, long orders) {}
            List<Sold> sold = jdbc.sql("""
                            with taken as (
                                delete from order_sale_pending
                                where (operator_id, order_id) in (
                                    select operator_id, order_id from order_sale_pending
                                    limit :batch for update skip locked)
                                returning operator_id, order_id
                            )
                            select t.operator_id, l.offering_id, sum(l.quantity) as quantity,
                                   (select count(*) from taken) as orders
                            from taken t
                            join order_line l on l.operator_id = t.operator_id and l.order_id = t.order_id
                            group by t.operator_id, l.offering_id
                            order by t.operator_id, l.offering_id
                            """)
                    .param("batch", BATCH)
                    .query((rs, row) -> new Sold(
                            rs.getLong("operator_id"),
                            rs.getLong("offering_id"),
                            rs.getLong("quantity"),
                            rs.getLong("orders")))
                    .list();
            for (Sold sale : sold) {
                catalog.recordSale(sale.operatorId(), sale.offeringId(), Math.toIntExact(sale.quantity()));
            }
            return sold.isEmpty() ? 0 : (int) sold.get(0).orders();
        });
        return counted == null ? 0 : counted;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.ordering.sales-interval:PT5S}",
            initialDelayString = "${enjoyspace.ordering.sales-interval:PT5S}")
    void scheduled() {
        while (countQueued() == BATCH) {
            // A full batch: there may be more waiting.
        }
    }
}
