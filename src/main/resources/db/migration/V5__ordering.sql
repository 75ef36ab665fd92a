create table service_order (
    id             bigint generated always as identity primary key,
    operator_id    bigint      not null references operator (id),
    member_id      bigint      not null,
    enterprise_id  bigint,
    status         text        not null check (status in ('PLACED', 'COMPLETED', 'CANCELLED')),
    payment_method text        not null check (payment_method in ('ENTERPRISE_BILLING')),
    total_minor    bigint      not null check (total_minor >= 0),
    currency       char(3)     not null,
    placed_at      timestamptz not null,
    completed_at   timestamptz,
    completed_by   bigint references app_user (id),
    unique (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id),
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id),
    check ((status = 'COMPLETED') = (completed_at is not null))
);
create index service_order_member_idx on service_order (operator_id, member_id, placed_at desc);
create index service_order_placed_idx on service_order (operator_id, placed_at desc);

create table order_line (
    id               bigint generated always as identity primary key,
    operator_id      bigint  not null,
    order_id         bigint  not null,
    line_number      integer not null check (line_number >= 1),
    offering_id      bigint  not null,
    offering_name    text    not null,
    unit_price_minor bigint  not null check (unit_price_minor >= 0),
    quantity         integer not null check (quantity between 1 and 999),
    line_total_minor bigint  not null check (line_total_minor = unit_price_minor * quantity),
    unique (operator_id, order_id, line_number),
    foreign key (operator_id, order_id) references service_order (operator_id, id),
    foreign key (operator_id, offering_id) references offering (operator_id, id)
);

-- How an order is paid, one row per method, so a refund can return each part exactly.
create table order_payment (
    operator_id  bigint  not null,
    order_id     bigint  not null,
    method       text    not null,
    amount_minor bigint  not null check (amount_minor >= 0),
    primary key (operator_id, order_id, method),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);

-- Enterprise billing: what a tenant company owes, settled monthly with the rent.
create table enterprise_charge (
    id            bigint generated always as identity primary key,
    operator_id   bigint      not null,
    enterprise_id bigint      not null,
    order_id      bigint      not null,
    amount_minor  bigint      not null check (amount_minor >= 0),
    currency      char(3)     not null,
    billing_month date        not null check (extract(day from billing_month) = 1),
    created_at    timestamptz not null,
    unique (operator_id, order_id),
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
create index enterprise_charge_month_idx on enterprise_charge (operator_id, enterprise_id, billing_month);

-- Idempotency keys of order placement: a replay returns the first order, another body is a conflict.
create table order_request (
    operator_id     bigint      not null,
    user_id         bigint      not null references app_user (id),
    idempotency_key text        not null,
    request_hash    text        not null,
    order_id        bigint      not null,
    created_at      timestamptz not null,
    primary key (operator_id, user_id, idempotency_key),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
