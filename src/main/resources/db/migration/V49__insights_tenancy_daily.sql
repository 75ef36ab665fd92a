-- The tenancy side of the dashboard per site and day, so a period's registration rate, rent, renewals and vacancy are
-- read from a few hundred rows instead of being summed from every lease, enterprise and member on each request.
--
-- A row holds, for one site and day:
--   headcount        the headcount of the site's enterprises that have a lease running that day
--   registered       the members registered by that day of those enterprises
--   members          the site's members registered by that day
--   leased_area_sqm  the area of the site's leases running that day
--   rent_yearly_minor the yearly rent (12 x monthly) of the site's leases running that day; a period's rent is the sum
--                    over its days divided by 365, rounded down once
--   leases_ended     the site's leases ending that day, and leases_renewed those of them that were renewed
-- Enterprises count at their own site, members at theirs, leases at theirs (as the live queries do).
create table insight_tenancy_daily (
    operator_id       bigint not null references operator (id),
    day               date   not null,
    site_id           bigint not null,
    headcount         bigint not null,
    registered        bigint not null,
    members           bigint not null,
    leased_area_sqm   bigint not null,
    rent_yearly_minor bigint not null,
    leases_ended      bigint not null,
    leases_renewed    bigint not null,
    primary key (operator_id, day, site_id)
);

-- The days an operator's rows cover (first_day to last_day); days outside, and days from the earliest unprocessed
-- change on, are computed live.
create table insight_tenancy_state (
    operator_id bigint primary key references operator (id),
    first_day   date   not null,
    last_day    date   not null
);

-- Changes to members, enterprises and leases not yet folded in: each names the first day it may alter.
create table insight_tenancy_change (
    id          bigint generated always as identity primary key,
    operator_id bigint not null references operator (id),
    from_day    date   not null
);
create index insight_tenancy_change_operator_idx on insight_tenancy_change (operator_id, from_day);

create function insight_tenancy_member_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_tenancy_change (operator_id, from_day)
        select operator_id, min(registered_on) from added group by operator_id;
    elsif tg_op = 'DELETE' then
        insert into insight_tenancy_change (operator_id, from_day)
        select operator_id, min(registered_on) from removed group by operator_id;
    else
        insert into insight_tenancy_change (operator_id, from_day)
        select a.operator_id, min(least(a.registered_on, b.registered_on))
        from added a join removed b on b.id = a.id
        where (a.operator_id, a.registered_on, a.site_id, coalesce(a.enterprise_id, 0))
              is distinct from (b.operator_id, b.registered_on, b.site_id, coalesce(b.enterprise_id, 0))
        group by a.operator_id;
    end if;
    return null;
end $$;

create trigger insight_tenancy_member_insert after insert on member referencing new table as added
    for each statement execute function insight_tenancy_member_change();
create trigger insight_tenancy_member_update after update on member referencing old table as removed new table as added
    for each statement execute function insight_tenancy_member_change();
create trigger insight_tenancy_member_delete after delete on member referencing old table as removed
    for each statement execute function insight_tenancy_member_change();

-- An enterprise's headcount or site counts on every day it was leased: such a change redoes the operator's days.
create function insight_tenancy_enterprise_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into insight_tenancy_change (operator_id, from_day)
        select operator_id, min(lease_starts_on) from added group by operator_id;
    elsif tg_op = 'DELETE' then
        insert into insight_tenancy_change (operator_id, from_day)
        select operator_id, date '-infinity' from removed group by operator_id;
    else
        insert into insight_tenancy_change (operator_id, from_day)
        select a.operator_id, date '-infinity'
        from added a join removed b on b.id = a.id
        where (a.site_id, a.headcount, a.lease_starts_on, a.lease_ends_on, a.lease_monthly_rent_minor)
              is distinct from (b.site_id, b.headcount, b.lease_starts_on, b.lease_ends_on, b.lease_monthly_rent_minor)
        group by a.operator_id;
    end if;
    return null;
end $$;

create trigger insight_tenancy_enterprise_insert after insert on enterprise referencing new table as added
    for each statement execute function insight_tenancy_enterprise_change();
create trigger insight_tenancy_enterprise_update after update on enterprise
    referencing old table as removed new table as added
    for each statement execute function insight_tenancy_enterprise_change();
create trigger insight_tenancy_enterprise_delete after delete on enterprise referencing old table as removed
    for each statement execute function insight_tenancy_enterprise_change();

-- A lease alters the days from its start; a renewal also alters the day the renewed lease ended.
create function insight_tenancy_lease_change() returns trigger language plpgsql as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        insert into insight_tenancy_change (operator_id, from_day)
        select a.operator_id,
               min(least(a.starts_on, (select r.ends_on from lease r where r.id = a.renewed_from)))
        from added a
        group by a.operator_id;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        insert into insight_tenancy_change (operator_id, from_day)
        select b.operator_id,
               min(least(b.starts_on, (select r.ends_on from lease r where r.id = b.renewed_from)))
        from removed b
        group by b.operator_id;
    end if;
    return null;
end $$;

create trigger insight_tenancy_lease_insert after insert on lease referencing new table as added
    for each statement execute function insight_tenancy_lease_change();
create trigger insight_tenancy_lease_update after update on lease referencing old table as removed new table as added
    for each statement execute function insight_tenancy_lease_change();
create trigger insight_tenancy_lease_delete after delete on lease referencing old table as removed
    for each statement execute function insight_tenancy_lease_change();

-- Every operator with members, enterprises or leases is computed once after the upgrade.
insert into insight_tenancy_change (operator_id, from_day)
select id, date '-infinity' from operator;
