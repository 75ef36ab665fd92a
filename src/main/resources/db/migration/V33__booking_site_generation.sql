-- A counter per site that moves whenever anything a site's availability depends on changes: a reservation, a
-- blackout, a holiday, opening hours or a resource. Availability computed for a generation stays true until the
-- counter moves, so a node can keep it and answer from memory after one cheap read.
create table booking_site_generation (
    operator_id bigint not null,
    site_id     bigint not null,
    generation  bigint not null,
    primary key (operator_id, site_id)
);

create function booking_bump_site(p_operator_id bigint, p_site_id bigint) returns void language sql as $$
    insert into booking_site_generation (operator_id, site_id, generation) values (p_operator_id, p_site_id, 1)
    on conflict (operator_id, site_id) do update set generation = booking_site_generation.generation + 1;
$$;

create function booking_bump_by_resource() returns trigger language plpgsql as $$
declare
    row_operator bigint;
    row_resource bigint;
begin
    if tg_op = 'DELETE' then
        row_operator := old.operator_id; row_resource := old.resource_id;
    else
        row_operator := new.operator_id; row_resource := new.resource_id;
    end if;
    perform booking_bump_site(r.operator_id, r.site_id)
    from booking_resource r where r.operator_id = row_operator and r.id = row_resource;
    return null;
end $$;

create function booking_bump_by_site() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform booking_bump_site(old.operator_id, old.site_id);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform booking_bump_site(new.operator_id, new.site_id);
    end if;
    return null;
end $$;

create trigger reservation_bumps_site after insert or update or delete on reservation
    for each row execute function booking_bump_by_resource();
create trigger blackout_bumps_site after insert or update or delete on booking_blackout
    for each row execute function booking_bump_by_resource();
create trigger opening_hours_bump_site after insert or update or delete on booking_opening_hours
    for each row execute function booking_bump_by_resource();
create trigger holiday_bumps_site after insert or update or delete on booking_holiday
    for each row execute function booking_bump_by_site();
create trigger resource_bumps_site after insert or update or delete on booking_resource
    for each row execute function booking_bump_by_site();
