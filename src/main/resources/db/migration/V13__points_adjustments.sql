-- Manual corrections by staff: always with a reason and who asked; above the requester's role limit
-- a second person (an operator admin) must approve before anything is posted.
alter table points_policy
    add column adjustment_limit_staff bigint not null default 500 check (adjustment_limit_staff >= 0),
    add column adjustment_limit_admin bigint not null default 5000 check (adjustment_limit_admin >= 0);

create table points_adjustment (
    id               bigint generated always as identity primary key,
    operator_id      bigint      not null references operator (id),
    owner_type       text        not null check (owner_type in ('MEMBER', 'ENTERPRISE')),
    owner_id         bigint      not null,
    points           bigint      not null check (points <> 0),
    reason           text        not null check (length(reason) between 3 and 500),
    status           text        not null check (status in ('PENDING_APPROVAL', 'POSTED', 'REJECTED')),
    requested_by     bigint      not null references app_user (id),
    decided_by       bigint references app_user (id),
    transaction_id   bigint,
    idempotency_key  text        not null,
    created_at       timestamptz not null,
    decided_at       timestamptz,
    unique (operator_id, id),
    unique (operator_id, idempotency_key),
    foreign key (operator_id, transaction_id) references points_transaction (operator_id, id),
    check (decided_by is null or decided_by <> requested_by),
    check ((status = 'POSTED') = (transaction_id is not null))
);
create index points_adjustment_pending_idx on points_adjustment (operator_id, created_at) where status = 'PENDING_APPROVAL';
