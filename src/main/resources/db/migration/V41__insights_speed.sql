-- Insights, part 2: exact distinct counts of active members without a distinct over insight_member_day.
--
-- Each member-day knows the member's previous active day (the gap, in days; 0: none before). The members active in
-- [from, to] are then the member-days in the period whose gap reaches back before from (gap = 0 or gap > day - from):
-- each member counted once, on the first day of the period. The member-days are counted per day and gap here, so the
-- dashboard sums a few thousand small rows instead of hashing hundreds of thousands of member ids. members: the
-- member-days with this gap; orderers: the same over the days the member paid an order (the gap to the member's
-- previous ordering day).

-- All sites together.
create table insight_active_gap (
    operator_id bigint  not null,
    day         date    not null,
    gap         integer not null,
    members     bigint  not null,
    orderers    bigint  not null,
    primary key (operator_id, day, gap)
);

-- Per site: the gap to the member's previous active day at the same site.
create table insight_site_active_gap (
    operator_id bigint  not null,
    site_id     bigint  not null,
    day         date    not null,
    gap         integer not null,
    members     bigint  not null,
    orderers    bigint  not null,
    primary key (operator_id, site_id, day, gap)
);

-- Rows whose counts fell to zero are removed after each aggregator batch; these indexes find them.
create index insight_active_gap_zero_idx on insight_active_gap (operator_id) where members = 0 and orderers = 0;
create index insight_site_active_gap_zero_idx on insight_site_active_gap (operator_id)
    where members = 0 and orderers = 0;

-- The member-days the aggregator inserted (or marked ordered) in its current transaction, read and emptied again
-- before it commits; unlogged, since it is always empty between transactions.
create unlogged table insight_member_day_change (
    operator_id bigint  not null,
    member_id   bigint  not null,
    day         date    not null,
    inserted    boolean not null
);

-- A member's days in order (the gaps), and an enterprise's member-days (the enterprise filter counts them directly:
-- an enterprise has few members).
create index insight_member_day_member_idx on insight_member_day (operator_id, member_id, day)
    include (site_id, ordered);
create index insight_member_day_enterprise_idx on insight_member_day (operator_id, enterprise_id, day)
    include (member_id, site_id, ordered);

insert into insight_active_gap (operator_id, day, gap, members, orderers)
select operator_id, day, gap, sum(members), sum(orderers)
from (select operator_id, day, coalesce(day - lag(day) over (partition by operator_id, member_id order by day), 0) as gap,
             1 as members, 0 as orderers
      from insight_member_day
      union all
      select operator_id, day, coalesce(day - lag(day) over (partition by operator_id, member_id order by day), 0), 0, 1
      from insight_member_day where ordered) g
group by operator_id, day, gap;

insert into insight_site_active_gap (operator_id, site_id, day, gap, members, orderers)
select operator_id, site_id, day, gap, sum(members), sum(orderers)
from (select operator_id, site_id, day,
             coalesce(day - lag(day) over (partition by operator_id, member_id, site_id order by day), 0) as gap,
             1 as members, 0 as orderers
      from insight_member_day
      union all
      select operator_id, site_id, day,
             coalesce(day - lag(day) over (partition by operator_id, member_id, site_id order by day), 0), 0, 1
      from insight_member_day where ordered) g
group by operator_id, site_id, day, gap;
