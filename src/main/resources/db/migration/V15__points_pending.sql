-- Pending points: a rule may make points usable only some days after they are earned, so that a
-- refund inside that window cancels them cleanly. They wait in the member's PENDING account and are
-- released into a lot of the member's account by a job when the day comes.
alter table points_account drop constraint points_account_owner_type_check;
alter table points_account add constraint points_account_owner_type_check
    check (owner_type in ('MEMBER', 'ENTERPRISE', 'PENDING', 'ISSUANCE', 'REDEEMED', 'EXPIRED', 'ADJUSTMENT',
                          'CLEARING', 'HELD'));
alter table points_account drop constraint points_account_check;
alter table points_account add constraint points_account_owner_check
    check ((owner_type in ('MEMBER', 'ENTERPRISE', 'PENDING')) = (owner_id is not null));

create or replace function points_account_stays_above_zero() returns trigger language plpgsql as $$
begin
    if new.owner_type = 'PENDING' and new.balance < 0 then
        raise exception 'points_account_balance_not_negative: pending account % would fall to %', new.id, new.balance
            using errcode = '23514';
    end if;
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

create table points_pending (
    id                       bigint generated always as identity primary key,
    operator_id              bigint      not null,
    member_id                bigint      not null,
    points                   bigint      not null check (points > 0),
    remaining                bigint      not null check (remaining >= 0 and remaining <= points),
    available_at             timestamptz not null,
    expires_at               timestamptz,
    award_transaction_id     bigint      not null,
    release_transaction_id   bigint,
    created_at               timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, award_transaction_id),
    foreign key (operator_id, award_transaction_id) references points_transaction (operator_id, id),
    foreign key (operator_id, release_transaction_id) references points_transaction (operator_id, id)
);
create index points_pending_due_idx on points_pending (available_at) where remaining > 0 and release_transaction_id is null;

alter table earning_rule add column pending_days integer not null default 0 check (pending_days between 0 and 365);
