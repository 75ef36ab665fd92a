-- Holds reserve points for a pending order or redemption: the points move to the operator's HELD
-- account at once (so they cannot be spent twice) and are then captured, or released back into
-- exactly the lots they came from, by hand or when the hold times out.
alter table points_account drop constraint points_account_owner_type_check;
alter table points_account add constraint points_account_owner_type_check
    check (owner_type in ('MEMBER', 'ENTERPRISE', 'ISSUANCE', 'REDEEMED', 'EXPIRED', 'ADJUSTMENT', 'CLEARING', 'HELD'));

create table points_hold (
    id                   bigint generated always as identity primary key,
    operator_id          bigint      not null,
    account_id           bigint      not null,
    points               bigint      not null check (points > 0),
    captured_points      bigint      not null default 0 check (captured_points >= 0 and captured_points <= points),
    status               text        not null check (status in ('PENDING', 'CAPTURED', 'RELEASED')),
    reason_code          text        not null,
    reference_type       text,
    reference_id         text,
    hold_transaction_id  bigint      not null,
    expires_at           timestamptz not null,
    created_at           timestamptz not null,
    resolved_at          timestamptz,
    unique (operator_id, id),
    unique (operator_id, hold_transaction_id),
    foreign key (operator_id, account_id) references points_account (operator_id, id),
    foreign key (operator_id, hold_transaction_id) references points_transaction (operator_id, id),
    check ((status = 'PENDING') = (resolved_at is null))
);
create index points_hold_timeout_idx on points_hold (expires_at) where status = 'PENDING';

-- Points put back into the lots a debit took them from (a released hold, a reversal).
create table points_lot_restoration (
    operator_id              bigint not null,
    transaction_id           bigint not null,
    lot_id                   bigint not null,
    restores_transaction_id  bigint not null,
    points                   bigint not null check (points > 0),
    primary key (operator_id, transaction_id, lot_id),
    foreign key (operator_id, transaction_id) references points_transaction (operator_id, id),
    foreign key (operator_id, restores_transaction_id) references points_transaction (operator_id, id),
    foreign key (operator_id, lot_id) references points_lot (operator_id, id)
);
