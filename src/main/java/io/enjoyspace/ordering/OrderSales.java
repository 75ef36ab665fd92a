package io.enjoyspace.ordering;

import io.enjoyspace.catalog.Catalog;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Counts paid orders into the catalog's popularity after the payment commits. Every sale of an offering updates the
 * same row, so doing it inside checkout would make one popular offering serialise all its buyers; here each count is
 * its own short transaction. Delivery is at least once: a redelivery after a crash counts a sale twice, which a
 * popularity rank can bear.
 */
@Component
class OrderSales {

    private final Catalog catalog;
    private final Orders orders;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    OrderSales(Catalog catalog, Orders orders, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.catalog = catalog;
        this.orders = orders;
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(OrderPaid paid) {
        io.enjoyspace.shared.AfterCommitWork.flushLazily(jdbc);
        for (Order.Line line : orders.get(paid.operatorId(), paid.orderId()).lines()) {
            catalog.recordSale(paid.operatorId(), line.offeringId(), line.quantity());
        }
    }
}
