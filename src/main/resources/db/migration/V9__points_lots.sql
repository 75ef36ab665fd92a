-- Lots: every credit to a member or enterprise account becomes a lot with its own expiry.
-- Spending and expiry consume lots earliest-expiry first, and each debit records which lots
-- it consumed, so a reversal can restore exactly those. The open lots of an account always
-- sum to its balance.
create table points_lot (
    id             bigint generated always as identity primary key,
    operator_id    bigint      not null,
    account_id     bigint      not null,
    transaction_id bigint      not null,
    points         bigint      not null check (points > 0),
    remaining      bigint      not null check (remaining >= 0 and remaining <= points),
    expires_at     timestamptz,
    created_at     timestamptz not null,
    unique (operator_id, id),
    foreign key (operator_id, account_id) references points_account (operator_id, id),
    foreign key (operator_id, transaction_id) references points_transaction (operator_id, id)
);
create index points_lot_open_idx on points_lot (operator_id, account_id, expires_at nulls last, id) where remaining > 0;
create index points_lot_expiry_idx on points_lot (expires_at) where remaining > 0 and expires_at is not null;

create table points_lot_consumption (
    operator_id    bigint not null,
    transaction_id bigint not null,
    lot_id         bigint not null,
    points         bigint not null check (points > 0),
    primary key (operator_id, transaction_id, lot_id),
    foreign key (operator_id, transaction_id) references points_transaction (operator_id, id),
    foreign key (operator_id, lot_id) references points_lot (operator_id, id)
);

-- Balances posted before lots existed become one lot each that never expires.
insert into points_lot (operator_id, account_id, transaction_id, points, remaining, expires_at, created_at)
select a.operator_id, a.id,
       (select max(e.transaction_id) from points_entry e
         where e.operator_id = a.operator_id and e.account_id = a.id and e.amount > 0),
       a.balance, a.balance, null, now()
from points_account a
where a.owner_type in ('MEMBER', 'ENTERPRISE') and a.balance > 0;

-- How long points earned under a rule stay valid.
alter table earning_rule
    add column expiry_kind text not null default 'NEVER'
        check (expiry_kind in ('NEVER', 'DAYS_AFTER_EARNING', 'END_OF_MONTH', 'END_OF_YEAR')),
    add column expiry_count integer not null default 0 check (expiry_count between 0 and 3650);
