-- The daily counters of all sites together, so the dashboard's most common view (the whole operator) sums one row per
-- day and kind instead of one per site. Kept by the rollup job beside insight_site_daily, of which it is the sum.
create table insight_operator_daily (
    operator_id  bigint not null references operator (id),
    day          date   not null,
    kind         text   not null,
    facts        bigint not null,
    amount_minor bigint not null,
    points       bigint not null,
    stars        bigint not null,
    on_time      bigint not null,
    timed        bigint not null,
    primary key (operator_id, day, kind)
);

insert into insight_operator_daily (operator_id, day, kind, facts, amount_minor, points, stars, on_time, timed)
select operator_id, day, kind, sum(facts), sum(amount_minor), sum(points), sum(stars), sum(on_time), sum(timed)
from insight_site_daily
group by operator_id, day, kind;
