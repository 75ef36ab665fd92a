-- The member's inbox: notices from every module, stored as a message code and its arguments so each
-- reader sees them in their own language. A dedupe key keeps a notice from being queued twice.
create table inbox_message (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    member_id   bigint      not null,
    code        text        not null,
    args        text[]      not null default '{}',
    dedupe_key  text        not null,
    created_at  timestamptz not null,
    read_at     timestamptz,
    unique (operator_id, id),
    unique (operator_id, dedupe_key),
    foreign key (operator_id, member_id) references member (operator_id, id)
);
create index inbox_message_member_idx on inbox_message (operator_id, member_id, created_at desc);

-- Lots whose members were told, ahead of time, that they will expire.
alter table points_lot add column expiry_noticed boolean not null default false;
