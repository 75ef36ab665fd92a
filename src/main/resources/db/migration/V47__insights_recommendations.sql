-- Insights, part 4: recommendations. The nightly job fills the item-item similarity, the buyer counts per offering and
-- the popularity per site;
-- targeted-message campaign runs are kept so that a repeated run sends nothing twice.

-- Cosine similarity of two offerings over the members who bought them in the last twelve months:
-- together / sqrt(buyers of offering * buyers of similar). Only the strongest few per offering are kept.
create table insight_offering_similarity (
    operator_id bigint           not null,
    offering_id bigint           not null,
    similar_id  bigint           not null,
    together    bigint           not null,
    score       double precision not null check (score > 0 and score <= 1),
    computed_at timestamptz      not null,
    primary key (operator_id, offering_id, similar_id)
);

-- Who bought each offering in the last twelve months, and how many of them more than once (repeat-purchase kinds).
create table insight_offering_buyers (
    operator_id   bigint      not null,
    offering_id   bigint      not null,
    buyers        bigint      not null,
    repeat_buyers bigint      not null,
    computed_at   timestamptz not null,
    primary key (operator_id, offering_id)
);

-- Paid orders of each offering at each site over the last 90 days (to the day of the run): what is popular at a site.
create table insight_site_popularity (
    operator_id bigint      not null,
    site_id     bigint      not null,
    offering_id bigint      not null,
    orders      bigint      not null,
    computed_at timestamptz not null,
    primary key (operator_id, site_id, offering_id)
);

-- One run of a targeted message: each member of the audience gets their top recommendation in the inbox. The run key
-- (the Idempotency-Key) makes a repeated submit the same run.
create table recommend_campaign_run (
    id            bigint generated always as identity primary key,
    operator_id   bigint      not null references operator (id),
    run_key       text        not null check (length(run_key) between 1 and 100),
    audience_kind text        not null,
    audience_id   bigint      not null,
    request_hash  text        not null,
    audience_size integer     not null default 0,
    sent          integer     not null default 0,
    without       integer     not null default 0,
    started_by    bigint      not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    unique (operator_id, run_key),
    unique (operator_id, id)
);

-- What each member of a run was sent (or that nothing fitted: offering_id null).
create table recommend_campaign_message (
    operator_id bigint      not null,
    run_id      bigint      not null,
    member_id   bigint      not null,
    offering_id bigint,
    reason_kind text,
    sent_at     timestamptz not null,
    primary key (operator_id, run_id, member_id),
    foreign key (operator_id, run_id) references recommend_campaign_run (operator_id, id)
);
