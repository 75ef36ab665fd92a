-- Monthly allowances from a company's pool: each plan gives one employee N points at the start of
-- every month, once per month however often the job runs.
create table points_allocation_plan (
    id                 bigint generated always as identity primary key,
    operator_id        bigint      not null references operator (id),
    enterprise_id      bigint      not null,
    member_id          bigint      not null,
    points_per_month   bigint      not null check (points_per_month > 0),
    active             boolean     not null default true,
    last_month         text,
    last_error         text,
    created_at         timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, enterprise_id, member_id)
);
