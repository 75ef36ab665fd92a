-- Insights, part 1: the activity fact store, its rollups, and the lease figures the dashboard needs.

-- Every module's events as append-only activity facts, one partition per calendar month (UTC) of occurred_at.
create table activity_fact (
    id            bigint generated always as identity,
    operator_id   bigint      not null,
    kind          text        not null,
    subject_id    text        not null,
    member_id     bigint,
    enterprise_id bigint,
    site_id       bigint,
    offering_id   bigint,
    category_id   bigint,
    provider_id   bigint,
    amount_minor  bigint      not null default 0,
    points        bigint      not null default 0,
    stars         smallint    check (stars between 1 and 5),
    on_time       boolean,
    occurred_at   timestamptz not null
) partition by range (occurred_at);
-- Facts of a month whose partition could not be created in time (see activity_fact_partition) land here.
create table activity_fact_default partition of activity_fact default;
create index activity_fact_time_idx on activity_fact (operator_id, occurred_at);
create index activity_fact_member_idx on activity_fact (operator_id, member_id, occurred_at);

-- A unique index on the partitioned table would have to include occurred_at, and a redelivered event may not carry
-- the same instant; this small table is the idempotency key instead: a fact is written only when its key is new.
-- Views (touchpoints) are not events and are not keyed.
create table activity_fact_key (
    operator_id bigint      not null,
    kind        text        not null,
    subject_id  text        not null,
    occurred_at timestamptz not null,
    primary key (operator_id, kind, subject_id)
);

-- Creates the month's partition when it does not exist yet (the job runs it ahead; the recorder on demand).
create function activity_fact_partition(month date) returns text language plpgsql as $$
declare
    first_day date := cast(date_trunc('month', month) as date);
    name      text := 'activity_fact_' || to_char(first_day, 'YYYY_MM');
begin
    if to_regclass(name) is null then
        execute format('create table if not exists %I partition of activity_fact for values from (%L) to (%L)',
                       name, to_char(first_day, 'YYYY-MM-DD') || ' 00:00:00+00',
                       to_char(cast(first_day + interval '1 month' as date), 'YYYY-MM-DD') || ' 00:00:00+00');
    end if;
    return name;
end $$;

-- Facts recorded but not yet counted in the rollups; the aggregator takes them in batches (SKIP LOCKED), so the
-- recording transaction never waits on a shared counter row.
create table insight_fact_inbox (
    id            bigint generated always as identity primary key,
    operator_id   bigint      not null,
    kind          text        not null,
    member_id     bigint,
    enterprise_id bigint,
    site_id       bigint,
    offering_id   bigint,
    amount_minor  bigint      not null default 0,
    points        bigint      not null default 0,
    stars         smallint,
    on_time       boolean,
    occurred_at   timestamptz not null
);

-- Daily counters per operator x site x kind (site 0: no site), in the operator's time zone. ACTIVE_DAY counts members
-- active that day, ACTIVE_MONTH (dated the first of the month) members active that month for the first time.
create table insight_site_daily (
    operator_id  bigint not null,
    day          date   not null,
    site_id      bigint not null,
    kind         text   not null,
    facts        bigint not null,
    amount_minor bigint not null,
    points       bigint not null,
    stars        bigint not null,
    on_time      bigint not null,
    timed        bigint not null,
    primary key (operator_id, day, site_id, kind)
);

-- The same counters per enterprise, for the enterprise filter.
create table insight_enterprise_daily (
    operator_id   bigint not null,
    enterprise_id bigint not null,
    day           date   not null,
    site_id       bigint not null,
    kind          text   not null,
    facts         bigint not null,
    amount_minor  bigint not null,
    points        bigint not null,
    stars         bigint not null,
    on_time       bigint not null,
    timed         bigint not null,
    primary key (operator_id, enterprise_id, day, kind, site_id)
);

-- Use, revenue and ratings per offering, for the top and bottom services.
create table insight_offering_daily (
    operator_id  bigint not null,
    offering_id  bigint not null,
    day          date   not null,
    site_id      bigint not null,
    kind         text   not null,
    facts        bigint not null,
    amount_minor bigint not null,
    stars        bigint not null,
    primary key (operator_id, day, site_id, offering_id, kind)
);

-- Who was active on which day and in which month (distinct counts over any period, drill-down to members); ordered: the member paid an order that day.
create table insight_member_day (
    operator_id   bigint not null,
    day           date   not null,
    member_id     bigint not null,
    site_id       bigint not null,
    enterprise_id bigint not null,
    ordered       boolean not null,
    primary key (operator_id, day, member_id)
);
create table insight_member_month (
    operator_id   bigint not null,
    month         date   not null,
    member_id     bigint not null,
    site_id       bigint not null,
    enterprise_id bigint not null,
    primary key (operator_id, month, member_id)
);

-- Lease history (renewals, area) and site capacity, for renewal rate and vacancy. An enterprise without lease rows
-- is read through its own lease columns (see lease_book).
alter table site add column capacity_area_sqm integer check (capacity_area_sqm > 0);
create table lease (
    id                 bigint generated always as identity primary key,
    operator_id        bigint  not null,
    enterprise_id      bigint  not null,
    site_id            bigint  not null,
    starts_on          date    not null,
    ends_on            date    not null,
    monthly_rent_minor bigint  not null check (monthly_rent_minor >= 0),
    area_sqm           integer not null default 0 check (area_sqm >= 0),
    renewed_from       bigint references lease (id),
    unique (operator_id, id),
    foreign key (operator_id, enterprise_id) references enterprise (operator_id, id),
    foreign key (operator_id, site_id) references site (operator_id, id),
    check (ends_on >= starts_on)
);
create index lease_enterprise_idx on lease (operator_id, enterprise_id);
create index lease_renewed_from_idx on lease (renewed_from);
create view lease_book as
select l.id, l.operator_id, l.enterprise_id, l.site_id, l.starts_on, l.ends_on, l.monthly_rent_minor, l.area_sqm,
       l.renewed_from
from lease l
union all
select null, e.operator_id, e.id, e.site_id, e.lease_starts_on, e.lease_ends_on, e.lease_monthly_rent_minor, 0, null
from enterprise e
where not exists (select 1 from lease l where l.operator_id = e.operator_id and l.enterprise_id = e.id);
create index member_registered_idx on member (operator_id, registered_on);

-- The facts recorded so far move into the new store; the aggregator rolls them up on its first run.
select activity_fact_partition(cast(month as date))
from (select distinct date_trunc('month', occurred_at at time zone 'UTC') as month from insight_fact
      union select date_trunc('month', now() at time zone 'UTC')
      union select date_trunc('month', now() at time zone 'UTC') + interval '1 month') months;
insert into activity_fact (operator_id, kind, subject_id, member_id, enterprise_id, site_id, amount_minor, points,
                           occurred_at)
select f.operator_id, f.kind, f.reference_id, f.member_id, coalesce(f.enterprise_id, m.enterprise_id), m.site_id,
       f.amount_minor, f.points, f.occurred_at
from insight_fact f
left join member m on m.operator_id = f.operator_id and m.id = f.member_id
order by f.id;
insert into activity_fact_key (operator_id, kind, subject_id, occurred_at)
select operator_id, kind, reference_id, occurred_at from insight_fact;
insert into insight_fact_inbox (operator_id, kind, member_id, enterprise_id, site_id, amount_minor, points,
                                occurred_at)
select operator_id, kind, member_id, enterprise_id, site_id, amount_minor, points, occurred_at
from activity_fact
order by id;
drop table insight_fact;
