-- The points ledger: double entry, append-only, integer points.
-- Member and enterprise accounts are liabilities and never go below zero; system accounts
-- (issuance, redeemed, expired, adjustment, clearing) are the other side of every movement.
create table points_account (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    owner_type  text        not null check (owner_type in ('MEMBER', 'ENTERPRISE', 'ISSUANCE', 'REDEEMED', 'EXPIRED', 'ADJUSTMENT', 'CLEARING')),
    owner_id    bigint,
    balance     bigint      not null default 0,
    created_at  timestamptz not null default now(),
    unique (operator_id, id),
    unique nulls not distinct (operator_id, owner_type, owner_id),
    check ((owner_type in ('MEMBER', 'ENTERPRISE')) = (owner_id is not null)),
    constraint points_account_balance_not_negative check (owner_type not in ('MEMBER', 'ENTERPRISE') or balance >= 0)
);

create table points_transaction (
    id                      bigint generated always as identity primary key,
    operator_id             bigint      not null references operator (id),
    idempotency_key         text        not null check (length(idempotency_key) between 1 and 200),
    request_hash            text        not null,
    reason_code             text        not null,
    reference_type          text,
    reference_id            text,
    memo                    text,
    created_by_user_id      bigint references app_user (id),
    reverses_transaction_id bigint,
    occurred_at             timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, idempotency_key),
    foreign key (operator_id, reverses_transaction_id) references points_transaction (operator_id, id)
);

create table points_entry (
    id             bigint generated always as identity primary key,
    operator_id    bigint not null,
    transaction_id bigint not null,
    account_id     bigint not null,
    amount         bigint not null check (amount <> 0),
    foreign key (operator_id, transaction_id) references points_transaction (operator_id, id),
    foreign key (operator_id, account_id) references points_account (operator_id, id)
);
create index points_entry_account_idx on points_entry (operator_id, account_id, transaction_id desc);
create index points_entry_transaction_idx on points_entry (operator_id, transaction_id);

-- Every transaction balances: checked at commit, once all its entries are written.
create function points_transaction_must_balance() returns trigger language plpgsql as $$
declare
    total bigint;
    entries integer;
begin
    select coalesce(sum(amount), 0), count(*) into total, entries
      from points_entry where operator_id = new.operator_id and transaction_id = new.transaction_id;
    if total <> 0 or entries < 2 then
        raise exception 'points transaction % does not balance (sum %, % entries)', new.transaction_id, total, entries
            using errcode = '23514';
    end if;
    return null;
end $$;

create constraint trigger points_entry_balanced
    after insert on points_entry deferrable initially deferred
    for each row execute function points_transaction_must_balance();

-- Transactions and entries are immutable: a correction is a new, reversing transaction.
create function points_ledger_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = '42501';
end $$;

create trigger points_entry_append_only before update or delete on points_entry
    for each row execute function points_ledger_is_append_only();
create trigger points_transaction_append_only before update or delete on points_transaction
    for each row execute function points_ledger_is_append_only();
