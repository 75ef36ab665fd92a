-- The rules engine: "when event E and condition C, award A, within limits L".
-- A rule is an identity with a status; every edit adds an immutable version, and each award names
-- the version it used. Campaigns are time-boxed groups of bonus rules with one shared budget.

create table campaign (
    id            bigint generated always as identity primary key,
    operator_id   bigint      not null references operator (id),
    name          text        not null check (length(name) between 1 and 100),
    description   text        check (length(description) <= 500),
    starts_at     timestamptz not null,
    ends_at       timestamptz not null,
    budget_points bigint      check (budget_points between 1 and 1000000000),
    color         text        not null default '#0d6efd' check (color ~ '^#[0-9a-fA-F]{6}$'),
    created_at    timestamptz not null default now(),
    unique (operator_id, id),
    unique (operator_id, name),
    check (ends_at > starts_at)
);

-- Operators may add their own event types beside the built-in ones.
create table custom_event_type (
    operator_id bigint not null references operator (id),
    code        text   not null check (code ~ '^[a-z][a-z0-9_]{0,29}(\.[a-z][a-z0-9_]{0,29}){1,3}$'),
    name        text   not null check (length(name) between 1 and 100),
    primary key (operator_id, code)
);

create table rule (
    id              bigint generated always as identity primary key,
    operator_id     bigint      not null references operator (id),
    name            text        not null check (length(name) between 1 and 100),
    event_type      text        not null,
    status          text        not null check (status in ('ACTIVE', 'PAUSED', 'ARCHIVED')),
    current_version integer     not null check (current_version >= 1),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    unique (operator_id, id),
    unique (operator_id, name)
);
create index rule_event_type_idx on rule (operator_id, event_type) where status = 'ACTIVE';

create table rule_version (
    operator_id        bigint      not null,
    rule_id            bigint      not null,
    version            integer     not null check (version >= 1),
    name               text        not null check (length(name) between 1 and 100),
    event_type         text        not null,
    condition          text        not null default '' check (length(condition) <= 2000),
    action             text        not null check (action in ('FIXED', 'PER_YUAN', 'MULTIPLIER')),
    points             integer     check (points between 1 and 1000000),
    rate               numeric(12, 4) check (rate > 0 and rate <= 100000),
    amount_attribute   text        not null default 'amount' check (amount_attribute ~ '^[A-Za-z_][A-Za-z0-9_]{0,39}$'),
    rounding           text        not null default 'DOWN' check (rounding in ('DOWN', 'HALF_UP', 'UP')),
    member_daily_cap   bigint      check (member_daily_cap > 0),
    member_weekly_cap  bigint      check (member_weekly_cap > 0),
    member_monthly_cap bigint      check (member_monthly_cap > 0),
    member_ever_cap    bigint      check (member_ever_cap > 0),
    enterprise_cap     bigint      check (enterprise_cap > 0),
    enterprise_period  text        check (enterprise_period in ('DAY', 'WEEK', 'MONTH', 'EVER')),
    budget_total       bigint      check (budget_total > 0),
    budget_period_cap  bigint      check (budget_period_cap > 0),
    budget_period      text        check (budget_period in ('DAY', 'WEEK', 'MONTH')),
    valid_from         timestamptz,
    valid_until        timestamptz,
    priority           integer     not null default 100 check (priority between 0 and 1000),
    stop_after         boolean     not null default false,
    expiry_kind        text        not null default 'NEVER'
        check (expiry_kind in ('NEVER', 'DAYS_AFTER_EARNING', 'END_OF_MONTH', 'END_OF_YEAR')),
    expiry_count       integer     not null default 0 check (expiry_count between 0 and 3650),
    pending_days       integer     not null default 0 check (pending_days between 0 and 365),
    campaign_id        bigint,
    created_by         bigint,
    created_at         timestamptz not null default now(),
    primary key (operator_id, rule_id, version),
    foreign key (operator_id, rule_id) references rule (operator_id, id),
    foreign key (operator_id, campaign_id) references campaign (operator_id, id),
    check ((action = 'FIXED') = (points is not null)),
    check ((action <> 'FIXED') = (rate is not null)),
    check ((enterprise_cap is null) = (enterprise_period is null)),
    check ((budget_period_cap is null) = (budget_period is null)),
    check (valid_until is null or valid_from is null or valid_until > valid_from)
);
create index rule_version_campaign_idx on rule_version (operator_id, campaign_id) where campaign_id is not null;

-- The earning rules of the foundation become version 1 of engine rules on order.completed,
-- keeping their ids so awards already made stay keyed the same way.
insert into rule (id, operator_id, name, event_type, status, current_version, created_at)
overriding system value
select id, operator_id, name, 'order.completed', case when active then 'ACTIVE' else 'PAUSED' end, 1, created_at
from earning_rule;
select setval(pg_get_serial_sequence('rule', 'id'), greatest((select max(id) from rule), 1), (select count(*) > 0 from rule));
insert into rule_version (operator_id, rule_id, version, name, event_type, action, rate, rounding, expiry_kind,
                          expiry_count, pending_days, created_at)
select operator_id, id, 1, name, 'order.completed', 'PER_YUAN', points_awarded * 100.0 / per_amount_minor, 'DOWN',
       expiry_kind, expiry_count, pending_days, created_at
from earning_rule;
drop table earning_rule;

-- Every event received, once per key: replaying a key answers with the first result.
create table rule_event (
    id           bigint generated always as identity primary key,
    operator_id  bigint      not null references operator (id),
    event_key    text        not null check (length(event_key) between 1 and 200),
    type         text        not null,
    member_id    bigint      not null,
    occurred_at  timestamptz not null,
    attributes   jsonb       not null,
    request_hash text        not null,
    received_at  timestamptz not null,
    unique (operator_id, event_key),
    unique (operator_id, id),
    foreign key (operator_id, member_id) references member (operator_id, id)
);
create index rule_event_member_idx on rule_event (operator_id, member_id, occurred_at);

-- What each event earned, under which rule version.
create table rule_award (
    operator_id    bigint      not null,
    event_id       bigint      not null,
    rule_id        bigint      not null,
    rule_version   integer     not null,
    member_id      bigint      not null,
    enterprise_id  bigint,
    campaign_id    bigint,
    points         bigint      not null check (points > 0),
    pending        boolean     not null,
    transaction_id bigint,
    awarded_at     timestamptz not null,
    primary key (operator_id, event_id, rule_id),
    foreign key (operator_id, event_id) references rule_event (operator_id, id),
    foreign key (operator_id, rule_id, rule_version) references rule_version (operator_id, rule_id, version)
);
create index rule_award_rule_idx on rule_award (operator_id, rule_id);
create index rule_award_campaign_idx on rule_award (operator_id, campaign_id) where campaign_id is not null;

-- Usage counters behind limits and budgets: points granted per rule (or campaign) and subject and
-- period. Only rules with a limit or budget touch them.
create table rule_usage (
    operator_id  bigint not null,
    scope        text   not null check (scope in ('MEMBER', 'ENTERPRISE', 'RULE', 'CAMPAIGN')),
    owner_id     bigint not null, -- the rule, or the campaign for CAMPAIGN
    subject_id   bigint not null, -- member, enterprise, or the owner again for budgets
    period       text   not null check (period in ('DAY', 'WEEK', 'MONTH', 'EVER')),
    period_start date   not null,
    points       bigint not null check (points >= 0),
    primary key (operator_id, scope, owner_id, subject_id, period, period_start)
);
