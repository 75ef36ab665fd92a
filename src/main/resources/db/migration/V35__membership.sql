-- Membership: tiers with benefits for members and for companies, and allowances (benefits measured in units).
-- Owners are either a member or an enterprise (owner_kind + owner_id); both belong to the operator of the row.

-- How an operator's tiers qualify and fall, one setting per audience (MEMBER or ENTERPRISE).
create table membership_program (
    operator_id      bigint      not null references operator (id),
    audience         text        not null check (audience in ('MEMBER', 'ENTERPRISE')),
    -- USES_PER_MONTH: paid orders and check-ins in the calendar month; SPEND_12_MONTHS: money paid over the
    -- rolling twelve months (minor units); GROWTH_POINTS_12_MONTHS: points earned over twelve months (never the
    -- spendable balance).
    measure          text        not null check (measure in ('USES_PER_MONTH', 'SPEND_12_MONTHS', 'GROWTH_POINTS_12_MONTHS')),
    downgrade_policy text        not null check (downgrade_policy in ('NEVER', 'ONE_LEVEL', 'RECOMPUTE')),
    -- Months a holder keeps a tier after the first month that did not qualify for it.
    grace_months     int         not null default 0 check (grace_months between 0 and 12),
    updated_at       timestamptz not null default now(),
    primary key (operator_id, audience)
);

create table membership_tier (
    id                         bigint generated always as identity primary key,
    operator_id                bigint      not null references operator (id),
    audience                   text        not null check (audience in ('MEMBER', 'ENTERPRISE')),
    code                       text        not null check (code ~ '^[A-Za-z0-9_-]{1,40}$'),
    name                       text        not null check (length(name) between 1 and 100),
    -- 0 is the entry level everybody holds without qualifying.
    rank                       int         not null check (rank between 0 and 20),
    -- The measure's value that qualifies for the tier.
    threshold                  bigint      not null check (threshold >= 0),
    earning_multiplier_percent int         not null default 100 check (earning_multiplier_percent between 100 and 1000),
    advance_booking_days       int check (advance_booking_days between 1 and 365),
    deposit_free               boolean     not null default false,
    priority_service           boolean     not null default false,
    birthday_points            bigint      not null default 0 check (birthday_points between 0 and 1000000),
    created_at                 timestamptz not null default now(),
    unique (operator_id, id),
    unique (operator_id, audience, code),
    unique (operator_id, audience, rank),
    check (rank > 0 or threshold = 0)
);

-- A member's or company's current tier above the entry level; no row means the entry level.
create table tier_holder (
    operator_id       bigint      not null references operator (id),
    owner_kind        text        not null check (owner_kind in ('MEMBER', 'ENTERPRISE')),
    owner_id          bigint      not null,
    tier_id           bigint      not null,
    since             timestamptz not null,
    -- Consecutive ended months that did not qualify for the tier (grace counts these).
    months_below      int         not null default 0,
    -- The last calendar month (its first day) whose end has been evaluated.
    evaluated_through date        not null,
    primary key (operator_id, owner_kind, owner_id),
    foreign key (operator_id, tier_id) references membership_tier (operator_id, id)
);

-- Every tier change with its reason: audit history by construction.
create table tier_change (
    id            bigint generated always as identity primary key,
    operator_id   bigint      not null references operator (id),
    owner_kind    text        not null check (owner_kind in ('MEMBER', 'ENTERPRISE')),
    owner_id      bigint      not null,
    from_tier_id  bigint,
    to_tier_id    bigint,
    reason        text        not null check (reason in ('QUALIFIED', 'PERIOD_END', 'MANUAL')),
    measure_value bigint,
    detail        text,
    changed_by    bigint,
    changed_at    timestamptz not null
);
create index tier_change_owner on tier_change (operator_id, owner_kind, owner_id, id desc);

-- Per-owner monthly rollup of qualifying activity, so evaluation reads a few rows.
create table membership_activity (
    operator_id   bigint not null references operator (id),
    owner_kind    text   not null check (owner_kind in ('MEMBER', 'ENTERPRISE')),
    owner_id      bigint not null,
    month         date   not null,
    uses          int    not null default 0,
    spend_minor   bigint not null default 0,
    growth_points bigint not null default 0,
    primary key (operator_id, owner_kind, owner_id, month)
);

-- Facts already counted: module events arrive at least once.
create table membership_activity_fact (
    operator_id bigint      not null references operator (id),
    fact_key    text        not null,
    owner_id    bigint      not null,
    -- The month the fact was counted in, so a later refund comes off that month.
    month       date        not null,
    counted_at  timestamptz not null default now(),
    primary key (operator_id, fact_key)
);

-- An allowance plan: so many units per period for whatever is in scope. A plan with a tier grants itself to
-- every holder of the tier (source TIER); one without a tier to its subscribers (source PLAN).
create table allowance_plan (
    id             bigint generated always as identity primary key,
    operator_id    bigint      not null references operator (id),
    name           text        not null check (length(name) between 1 and 100),
    unit           text        not null check (unit in ('MINUTES', 'PAGES', 'USES', 'MONEY')),
    quantity       bigint      not null check (quantity between 1 and 100000000),
    resource_types text[]      not null default '{}',
    category_ids   bigint[]    not null default '{}',
    period         text        not null check (period in ('CALENDAR_MONTH', 'CONTRACT_MONTH')),
    rollover       text        not null check (rollover in ('NONE', 'CAPPED')),
    rollover_cap   bigint      not null default 0 check (rollover_cap >= 0),
    tier_id        bigint,
    active         boolean     not null default true,
    created_at     timestamptz not null default now(),
    unique (operator_id, id),
    foreign key (operator_id, tier_id) references membership_tier (operator_id, id),
    check (cardinality(resource_types) + cardinality(category_ids) > 0)
);

create table allowance_subscription (
    operator_id bigint      not null references operator (id),
    plan_id     bigint      not null,
    owner_kind  text        not null check (owner_kind in ('MEMBER', 'ENTERPRISE')),
    owner_id    bigint      not null,
    created_at  timestamptz not null default now(),
    primary key (operator_id, plan_id, owner_kind, owner_id),
    foreign key (operator_id, plan_id) references allowance_plan (operator_id, id)
);

-- The ledger of grants: each grant is units valid in [valid_from, valid_until); used only grows by draws and
-- shrinks by restored draws, and never passes quantity.
create table allowance_grant (
    id              bigint generated always as identity primary key,
    operator_id     bigint      not null references operator (id),
    owner_kind      text        not null check (owner_kind in ('MEMBER', 'ENTERPRISE')),
    owner_id        bigint      not null,
    source          text        not null check (source in ('TIER', 'PLAN', 'PURCHASE', 'MANUAL', 'PROMOTION')),
    plan_id         bigint,
    unit            text        not null check (unit in ('MINUTES', 'PAGES', 'USES', 'MONEY')),
    resource_types  text[]      not null default '{}',
    category_ids    bigint[]    not null default '{}',
    label           text        not null,
    quantity        bigint      not null check (quantity > 0),
    used            bigint      not null default 0,
    valid_from      timestamptz not null,
    valid_until     timestamptz not null,
    -- A plan's grant for one period (or the rollover into it): granted once however often it is asked for.
    period_key      text,
    note            text,
    granted_by      bigint,
    idempotency_key text,
    request_hash    text,
    created_at      timestamptz not null default now(),
    unique (operator_id, id),
    constraint allowance_grant_used_within check (used >= 0 and used <= quantity),
    check (valid_until > valid_from),
    foreign key (operator_id, plan_id) references allowance_plan (operator_id, id)
);
create unique index allowance_grant_period on allowance_grant (operator_id, owner_kind, owner_id, plan_id, period_key)
    where plan_id is not null and period_key is not null;
create unique index allowance_grant_idempotency on allowance_grant (operator_id, idempotency_key)
    where idempotency_key is not null;
create index allowance_grant_owner on allowance_grant (operator_id, owner_kind, owner_id, valid_until);

-- What an order line took from a grant; restoring marks the draw and gives the units back.
create table allowance_draw (
    id           bigint generated always as identity primary key,
    operator_id  bigint      not null references operator (id),
    grant_id     bigint      not null,
    order_id     bigint      not null,
    line_number  int         not null,
    units        bigint      not null check (units > 0),
    amount_minor bigint      not null check (amount_minor >= 0),
    drawn_at     timestamptz not null,
    restored_at  timestamptz,
    foreign key (operator_id, grant_id) references allowance_grant (operator_id, id)
);
create index allowance_draw_order on allowance_draw (operator_id, order_id);
create index allowance_draw_grant on allowance_draw (operator_id, grant_id);
