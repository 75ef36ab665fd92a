-- Checkout's group commit records what discounts take before it writes the orders they belong to, so that each order
-- is written once, already paid, instead of written and then updated (the update touched every index of the order
-- table a second time). The order must still exist by the time the transaction commits.
alter table order_discount
    alter constraint order_discount_operator_id_order_id_fkey deferrable initially deferred;
