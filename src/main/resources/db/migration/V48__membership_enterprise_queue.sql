-- Company activity not yet counted into membership_activity. Every employee's paid order added to the same company
-- row inside checkout would make a company's employees wait on each other; the member's own count stays in the
-- payment's transaction and the company's share waits here until a job folds a batch into the rollup (exactly once:
-- the rows are deleted in the transaction that counts them) and upgrades the companies concerned.
create table membership_enterprise_pending (
    id            bigint generated always as identity primary key,
    operator_id   bigint not null,
    enterprise_id bigint not null,
    month         date   not null,
    uses          int    not null,
    spend_minor   bigint not null,
    growth_points bigint not null
);
