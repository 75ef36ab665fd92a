-- Paid orders waiting to be evaluated by the operator's rules. The checkout adds one row in its own transaction (so a
-- paid order is never lost and a rolled-back one never earns); a job takes the rows in batches, evaluates them through
-- the intake's bulk path and deletes them in the same transaction. Each row keeps its event key, so a batch taken
-- twice (a crash before the commit was flushed) evaluates nothing twice.
create table rule_feed_pending (
    id             bigint generated always as identity primary key,
    operator_id    bigint      not null,
    event_key      text        not null,
    type           text        not null,
    member_id      bigint      not null,
    occurred_at    timestamptz not null,
    attributes     jsonb       not null,
    reference_type text,
    reference_id   text,
    attempts       int         not null default 0
);
