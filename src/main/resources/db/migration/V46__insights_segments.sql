-- Insights, part 3: member scores (RFM, activity, spending), tags and segments.

-- One row per member of an operator, kept by TagComputation: the aggregates segments filter on and the scores the
-- tags are named after. Recency and the R/F/M scores are null for a member without a paid order in twelve months.
create table insight_member_score (
    operator_id        bigint      not null,
    member_id          bigint      not null,
    orders_12m         bigint      not null,
    spend_12m_minor    bigint      not null,
    last_paid_at       timestamptz,
    last_activity_at   timestamptz,
    recency_days       integer,
    active_days_30     integer     not null,
    recency_score      smallint check (recency_score between 1 and 5),
    frequency_score    smallint check (frequency_score between 1 and 5),
    monetary_score     smallint check (monetary_score between 1 and 5),
    rfm_segment        text,
    activity_level     text        not null,
    spending_power     text        not null,
    computed_at        timestamptz not null,
    primary key (operator_id, member_id)
);

-- The quintile cut points of an operator's buyers, refreshed by the full recomputation; the incremental one scores
-- changed members against them, so that a member's scores never depend on which job placed them.
create table insight_rfm_cutoff (
    operator_id        bigint primary key,
    recency_days       integer[] not null,
    orders             bigint[]  not null,
    spend_minor        bigint[]  not null,
    computed_at        timestamptz not null
);

-- Where the incremental recomputation of each operator stands.
create table insight_tag_run (
    operator_id        bigint primary key,
    full_at            timestamptz,
    incremental_at     timestamptz
);

-- Operator-defined tags: members matching the condition carry the tag rule:<code>.
create table tag_rule (
    id          bigint generated always as identity primary key,
    operator_id bigint      not null references operator (id),
    code        text        not null check (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    name        text        not null check (length(name) between 1 and 100),
    definition  jsonb       not null,
    created_at  timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, code)
);

-- A member's tags: group:value keys. SYSTEM (computed), RULE (rule:<code>), MANUAL (manual:<label>, added by staff).
create table member_tag (
    operator_id bigint      not null,
    member_id   bigint      not null,
    tag         text        not null,
    source      text        not null check (source in ('SYSTEM', 'RULE', 'MANUAL')),
    label       text,
    tagged_at   timestamptz not null,
    primary key (operator_id, member_id, tag)
);
create index member_tag_tag_idx on member_tag (operator_id, tag, member_id);

-- Saved conditions over tags, attributes and aggregates; member_count as of counted_at (the full recomputation and
-- every save refresh it).
create table segment (
    id           bigint generated always as identity primary key,
    operator_id  bigint      not null references operator (id),
    name         text        not null check (length(name) between 1 and 100),
    definition   jsonb       not null,
    member_count bigint      not null default 0,
    counted_at   timestamptz,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    unique (operator_id, id),
    unique (operator_id, name)
);

-- Mall rewards limited to the members of a segment (besides or instead of tiers).
alter table reward add column eligible_segment_id bigint;
