-- Facts every module reports; profiles, segments and the dashboard are computed from them.
create table insight_fact (
    id            bigint generated always as identity primary key,
    operator_id   bigint      not null references operator (id),
    kind          text        not null,
    reference_id  text        not null,
    member_id     bigint,
    enterprise_id bigint,
    amount_minor  bigint      not null default 0,
    points        bigint      not null default 0,
    occurred_at   timestamptz not null,
    unique (operator_id, kind, reference_id)
);
create index insight_fact_time_idx on insight_fact (operator_id, occurred_at);
