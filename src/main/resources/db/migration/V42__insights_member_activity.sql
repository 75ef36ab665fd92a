-- Insights, part 2: what each member did per month, kind and category, the base of profiles, tags, segments and
-- recommendations. Kept by the aggregator from the fact inbox like the other rollups, rebuilt by the recompute.

alter table insight_fact_inbox add column category_id bigint;

-- Category 0: the fact has none (points, check-ins). last_at: the latest fact of the row.
create table insight_member_activity (
    operator_id  bigint      not null,
    member_id    bigint      not null,
    month        date        not null,
    kind         text        not null,
    category_id  bigint      not null,
    facts        bigint      not null,
    amount_minor bigint      not null,
    points       bigint      not null,
    stars        bigint      not null,
    last_at      timestamptz not null,
    primary key (operator_id, member_id, month, kind, category_id)
);
create index insight_member_activity_month_idx on insight_member_activity (operator_id, month);

insert into insight_member_activity (operator_id, member_id, month, kind, category_id, facts, amount_minor, points,
                                     stars, last_at)
select f.operator_id, f.member_id,
       cast(date_trunc('month', f.occurred_at at time zone o.time_zone) as date), f.kind,
       coalesce(f.category_id, 0), count(*), sum(f.amount_minor), sum(f.points), coalesce(sum(f.stars), 0),
       max(f.occurred_at)
from activity_fact f join operator o on o.id = f.operator_id
where f.member_id is not null
group by 1, 2, 3, 4, 5;
