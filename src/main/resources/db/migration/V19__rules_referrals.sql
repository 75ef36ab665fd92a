-- Referrals: every member has a code; a newcomer who registers with it is that member's referee,
-- and both are rewarded when the referee's first order is completed. One referrer per referee.
create table referral_program (
    operator_id            bigint primary key references operator (id),
    enabled                boolean not null default true,
    referrer_points        integer not null check (referrer_points between 0 and 100000),
    referee_points         integer not null check (referee_points between 0 and 100000),
    block_same_enterprise  boolean not null default true
);

create table referral_code (
    operator_id  bigint not null,
    member_id    bigint not null,
    code         text   not null check (code ~ '^[A-Z2-9]{8}$'),
    primary key (operator_id, member_id),
    unique (operator_id, code),
    foreign key (operator_id, member_id) references member (operator_id, id)
);

create table referral (
    operator_id          bigint      not null,
    referee_member_id    bigint      not null,
    referrer_member_id   bigint      not null,
    status               text        not null check (status in ('PENDING', 'QUALIFIED', 'BLOCKED')),
    blocked_reason       text,
    qualifying_order_id  bigint,
    created_at           timestamptz not null,
    qualified_at         timestamptz,
    primary key (operator_id, referee_member_id),
    foreign key (operator_id, referee_member_id) references member (operator_id, id),
    foreign key (operator_id, referrer_member_id) references member (operator_id, id),
    check (referee_member_id <> referrer_member_id)
);
create index referral_referrer_idx on referral (operator_id, referrer_member_id);
