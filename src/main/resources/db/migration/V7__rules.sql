-- Earning rules: "when event E happens, award N points per M minor units paid".
create table earning_rule (
    id               bigint generated always as identity primary key,
    operator_id      bigint      not null references operator (id),
    name             text        not null check (length(name) between 1 and 100),
    event_type       text        not null check (event_type in ('ORDER_COMPLETED')),
    points_awarded   integer     not null check (points_awarded between 1 and 100000),
    per_amount_minor bigint      not null check (per_amount_minor between 1 and 100000000),
    active           boolean     not null default true,
    created_at       timestamptz not null default now(),
    unique (operator_id, id),
    unique (operator_id, name)
);
