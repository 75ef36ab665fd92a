-- When an order that earned points is refunded, its points are clawed back. If the member has
-- already spent them, the operator's policy decides: CLAW_BACK_AVAILABLE takes what is left and
-- records the shortfall; DEBT lets the balance go below zero, and later earnings repay it first.
alter table points_policy
    add column reversal_policy text not null default 'CLAW_BACK_AVAILABLE'
        check (reversal_policy in ('CLAW_BACK_AVAILABLE', 'DEBT'));

-- A member or enterprise balance may fall below zero only in a reversal under a DEBT policy; the
-- rule lives here, not only in Java. The ledger marks such a transaction with a local setting.
alter table points_account drop constraint points_account_balance_not_negative;

create function points_account_stays_above_zero() returns trigger language plpgsql as $$
begin
    if new.owner_type in ('MEMBER', 'ENTERPRISE') and new.balance < 0 and new.balance < old.balance then
        if coalesce(current_setting('enjoyspace.debt_reversal', true), '') <> 'on'
           or not exists (select 1 from points_policy p
                          where p.operator_id = new.operator_id and p.reversal_policy = 'DEBT') then
            raise exception 'points_account_balance_not_negative: account % would fall to %', new.id, new.balance
                using errcode = '23514';
        end if;
    end if;
    return new;
end $$;

create trigger points_account_balance_not_negative before update of balance on points_account
    for each row execute function points_account_stays_above_zero();

create table points_reversal (
    id                       bigint generated always as identity primary key,
    operator_id              bigint      not null,
    original_transaction_id  bigint      not null,
    reversal_transaction_id  bigint,
    account_id               bigint      not null,
    refunded_minor           bigint      not null check (refunded_minor > 0),
    paid_minor               bigint      not null check (paid_minor > 0),
    clawback_points          bigint      not null check (clawback_points >= 0),
    taken_points             bigint      not null check (taken_points >= 0),
    shortfall_points         bigint      not null check (shortfall_points >= 0),
    debt_points              bigint      not null check (debt_points >= 0),
    policy                   text        not null,
    idempotency_key          text        not null,
    created_at               timestamptz not null,
    unique (operator_id, idempotency_key),
    foreign key (operator_id, original_transaction_id) references points_transaction (operator_id, id),
    foreign key (operator_id, reversal_transaction_id) references points_transaction (operator_id, id),
    foreign key (operator_id, account_id) references points_account (operator_id, id),
    check (clawback_points = taken_points + shortfall_points)
);
create index points_reversal_original_idx on points_reversal (operator_id, original_transaction_id);
