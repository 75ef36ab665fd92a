-- Refunds of completed orders, full or partial, once per idempotency key. The points the order
-- earned are reversed in proportion (the points module's reversal policy decides what happens to
-- points already spent).
alter table service_order add column refunded_minor bigint not null default 0;
alter table service_order add constraint service_order_refund_check
    check (refunded_minor >= 0 and refunded_minor <= total_minor);

create table order_refund (
    id              bigint generated always as identity primary key,
    operator_id     bigint      not null,
    order_id        bigint      not null,
    idempotency_key text        not null check (length(idempotency_key) between 1 and 100),
    amount_minor    bigint      not null check (amount_minor > 0),
    reason          text        not null check (length(reason) between 3 and 500),
    created_by      bigint      not null references app_user (id),
    created_at      timestamptz not null,
    unique (operator_id, idempotency_key),
    unique (operator_id, id),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
create index order_refund_order_idx on order_refund (operator_id, order_id);
