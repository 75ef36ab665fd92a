-- What each provider earned from the orders it fulfilled: one line when an order is completed (gross, the operator's
-- commission at the provider's rate that day, net) and one negative line for each later refund of it. A monthly
-- settlement statement is the sum of its lines, so it reconciles with the orders by construction.
create table provider_earning (
    id               bigint generated always as identity primary key,
    operator_id      bigint      not null,
    provider_id      bigint      not null,
    order_id         bigint      not null,
    kind             text        not null check (kind in ('EARNING', 'REFUND')),
    refund_id        bigint,
    gross_minor      bigint      not null,
    commission_minor bigint      not null,
    net_minor        bigint      not null,
    commission_bps   integer     not null check (commission_bps between 0 and 10000),
    currency         char(3)     not null,
    settlement_month date        not null check (extract(day from settlement_month) = 1),
    occurred_at      timestamptz not null,
    check (net_minor = gross_minor - commission_minor),
    check ((kind = 'EARNING') = (refund_id is null)),
    foreign key (operator_id, provider_id) references provider (operator_id, id),
    foreign key (operator_id, order_id) references service_order (operator_id, id)
);
create unique index provider_earning_order_uq on provider_earning (operator_id, order_id) where kind = 'EARNING';
create unique index provider_earning_refund_uq on provider_earning (operator_id, refund_id) where kind = 'REFUND';
create index provider_earning_month_idx on provider_earning (operator_id, provider_id, settlement_month);

alter table service_order add constraint service_order_provider_fk
    foreign key (operator_id, provider_id) references provider (operator_id, id);
