-- The member wallet: a prepaid money balance per member, in its own double-entry ledger.
-- Amounts are long minor units (fen). Member accounts are liabilities of the operator and never go below
-- zero; the system accounts are the other side of every movement:
--   TOP_UP_FUNDING  money received at the front desk (goes negative by what was topped up, back up by withdrawals)
--   SPENT           money paid from wallets to orders (goes positive by payments, back down by refunds)
--   ADJUSTMENT      corrections by an operator admin, with a reason
-- So the member balances plus the system accounts always net to zero.
create table wallet_account (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    owner_type  text        not null check (owner_type in ('MEMBER', 'TOP_UP_FUNDING', 'SPENT', 'ADJUSTMENT')),
    member_id   bigint,
    currency    char(3)     not null default 'CNY',
    created_at  timestamptz not null default now(),
    unique (operator_id, id),
    unique nulls not distinct (operator_id, owner_type, member_id, currency),
    check ((owner_type = 'MEMBER') = (member_id is not null)),
    foreign key (operator_id, member_id) references member (operator_id, id)
);

-- One row per member account, updated in the same transaction as its entries. System accounts keep no row:
-- updating one row per operator on every payment would serialise all of the operator's checkouts; their
-- balance is the sum of their entries.
create table wallet_balance (
    operator_id   bigint      not null,
    account_id    bigint      not null,
    balance_minor bigint      not null default 0,
    updated_at    timestamptz not null default now(),
    primary key (operator_id, account_id),
    foreign key (operator_id, account_id) references wallet_account (operator_id, id),
    constraint wallet_balance_not_negative check (balance_minor >= 0)
);

create table wallet_transaction (
    id                     bigint generated always as identity primary key,
    operator_id            bigint      not null references operator (id),
    kind                   text        not null check (kind in ('TOP_UP', 'PAYMENT', 'REFUND', 'ADJUSTMENT', 'WITHDRAWAL')),
    member_id              bigint      not null,
    -- The change to the member's balance: positive for top-ups and refunds, negative for payments and
    -- withdrawals, either for adjustments.
    amount_minor           bigint      not null check (amount_minor <> 0),
    currency               char(3)     not null,
    idempotency_key        text        not null check (length(idempotency_key) between 1 and 200),
    request_hash           text        not null,
    reference_type         text,
    reference_id           text,
    refunds_transaction_id bigint,
    note                   text check (length(note) <= 500),
    created_by_user_id     bigint references app_user (id),
    created_at             timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, idempotency_key),
    foreign key (operator_id, member_id) references member (operator_id, id),
    foreign key (operator_id, refunds_transaction_id) references wallet_transaction (operator_id, id),
    check ((kind = 'REFUND') = (refunds_transaction_id is not null)),
    check (case kind when 'TOP_UP' then amount_minor > 0
                     when 'REFUND' then amount_minor > 0
                     when 'PAYMENT' then amount_minor < 0
                     when 'WITHDRAWAL' then amount_minor < 0
                     else true end),
    check (kind not in ('ADJUSTMENT', 'WITHDRAWAL') or length(btrim(note)) >= 3)
);
create index wallet_transaction_member_idx on wallet_transaction (operator_id, member_id, id desc);
create index wallet_transaction_reference_idx on wallet_transaction (operator_id, reference_type, reference_id)
    where reference_id is not null;
create index wallet_transaction_refunds_idx on wallet_transaction (operator_id, refunds_transaction_id)
    where refunds_transaction_id is not null;
create index wallet_transaction_day_idx on wallet_transaction (operator_id, created_at);

create table wallet_entry (
    id                  bigint generated always as identity primary key,
    operator_id         bigint not null,
    transaction_id      bigint not null,
    account_id          bigint not null,
    amount_minor        bigint not null check (amount_minor <> 0),
    -- For a member account: its balance right after this entry, so a statement needs no running sum.
    balance_after_minor bigint check (balance_after_minor >= 0),
    foreign key (operator_id, transaction_id) references wallet_transaction (operator_id, id),
    foreign key (operator_id, account_id) references wallet_account (operator_id, id)
);
create index wallet_entry_account_idx on wallet_entry (operator_id, account_id, transaction_id desc);
create index wallet_entry_transaction_idx on wallet_entry (operator_id, transaction_id);

-- Every transaction balances: checked at commit, once all its entries are written.
create function wallet_transaction_must_balance() returns trigger language plpgsql as $$
declare
    total bigint;
    entries integer;
begin
    select coalesce(sum(amount_minor), 0), count(*) into total, entries
      from wallet_entry where operator_id = new.operator_id and transaction_id = new.transaction_id;
    if total <> 0 or entries < 2 then
        raise exception 'wallet transaction % does not balance (sum %, % entries)', new.transaction_id, total, entries
            using errcode = '23514';
    end if;
    return null;
end $$;

create constraint trigger wallet_entry_balanced
    after insert on wallet_entry deferrable initially deferred
    for each row execute function wallet_transaction_must_balance();

-- Refunds of one payment never add up to more than it paid: checked at commit as a last line of defence
-- (the ledger serialises refunds of one member on the member's balance row).
create function wallet_refunds_within_payment() returns trigger language plpgsql as $$
declare
    paid bigint;
    refunded bigint;
begin
    select -amount_minor into paid from wallet_transaction
     where operator_id = new.operator_id and id = new.refunds_transaction_id and kind = 'PAYMENT';
    if paid is null then
        raise exception 'wallet refund % does not refund a payment', new.id using errcode = '23514';
    end if;
    select coalesce(sum(amount_minor), 0) into refunded from wallet_transaction
     where operator_id = new.operator_id and refunds_transaction_id = new.refunds_transaction_id;
    if refunded > paid then
        raise exception 'wallet refunds of payment % exceed it (% > %)', new.refunds_transaction_id, refunded, paid
            using errcode = '23514';
    end if;
    return null;
end $$;

create constraint trigger wallet_refund_within_payment
    after insert on wallet_transaction deferrable initially deferred
    for each row when (new.kind = 'REFUND') execute function wallet_refunds_within_payment();

-- Transactions and entries are immutable: a correction is a new transaction.
create function wallet_ledger_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = '42501';
end $$;

create trigger wallet_entry_append_only before update or delete on wallet_entry
    for each row execute function wallet_ledger_is_append_only();
create trigger wallet_transaction_append_only before update or delete on wallet_transaction
    for each row execute function wallet_ledger_is_append_only();
