-- Notifications: notices carry a category; a notice a member switched off for the inbox is still recorded (so its
-- dedupe key holds and its e-mail can refer to it) but not shown.
alter table inbox_message
    add column category text    not null default 'GENERAL'
        check (category in ('ORDER', 'POINTS', 'TIER', 'COUPON', 'OFFER', 'GENERAL')),
    add column shown    boolean not null default true;
update inbox_message set category = 'POINTS' where code = 'inbox.pointsExpiring';
create index inbox_message_category_idx on inbox_message (operator_id, member_id, category, created_at desc);
create index inbox_message_unread_idx on inbox_message (operator_id, member_id) where read_at is null and shown;

-- What a member chose per category and channel; no row means the default (inbox on, e-mail off).
create table notification_preference (
    operator_id bigint  not null references operator (id),
    member_id   bigint  not null,
    category    text    not null check (category in ('ORDER', 'POINTS', 'TIER', 'COUPON', 'OFFER', 'GENERAL')),
    channel     text    not null check (channel in ('INBOX', 'EMAIL')),
    enabled     boolean not null,
    primary key (operator_id, member_id, category, channel),
    foreign key (operator_id, member_id) references member (operator_id, id)
);

-- The language a member reads e-mail in (the inbox follows the reader's request instead).
create table notification_member (
    operator_id bigint not null references operator (id),
    member_id   bigint not null,
    language    text   not null check (language in ('en', 'zh-CN')),
    primary key (operator_id, member_id),
    foreign key (operator_id, member_id) references member (operator_id, id)
);

-- E-mail outbox, written in the transaction of the notice it carries; the courier claims due rows with SKIP LOCKED
-- and a lease, and records every attempt.
create table email_outbox (
    id              bigint generated always as identity primary key,
    operator_id     bigint      not null references operator (id),
    member_id       bigint      not null,
    notice_id       bigint      not null,
    recipient       text        not null,
    subject         text        not null,
    body            text        not null,
    status          text        not null default 'PENDING' check (status in ('PENDING', 'SENT', 'DEAD')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    claim           uuid,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    unique (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id),
    foreign key (operator_id, notice_id) references inbox_message (operator_id, id)
);
create index email_outbox_due_idx on email_outbox (next_attempt_at) where status = 'PENDING';

create table email_attempt (
    id           bigint generated always as identity primary key,
    operator_id  bigint      not null references operator (id),
    outbox_id    bigint      not null,
    attempted_at timestamptz not null,
    succeeded    boolean     not null,
    error        text,
    foreign key (operator_id, outbox_id) references email_outbox (operator_id, id)
);
create index email_attempt_outbox_idx on email_attempt (operator_id, outbox_id);

-- Lifecycle automation: the operator's thresholds (see LifecycleStages for the definitions).
create table lifecycle_settings (
    operator_id           bigint  primary key references operator (id),
    silver_uses_per_month integer not null default 3 check (silver_uses_per_month >= 1),
    gold_uses_per_month   integer not null default 8,
    dormant_after_days    integer not null default 30 check (dormant_after_days between 1 and 365),
    churn_after_days      integer not null default 60,
    churn_drop_percent    integer not null default 50 check (churn_drop_percent between 1 and 100),
    conversion_days       integer not null default 14 check (conversion_days between 1 and 365),
    check (gold_uses_per_month > silver_uses_per_month),
    check (churn_after_days > dormant_after_days and churn_after_days <= 730)
);

-- Where each member stands; stage is null until the first run places them. entries counts stage entries, so that
-- actions run once per entry.
create table lifecycle_member (
    operator_id      bigint      not null references operator (id),
    member_id        bigint      not null,
    registered_at    timestamptz not null,
    last_use_at      timestamptz,
    stage            text check (stage in ('NEW', 'ACTIVE', 'SILVER', 'GOLD', 'DORMANT', 'CHURN_RISK')),
    stage_entered_at timestamptz,
    primary key (operator_id, member_id),
    foreign key (operator_id, member_id) references member (operator_id, id)
);
create index lifecycle_member_stage_idx on lifecycle_member (operator_id, stage);

-- Uses per member and day (in the operator's time zone): the stage computation sums at most two months of these.
create table lifecycle_activity (
    operator_id bigint  not null references operator (id),
    member_id   bigint  not null,
    day         date    not null,
    uses        integer not null check (uses > 0),
    primary key (operator_id, member_id, day),
    foreign key (operator_id, member_id) references member (operator_id, id)
);

-- The uses already counted, so that a redelivered event counts once; pruned after they can no longer matter.
create table lifecycle_use (
    operator_id bigint      not null references operator (id),
    kind        text        not null check (kind in ('ORDER', 'RESERVATION', 'CHECK_IN')),
    reference   text        not null,
    member_id   bigint      not null,
    occurred_at timestamptz not null,
    primary key (operator_id, kind, reference)
);
create index lifecycle_use_occurred_idx on lifecycle_use (occurred_at);

create table lifecycle_transition (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    member_id   bigint      not null,
    from_stage  text,
    to_stage    text        not null,
    occurred_at timestamptz not null,
    unique (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id)
);
create index lifecycle_transition_member_idx on lifecycle_transition (operator_id, member_id, id desc);

-- What happens when a member enters a stage (or on their birthday).
create table lifecycle_action (
    id                 bigint generated always as identity primary key,
    operator_id        bigint      not null references operator (id),
    trigger            text        not null
        check (trigger in ('NEW', 'ACTIVE', 'SILVER', 'GOLD', 'DORMANT', 'CHURN_RISK', 'BIRTHDAY')),
    kind               text        not null check (kind in ('POINTS', 'MESSAGE', 'COUPON')),
    points             integer check (points between 1 and 1000000),
    coupon_template_id bigint,
    enabled            boolean     not null default true,
    created_at         timestamptz not null,
    unique (operator_id, id),
    check ((kind = 'POINTS') = (points is not null)),
    check ((kind = 'COUPON') = (coupon_template_id is not null))
);

-- Every action taken, once per member and occasion (a stage entry or a birthday year), and whether it converted.
create table lifecycle_action_run (
    id           bigint generated always as identity primary key,
    operator_id  bigint      not null references operator (id),
    action_id    bigint      not null,
    member_id    bigint      not null,
    occasion     text        not null,
    status       text        not null check (status in ('DONE', 'SKIPPED', 'FAILED')),
    detail       text,
    performed_at timestamptz not null,
    converted_at timestamptz,
    unique (operator_id, action_id, member_id, occasion),
    foreign key (operator_id, action_id) references lifecycle_action (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id)
);
create index lifecycle_action_run_member_idx on lifecycle_action_run (operator_id, member_id, performed_at desc);
create index lifecycle_action_run_recent_idx on lifecycle_action_run (operator_id, performed_at desc);
