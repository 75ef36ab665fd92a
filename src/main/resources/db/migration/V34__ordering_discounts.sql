-- What allowances and coupons paid of an order before points and money: one row per part, given back (restored)
-- at most once when the order is cancelled or fully refunded. service_order.total_minor stays what the payment
-- parts pay; discount_minor is what the discounts took, so the price before discounts is their sum.
create table order_discount (
    operator_id  bigint  not null,
    order_id     bigint  not null,
    sequence     int     not null,
    source       int     not null,
    kind         text    not null check (kind in ('ALLOWANCE', 'COUPON')),
    amount_minor bigint  not null check (amount_minor >= 0),
    reference    text    not null check (length(reference) <= 200),
    line_number  int,
    units        bigint  not null default 0,
    unit         text    check (length(unit) <= 40),
    label        text    check (length(label) <= 200),
    restored     boolean not null default false,
    primary key (operator_id, order_id, sequence),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);

alter table service_order
    add column discount_minor bigint  not null default 0 check (discount_minor >= 0),
    add column priority       boolean not null default false;
