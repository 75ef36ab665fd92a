-- Paid orders whose sales the catalog has not counted yet. Payment adds a row in its own transaction; a job counts
-- a batch into offering.sold_count and deletes those rows in one transaction, so each sale is counted exactly once
-- and no checkout ever waits on a popular offering's row.
create table order_sale_pending (
    operator_id bigint not null,
    order_id    bigint not null,
    primary key (operator_id, order_id),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
