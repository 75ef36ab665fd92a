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

-- The members registered per month, site and enterprise (0: none), for the registration rate without counting the
-- member table: the members registered on or before a day are the months before its month summed, plus the days of
-- its month counted from the member table. Kept by the member table's statement triggers, whichever module writes it.
create table insight_registered (
    operator_id   bigint not null,
    month         date   not null,
    site_id       bigint not null,
    enterprise_id bigint not null,
    members       bigint not null,
    primary key (operator_id, month, site_id, enterprise_id)
);

create function insight_registered_count() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_registered as r (operator_id, month, site_id, enterprise_id, members)
        select operator_id, cast(date_trunc('month', registered_on) as date), site_id, coalesce(enterprise_id, 0),
               count(*)
        from added
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4
        on conflict (operator_id, month, site_id, enterprise_id) do update set members = r.members + excluded.members;
    elsif tg_op = 'DELETE' then
        insert into insight_registered as r (operator_id, month, site_id, enterprise_id, members)
        select operator_id, cast(date_trunc('month', registered_on) as date), site_id, coalesce(enterprise_id, 0),
               -count(*)
        from removed
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4
        on conflict (operator_id, month, site_id, enterprise_id) do update set members = r.members + excluded.members;
    else
        insert into insight_registered as r (operator_id, month, site_id, enterprise_id, members)
        select operator_id, month, site_id, enterprise_id, sum(change)
        from (select a.operator_id, cast(date_trunc('month', a.registered_on) as date) as month, a.site_id,
                     coalesce(a.enterprise_id, 0) as enterprise_id, 1 as change
              from added a join removed b on b.id = a.id
              where (a.operator_id, a.registered_on, a.site_id, coalesce(a.enterprise_id, 0))
                    is distinct from (b.operator_id, b.registered_on, b.site_id, coalesce(b.enterprise_id, 0))
              union all
              select b.operator_id, cast(date_trunc('month', b.registered_on) as date), b.site_id,
                     coalesce(b.enterprise_id, 0), -1
              from added a join removed b on b.id = a.id
              where (a.operator_id, a.registered_on, a.site_id, coalesce(a.enterprise_id, 0))
                    is distinct from (b.operator_id, b.registered_on, b.site_id, coalesce(b.enterprise_id, 0))) c
        group by 1, 2, 3, 4
        having sum(change) <> 0
        order by 1, 2, 3, 4
        on conflict (operator_id, month, site_id, enterprise_id) do update set members = r.members + excluded.members;
    end if;
    return null;
end $$;

create trigger insight_registered_insert after insert on member referencing new table as added
    for each statement execute function insight_registered_count();
create trigger insight_registered_update after update on member referencing old table as removed new table as added
    for each statement execute function insight_registered_count();
create trigger insight_registered_delete after delete on member referencing old table as removed
    for each statement execute function insight_registered_count();

insert into insight_registered (operator_id, month, site_id, enterprise_id, members)
select operator_id, cast(date_trunc('month', registered_on) as date), site_id, coalesce(enterprise_id, 0), count(*)
from member
group by 1, 2, 3, 4;

-- The days of a month counted from the member table, without visiting its rows.
drop index member_registered_idx;
create index member_registered_idx on member (operator_id, registered_on) include (site_id, enterprise_id);

-- Points outstanding at a day sum the points flows of all days before it.
create index insight_site_daily_points_idx on insight_site_daily (operator_id, day) include (site_id, kind, points)
    where kind in ('POINTS_ISSUED', 'POINTS_REDEEMED', 'POINTS_EXPIRED');
